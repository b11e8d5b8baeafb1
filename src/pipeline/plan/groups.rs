//! A planned build's dedup, in parts. Dedup task `p` groups the texts whose hash falls in part
//! `p` (a [`Groups`]) and hands each document's [`Fact`] to the write task that writes it,
//! and the node of each document of a near-duplicate pair to every write task. A write task
//! joins the near tasks' pairs into clusters ([`Near`]) and decides on its documents
//! ([`decide`]). The decisions are those `building::Resolver` makes walking the whole corpus
//! in input order, which a property test holds them to; no task holds every text's group.

use std::collections::{HashMap, HashSet};

use crate::base::doc::DropReason;
use crate::pipeline::handoff::{Copy, Decision, Fact, Joined, Paired, RootOf};
use crate::pipeline::previous::{ANCHOR_BASE, Anchors, Previous};
use crate::stages::dedup::{Digest, DigestMap};

/// Where the nodes of this build's texts start. Anchor `i` of the previous release is node
/// `i`, a text first seen in document `o` is node `DOC_NODE + o`: the nodes are in the order
/// `build` numbers distinct texts in, so a cluster's smallest node is the root it picks.
pub(super) const DOC_NODE: u64 = 1 << 62;

/// The part of `parts` the text with this hash is grouped in: from bytes the part's hash
/// table does not use (`DigestHasher` takes the first 8), or with `parts` a power of two every
/// key of a part would fall in a fraction of the table's buckets.
pub(super) fn part_of(hash: &Digest, parts: u64) -> u64 {
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&hash[8..16]);
    u64::from_le_bytes(bytes) % parts.max(1)
}

/// A text's group: its node, its kept copy (an ordinal, or an anchor's `ANCHOR_BASE + i`),
/// and its copies in this build.
struct Group {
    node: u64,
    kept: u64,
    count: u32,
}

/// The groups of one part's texts: the previous release's anchors, then this build's
/// documents in input order ([`Groups::observe`]); then, in input order again, each
/// document's fact ([`Groups::fact`]).
pub(super) struct Groups {
    part: (u64, u64),
    groups: DigestMap<Group>,
    /// Documents with an old id that claimed their text, by ordinal, with the id.
    claimed: HashMap<u64, String>,
    /// The documents and anchors of near-duplicate pairs.
    ends: HashSet<u64>,
    /// This part's anchors among `ends`.
    anchor_ends: Vec<(u64, Digest)>,
    /// Second walk: the ids of kept copies whose later copies are still to come, with how many.
    pending: HashMap<u64, (String, u32)>,
}

impl Groups {
    /// Part `part.0` of `part.1`; `pairs` are every near task's.
    pub fn new(part: (u64, u64), pairs: &[Joined]) -> Groups {
        Groups {
            part,
            groups: DigestMap::default(),
            claimed: HashMap::new(),
            ends: pairs.iter().flat_map(|p| [p.later, p.earlier]).collect(),
            anchor_ends: Vec::new(),
            pending: HashMap::new(),
        }
    }

    pub fn owns(&self, hash: &Digest) -> bool {
        part_of(hash, self.part.1) == self.part.0
    }

    /// First walk, in input order: a document with text. A document whose id the previous
    /// release holds claims its text, unless another did first.
    pub fn observe(&mut self, ordinal: u64, hash: &Digest, id: &str, previous: Option<&Previous>) {
        if !self.owns(hash) {
            return;
        }
        let group = self.groups.entry(*hash).or_insert(Group {
            node: DOC_NODE + ordinal,
            kept: ordinal,
            count: 0,
        });
        group.count = group.count.saturating_add(1);
        let old = previous.is_some_and(|p| p.by_id.contains_key(id));
        if old && !self.claimed.contains_key(&group.kept) {
            group.kept = ordinal;
            self.claimed.insert(ordinal, id.to_string());
        }
    }

    /// Second walk, in input order: what decides on a document this part owns. Call
    /// [`Groups::paired`] for it first.
    pub fn fact(
        &mut self,
        ordinal: u64,
        hash: &Digest,
        id: &str,
        previous: Option<&Previous>,
    ) -> Option<Fact> {
        let group = self.groups.get(hash)?;
        let (node, kept, count) = (group.node, group.kept, group.count);
        let copy = if kept == ordinal {
            let old = previous.and_then(|p| p.anchor_of_id(id));
            if !self.claimed.contains_key(&ordinal) && count > 1 {
                self.pending.insert(ordinal, (id.to_string(), count - 1));
            }
            Copy::Kept {
                old: old.map(|(anchor, a)| (anchor, a.cluster_key)),
            }
        } else if let Some(by) = self.claimed.get(&kept) {
            Copy::OfOld { id: by.clone() }
        } else if let Some((_, anchor)) = previous.and_then(|p| p.anchor_at(kept)) {
            Copy::OfOld {
                id: anchor.id.clone(),
            }
        } else {
            Copy::Later {
                kept: self.take(kept),
            }
        };
        Some(Fact {
            ordinal,
            node,
            count,
            copy,
        })
    }

    /// The id of kept copy `kept`, for one of its later copies.
    fn take(&mut self, kept: u64) -> Option<String> {
        let (id, left) = self.pending.get_mut(&kept)?;
        *left -= 1;
        match *left {
            0 => self.pending.remove(&kept).map(|(id, _)| id),
            _ => Some(id.clone()),
        }
    }

    /// The node of a document this part owns, when it is in a near-duplicate pair. Call it
    /// before [`Groups::fact`] on the document.
    pub fn paired(
        &self,
        ordinal: u64,
        hash: &Digest,
        id: &str,
        previous: Option<&Previous>,
    ) -> Option<Paired> {
        if !self.ends.contains(&ordinal) {
            return None;
        }
        let group = self.groups.get(hash)?;
        let root = match previous.and_then(|p| anchor_root(p, group.node)) {
            Some(root) => root,
            None => RootOf::Text {
                kept: self.kept_id(group, ordinal, id),
            },
        };
        Some(Paired {
            end: ordinal,
            node: group.node,
            hash: *hash,
            root,
        })
    }

    /// The id of the kept copy of a text of this build, from document `ordinal` (with `id`):
    /// `None` when a document with an old id claimed it.
    fn kept_id(&self, group: &Group, ordinal: u64, id: &str) -> Option<String> {
        if self.claimed.contains_key(&group.kept) {
            None
        } else if group.kept == ordinal {
            Some(id.to_string())
        } else {
            self.pending.get(&group.kept).map(|(id, _)| id.clone())
        }
    }

    /// The nodes of this part's anchors in near-duplicate pairs, once the anchors are loaded.
    pub fn anchor_pairs(&self, previous: &Previous) -> Vec<Paired> {
        let paired = |&(end, hash): &(u64, Digest)| {
            // An anchor's text is new when it is loaded: it is its own node.
            let node = end - ANCHOR_BASE;
            Some(Paired {
                end,
                node,
                hash,
                root: anchor_root(previous, node)?,
            })
        };
        self.anchor_ends.iter().filter_map(paired).collect()
    }
}

/// What the documents of a cluster whose root is node `node` point to, when it is an anchor.
fn anchor_root(previous: &Previous, node: u64) -> Option<RootOf> {
    let index = usize::try_from(node).ok().filter(|_| node < DOC_NODE)?;
    let a = previous.anchors.get(index)?;
    Some(RootOf::Anchor {
        id: a.id.clone(),
        key: a.cluster_key,
    })
}

impl Anchors for Groups {
    fn anchor(&mut self, hash: Digest, ordinal: u64, _: Vec<u32>) -> Option<u32> {
        let index = ordinal.checked_sub(ANCHOR_BASE)?;
        if self.owns(&hash) {
            self.groups.entry(hash).or_insert(Group {
                node: index,
                kept: ordinal,
                count: 0,
            });
            if self.ends.contains(&ordinal) {
                self.anchor_ends.push((ordinal, hash));
            }
        }
        u32::try_from(index).ok()
    }
}

/// A near-duplicate cluster of more than one text.
#[derive(Debug)]
struct Cluster {
    root: u64,
    size: u32,
    key: Digest,
    root_of: RootOf,
}

/// The near-duplicate clusters, joined from the near tasks' pairs and the dedup tasks' nodes
/// of their documents: the smallest node of each is its root, its smallest hash its key.
#[derive(Debug, Default)]
pub(super) struct Near {
    of: HashMap<u64, usize>,
    clusters: Vec<Cluster>,
}

impl Near {
    /// Fails with the ordinal of a document of `pairs` no dedup task named.
    pub fn new(paired: Vec<Paired>, pairs: &[Joined]) -> Result<Near, u64> {
        let ends: HashMap<u64, &Paired> = paired.iter().map(|p| (p.end, p)).collect();
        let mut nodes = Nodes::default();
        for pair in pairs {
            let node = |end: u64| ends.get(&end).copied().ok_or(end);
            let (a, b) = (node(pair.later)?, node(pair.earlier)?);
            nodes.join(a, b);
        }
        Ok(nodes.clusters())
    }

    /// (root, size, key) of the text with this node and hash, and its root's.
    fn of(&self, node: u64, hash: &Digest) -> (u64, u32, Digest, Option<&RootOf>) {
        match self.of.get(&node).and_then(|&c| self.clusters.get(c)) {
            Some(c) => (c.root, c.size, c.key, Some(&c.root_of)),
            None => (node, 1, *hash, None),
        }
    }
}

/// Union–find over the nodes of the pairs, the smaller node the root.
#[derive(Default)]
struct Nodes<'p> {
    index: HashMap<u64, usize>,
    members: Vec<&'p Paired>,
    parent: Vec<usize>,
}

impl<'p> Nodes<'p> {
    fn add(&mut self, p: &'p Paired) -> usize {
        let next = self.members.len();
        let i = *self.index.entry(p.node).or_insert(next);
        if i == next {
            self.members.push(p);
            self.parent.push(i);
        }
        i
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            let grand = self.parent[self.parent[x]];
            self.parent[x] = grand;
            x = grand;
        }
        x
    }

    fn join(&mut self, a: &'p Paired, b: &'p Paired) {
        let (a, b) = (self.add(a), self.add(b));
        let (ra, rb) = (self.find(a), self.find(b));
        let (root, child) = match self.members[ra].node < self.members[rb].node {
            true => (ra, rb),
            false => (rb, ra),
        };
        self.parent[child] = root;
    }

    fn clusters(mut self) -> Near {
        let mut near = Near::default();
        let mut cluster_of: HashMap<usize, usize> = HashMap::new();
        for i in 0..self.members.len() {
            let root = self.find(i);
            let c = *cluster_of.entry(root).or_insert_with(|| {
                let r = self.members[root];
                near.clusters.push(Cluster {
                    root: r.node,
                    size: 0,
                    key: r.hash,
                    root_of: r.root.clone(),
                });
                near.clusters.len() - 1
            });
            let cluster = &mut near.clusters[c];
            cluster.size += 1;
            cluster.key = cluster.key.min(self.members[i].hash);
            near.of.insert(self.members[i].node, c);
        }
        near
    }
}

/// How a write task decides: the clusters, whether near-duplicates are removed, and whether
/// the documents built again unchanged are left out (`--only-new`).
pub(super) struct Rules<'n> {
    pub near: &'n Near,
    pub remove_near: bool,
    pub only_new: bool,
}

/// The decision on a document with content hash `hash`, from its fact.
pub(super) fn decide(fact: &Fact, hash: &Digest, rules: &Rules) -> Decision {
    match &fact.copy {
        Copy::OfOld { id } => Decision::Drop {
            reason: DropReason::Duplicate,
            duplicate_of: Some(id.clone()),
            previous: true,
        },
        Copy::Later { kept } => Decision::Drop {
            reason: DropReason::Duplicate,
            duplicate_of: kept
                .as_deref()
                .and_then(|k| named(k, fact.node, hash, rules)),
            previous: false,
        },
        Copy::Kept { old } => kept(fact, *old, hash, rules),
    }
}

/// The id the later copies of kept document `kept` name: its own, or the one its text's
/// near-duplicate cluster keeps when it is removed.
fn named(kept: &str, node: u64, hash: &Digest, rules: &Rules) -> Option<String> {
    let (root, _, _, root_of) = rules.near.of(node, hash);
    match root_of {
        Some(RootOf::Anchor { id, .. }) if rules.remove_near => Some(id.clone()),
        Some(RootOf::Text { kept: root_kept }) if root != node && rules.remove_near => {
            root_kept.clone()
        }
        _ => Some(kept.to_string()),
    }
}

fn kept(fact: &Fact, old: Option<(u32, Digest)>, hash: &Digest, rules: &Rules) -> Decision {
    let (root, size, key, root_of) = rules.near.of(fact.node, hash);
    let keep = |cluster_key| Decision::Keep {
        dup_count: fact.count,
        cluster_key,
        cluster_size: size,
    };
    if let Some((anchor, old_key)) = old {
        // An old document built again: dropped with `--only-new`; else, like one whose text
        // was revised, kept with its old cluster key, so in its old split.
        if u64::from(anchor) == fact.node && rules.only_new {
            return Decision::Drop {
                reason: DropReason::InPrevious,
                duplicate_of: None,
                previous: true,
            };
        }
        return keep(old_key);
    }
    match root_of {
        Some(RootOf::Anchor { id: old_id, .. }) if rules.remove_near => Decision::Drop {
            reason: DropReason::NearDuplicate,
            duplicate_of: Some(old_id.clone()),
            previous: true,
        },
        Some(RootOf::Anchor { key, .. }) => keep(*key),
        Some(RootOf::Text { kept }) if root != fact.node && rules.remove_near => Decision::Drop {
            reason: DropReason::NearDuplicate,
            duplicate_of: kept.clone(),
            previous: false,
        },
        _ => keep(key),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::building::Resolver;
    use crate::pipeline::hashing::Grouping;
    use crate::pipeline::previous::{OldDoc, Seeding};
    use crate::release::manifest::Lineage;
    use crate::stages::boilerplate::Samples;
    use proptest::prelude::*;

    /// A corpus for the laws below: the previous release's documents (id, text), this build's
    /// (id, text), near-duplicate pairs between nodes (anchors first, then documents), and the
    /// modes. Texts are drawn from a small pool, so copies, claims and clusters are common.
    #[derive(Debug, Clone)]
    struct Corpus {
        old: Vec<(usize, usize)>,
        docs: Vec<(usize, usize)>,
        pairs: Vec<(usize, usize)>,
        remove_near: bool,
        only_new: bool,
    }

    fn text(i: usize) -> Digest {
        let mut hash = [0u8; 32];
        hash[..8].copy_from_slice(&(i as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15).to_le_bytes());
        hash[31] = i as u8;
        hash
    }

    fn doc_id(i: usize) -> String {
        // Ids below 4 are the previous release's.
        match i < 4 {
            true => format!("old-{i}"),
            false => format!("new-{i}"),
        }
    }

    /// The previous release, its anchors fed to `into`.
    fn previous(corpus: &Corpus, into: &mut dyn Anchors) -> Option<Previous> {
        if corpus.old.is_empty() {
            return None;
        }
        let mut previous = Previous {
            dir: "prev".into(),
            lineage: Lineage {
                version: None,
                manifest_sha256: String::new(),
            },
            anchors: Vec::new(),
            by_id: HashMap::new(),
            only_new: corpus.only_new,
            documents: Vec::new(),
        };
        let mut seen = HashMap::new();
        for &(id, t) in &corpus.old {
            let key = format!("{:064x}", t + 1000);
            let old = OldDoc {
                id: &doc_id(id),
                hash: text(t),
                cluster: &key,
            };
            let seeding = Seeding {
                anchors: &mut *into,
                hasher: None,
            };
            previous
                .add(old, Vec::new(), &mut seen, Some(&mut { seeding }))
                .ok()?;
        }
        Some(previous)
    }

    /// The pairs as the near tasks name them: an anchor by `ANCHOR_BASE` plus its index.
    fn joined(corpus: &Corpus, anchors: usize) -> Vec<Joined> {
        let end = |n: usize| match n < anchors {
            true => ANCHOR_BASE + n as u64,
            false => (n - anchors) as u64,
        };
        let nodes = anchors + corpus.docs.len();
        corpus
            .pairs
            .iter()
            .filter(|(a, b)| *a < nodes && *b < nodes)
            .map(|&(a, b)| Joined {
                later: end(a.max(b)),
                earlier: end(a.min(b)),
            })
            .collect()
    }

    /// What `build` decides: one grouping over the whole corpus, and its `Resolver`.
    fn resolved(corpus: &Corpus) -> Vec<Decision> {
        let mut samples = Samples::default();
        let mut grouping = Grouping::joined(&mut samples);
        let mut previous = previous(corpus, &mut grouping);
        if let Some(p) = &mut previous {
            grouping.old_ids = std::mem::take(&mut p.by_id);
        }
        for (ordinal, &(id, t)) in corpus.docs.iter().enumerate() {
            grouping.add(text(t), ordinal as u64, Vec::new(), &doc_id(id));
        }
        let anchors = previous.as_ref().map_or(0, |p| p.anchors.len());
        for pair in joined(corpus, anchors) {
            let distinct = |end: u64| match end.checked_sub(ANCHOR_BASE) {
                Some(anchor) => anchor as u32,
                None => grouping
                    .distinct(&text(corpus.docs[end as usize].1))
                    .unwrap(),
            };
            let (a, b) = (distinct(pair.later), distinct(pair.earlier));
            grouping.join(a, b);
        }
        if let Some(p) = &mut previous {
            p.by_id = std::mem::take(&mut grouping.old_ids);
        }
        let (index, clusters) = grouping.finish();
        let mut resolver =
            Resolver::new((&index, &clusters), corpus.remove_near, previous.as_ref());
        let docs = corpus.docs.iter().enumerate();
        docs.map(|(o, &(id, t))| resolver.decide(o as u64, &text(t), &doc_id(id)))
            .collect()
    }

    /// What a planned build with `parts` dedup tasks decides.
    fn grouped(corpus: &Corpus, parts: u64) -> Vec<Decision> {
        let mut facts: HashMap<u64, Fact> = HashMap::new();
        let mut paired = Vec::new();
        let mut pairs = Vec::new();
        for part in 0..parts {
            let mut groups = Groups::new((part, parts), &[]);
            let previous = previous(corpus, &mut groups);
            let anchors = previous.as_ref().map_or(0, |p| p.anchors.len());
            pairs = joined(corpus, anchors);
            // The pairs are known before the anchors are loaded: start again with them.
            let mut groups = Groups::new((part, parts), &pairs);
            let previous = self::previous(corpus, &mut groups);
            let docs = corpus.docs.iter().enumerate();
            for (o, &(id, t)) in docs.clone() {
                groups.observe(o as u64, &text(t), &doc_id(id), previous.as_ref());
            }
            if let Some(p) = &previous {
                paired.extend(groups.anchor_pairs(p));
            }
            for (o, &(id, t)) in docs {
                let (o, hash, id) = (o as u64, text(t), doc_id(id));
                paired.extend(groups.paired(o, &hash, &id, previous.as_ref()));
                if let Some(fact) = groups.fact(o, &hash, &id, previous.as_ref()) {
                    assert!(facts.insert(o, fact).is_none(), "two parts own {o}");
                }
            }
        }
        let near = Near::new(paired, &pairs).expect("every end named");
        let rules = Rules {
            near: &near,
            remove_near: corpus.remove_near,
            only_new: corpus.only_new,
        };
        let docs = corpus.docs.iter().enumerate();
        docs.map(|(o, &(_, t))| decide(&facts[&(o as u64)], &text(t), &rules))
            .collect()
    }

    fn corpora() -> impl Strategy<Value = Corpus> {
        (
            proptest::collection::vec((0usize..6, 0usize..8), 0..5),
            proptest::collection::vec((0usize..10, 0usize..8), 1..24),
            proptest::collection::vec((0usize..30, 0usize..30), 0..8),
            any::<bool>(),
            any::<bool>(),
        )
            .prop_map(|(old, docs, pairs, remove_near, only_new)| Corpus {
                old,
                docs,
                pairs,
                remove_near,
                only_new,
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// A planned build's dedup tasks, each grouping a part of the texts, and its write
        /// tasks, each deciding on its documents, decide as `build` does, with or without a
        /// previous release, whatever the number of parts.
        #[test]
        fn dedup_in_parts_decides_as_one_resolver_does(corpus in corpora()) {
            let expected = resolved(&corpus);
            for parts in [1, 2, 3, 7] {
                prop_assert_eq!(&grouped(&corpus, parts), &expected, "{} parts", parts);
            }
        }
    }
}
