//! What each kind of furniture removal took, for `--dry-run`: the most frequent removed lines
//! per kind, so that a user can audit what the cleaner does on a new site in seconds.

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
    pub fn add(&mut self, kind: usize, text: &str) {
        if let Some(n) = self.counts.get_mut(&(kind, text.to_string())) {
            *n += 1;
        } else if self.counts.len() < MAX_TRACKED {
            self.counts.insert((kind, text.to_string()), 1);
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
            s.add(kind, text);
        }
        let kinds = vec!["credit".to_string(), "read_also".to_string()];
        let top = s.top(&kinds, 1);
        assert_eq!(top["credit"], vec![("Фото: ТАСС".to_string(), 2)]);
        assert_eq!(top["read_also"], vec![("Тектеш".to_string(), 1)]);
    }
}
