//! What each kind of furniture removal took: the most frequent removed lines per kind, listed by
//! `--dry-run` and kept in `stats.json` (and so in `corpusmill report`), so that a user can audit
//! what the cleaner does on a new site in seconds.

use std::collections::{BTreeMap, HashMap};

/// Distinct removed texts tracked; past this, only texts already seen are counted.
const MAX_TRACKED: usize = 200_000;

/// Counts of removed texts per removal kind.
#[derive(Debug, Default)]
pub struct Samples {
    counts: HashMap<(usize, String), u64>,
}

impl Samples {
    /// Counts one removed text of kind `kind`.
    pub fn add(&mut self, kind: usize, text: String) {
        let key = (kind, text);
        if let Some(n) = self.counts.get_mut(&key) {
            *n += 1;
        } else if self.counts.len() < MAX_TRACKED {
            self.counts.insert(key, 1);
        }
    }

    /// The `n` most frequent texts of each kind (named by `kinds`), most frequent first, ties
    /// in text order.
    pub fn top(&self, kinds: &[String], n: usize) -> BTreeMap<String, Vec<(String, u64)>> {
        let mut by_kind: BTreeMap<String, Vec<(String, u64)>> = BTreeMap::new();
        for ((kind, text), count) in &self.counts {
            let name = kinds
                .get(*kind)
                .cloned()
                .unwrap_or_else(|| format!("kind{kind}"));
            by_kind
                .entry(name)
                .or_default()
                .push((text.clone(), *count));
        }
        for list in by_kind.values_mut() {
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            list.truncate(n);
        }
        by_kind
    }
}

impl Samples {
    /// Serializes the `keep` most frequent texts of each kind for a resume checkpoint, in a
    /// fixed order: enough to give [`Samples::top`] of up to `keep` per kind again.
    pub fn save(&self, keep: usize, w: &mut dyn std::io::Write) -> std::io::Result<()> {
        let mut kept: Vec<(usize, &str, u64)> = Vec::new();
        let mut by_kind: BTreeMap<usize, Vec<(&str, u64)>> = BTreeMap::new();
        for ((kind, text), &n) in &self.counts {
            by_kind.entry(*kind).or_default().push((text, n));
        }
        for (kind, mut list) in by_kind {
            list.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(b.0)));
            kept.extend(list.into_iter().take(keep).map(|(t, n)| (kind, t, n)));
        }
        w.write_all(&(kept.len() as u64).to_le_bytes())?;
        for (kind, text, n) in kept {
            for v in [kind as u64, n, text.len() as u64] {
                w.write_all(&v.to_le_bytes())?;
            }
            w.write_all(text.as_bytes())?;
        }
        Ok(())
    }

    pub fn load(r: &mut dyn std::io::Read) -> std::io::Result<Samples> {
        use crate::base::codec::read_u64;
        let bad =
            |what: &str| std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string());
        let n = read_u64(r)?;
        let mut counts = HashMap::new();
        for _ in 0..n {
            let kind = usize::try_from(read_u64(r)?).map_err(|_| bad("kind"))?;
            let count = read_u64(r)?;
            let len = usize::try_from(read_u64(r)?).map_err(|_| bad("length"))?;
            let mut text = vec![0; len.min(1 << 20)];
            if text.len() != len {
                return Err(bad("a furniture sample longer than 1 MiB"));
            }
            r.read_exact(&mut text)?;
            let text = String::from_utf8(text).map_err(|_| bad("a sample not in UTF-8"))?;
            counts.insert((kind, text), count);
        }
        Ok(Samples { counts })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn most_frequent_texts_per_kind() {
        let mut s = Samples::default();
        for (kind, text) in [
            (0, "Фото: ТАСС"),
            (0, "Фото: ТАСС"),
            (0, "Фото: РИА"),
            (1, "Тектеш"),
        ] {
            s.add(kind, text.to_string());
        }
        let kinds = vec!["credit".to_string(), "read_also".to_string()];
        let top = s.top(&kinds, 1);
        assert_eq!(top["credit"], vec![("Фото: ТАСС".to_string(), 2)]);
        assert_eq!(top["read_also"], vec![("Тектеш".to_string(), 1)]);
    }

    #[test]
    fn saved_samples_give_the_same_top_lists() {
        let mut s = Samples::default();
        for i in 0..30u32 {
            for _ in 0..=i % 7 {
                s.add((i % 3) as usize, format!("line {i}"));
            }
        }
        let kinds: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        let mut bytes = Vec::new();
        s.save(5, &mut bytes).expect("writing to a Vec");
        let loaded = Samples::load(&mut bytes.as_slice()).expect("reading back");
        assert_eq!(loaded.top(&kinds, 5), s.top(&kinds, 5));
        assert_eq!(loaded.top(&kinds, 3), s.top(&kinds, 3));
    }
}
