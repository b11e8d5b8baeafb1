//! Line rules for site furniture the repetition counts cannot see (first builds, small corpora,
//! furniture that varies per article). The rules are data: `rules/*.txt`, see `rules/README.md`.

/// How a rule's pattern is matched against a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Match {
    Prefix,
    Contains,
    Exact,
    Marker,
}

#[derive(Debug, Clone)]
struct Rule {
    kind: usize,
    how: Match,
    pattern: String,
}

const PREFIX_MAX_CHARS: usize = 200;
/// No rule can match a longer line: prefixes and headlines stop at 200 characters, markers add
/// their own length to that.
pub const MAX_RULE_LINE_CHARS: usize = 240;
const CONTAINS_MAX_CHARS: usize = 160;
const HEADLINE_MAX_CHARS: usize = 200;

const RULE_FILES: [(&str, &str); 4] = [
    ("common.txt", include_str!("rules/common.txt")),
    ("en.txt", include_str!("rules/en.txt")),
    ("kk.txt", include_str!("rules/kk.txt")),
    ("ru.txt", include_str!("rules/ru.txt")),
];

/// What the rules decide for one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineVerdict {
    Keep,
    /// Remove this line, counted under the rule's kind (an index into [`Rules::kinds`]).
    Remove(usize),
    /// Remove this line and, if it looks like a headline, the next line of its paragraph.
    RemoveWithNext(usize),
}

#[derive(Debug, Clone)]
pub struct Rules {
    rules: Vec<Rule>,
    kinds: Vec<String>,
    /// All prefix, contains and marker patterns, so a line is scanned once whatever the number
    /// of rules; pattern `i` of the automaton is rule `searched[i]`.
    automaton: aho_corasick::AhoCorasick,
    searched: Vec<usize>,
    /// Exact patterns to their rule.
    exact: std::collections::HashMap<String, usize>,
}

/// The index of `kind` in `kinds`, added if new.
fn intern(kind: &str, kinds: &mut Vec<String>) -> usize {
    match kinds.iter().position(|k| k == kind) {
        Some(i) => i,
        None => {
            kinds.push(kind.to_string());
            kinds.len() - 1
        }
    }
}

impl Rules {
    /// The rules shipped in `rules/`. A malformed line is reported, not skipped, so a typo in a
    /// data file fails the unit tests instead of silently disabling a rule.
    pub fn builtin() -> Result<Rules, String> {
        let mut rules = Vec::new();
        let mut kinds = Vec::new();
        for (file, text) in RULE_FILES {
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let mut parts = line.split('\t');
                let (Some(kind), Some(how), Some(pattern), None) =
                    (parts.next(), parts.next(), parts.next(), parts.next())
                else {
                    return Err(format!(
                        "{file}:{}: expected kind<TAB>match<TAB>pattern",
                        n + 1
                    ));
                };
                let how = match how {
                    "prefix" => Match::Prefix,
                    "contains" => Match::Contains,
                    "exact" => Match::Exact,
                    "marker" => Match::Marker,
                    other => return Err(format!("{file}:{}: unknown match `{other}`", n + 1)),
                };
                rules.push(Rule {
                    kind: intern(kind, &mut kinds),
                    how,
                    pattern: pattern.to_lowercase(),
                });
            }
        }
        Rules::index(rules, kinds)
    }

    fn index(rules: Vec<Rule>, kinds: Vec<String>) -> Result<Rules, String> {
        let mut searched = Vec::new();
        let mut patterns = Vec::new();
        let mut exact = std::collections::HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.how == Match::Exact {
                exact.entry(rule.pattern.clone()).or_insert(i);
            } else {
                searched.push(i);
                patterns.push(rule.pattern.as_str());
            }
        }
        // A full DFA: a hundred short patterns make a small table, and overlapping search over
        // the default NFA cost several times more per byte on every short line.
        let automaton = aho_corasick::AhoCorasick::builder()
            .kind(Some(aho_corasick::AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| e.to_string())?;
        Ok(Rules {
            rules,
            kinds,
            automaton,
            searched,
            exact,
        })
    }

    /// Names of the rule kinds, indexed by the numbers in [`LineVerdict`].
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// Judges one line (already normalized and trimmed) of `chars` characters. `lower` is its
    /// lowercase form. When several rules match, the first in file order decides.
    pub fn judge(&self, lower: &str, chars: usize) -> LineVerdict {
        let mut best: Option<(usize, LineVerdict)> = None;
        let mut consider = |i: usize, verdict: LineVerdict| {
            if best.is_none_or(|(b, _)| i < b) {
                best = Some((i, verdict));
            }
        };
        if let Some(&i) = self.exact.get(strip_trailing_punct(lower)) {
            consider(i, LineVerdict::Remove(self.rules[i].kind));
        }
        for m in self.automaton.find_overlapping_iter(lower) {
            let Some(&i) = self.searched.get(m.pattern().as_usize()) else {
                continue;
            };
            if let Some(verdict) = self.check(i, chars, lower, m.start(), m.end()) {
                consider(i, verdict);
            }
        }
        best.map_or(LineVerdict::Keep, |(_, v)| v)
    }

    /// Whether rule `i`, whose pattern occurs at `start..end` of the line, removes it.
    fn check(
        &self,
        i: usize,
        chars: usize,
        lower: &str,
        start: usize,
        end: usize,
    ) -> Option<LineVerdict> {
        let rule = &self.rules[i];
        let hit = match rule.how {
            Match::Prefix => start == 0 && chars <= PREFIX_MAX_CHARS,
            Match::Contains => chars <= CONTAINS_MAX_CHARS,
            Match::Exact => false,
            Match::Marker if start == 0 => {
                let rest =
                    lower[end..].trim_start_matches([':', '.', '!', ' ', '-', '–', '—', '»', '>']);
                if rest.is_empty() {
                    return Some(LineVerdict::RemoveWithNext(rule.kind));
                }
                // "Читайте также: <headline>" on one line; a real sentence that merely starts
                // with the phrase ends with punctuation and stays.
                is_headline(rest)
            }
            Match::Marker => false,
        };
        hit.then_some(LineVerdict::Remove(rule.kind))
    }
}

fn strip_trailing_punct(s: &str) -> &str {
    s.trim_end_matches(|c: char| {
        c.is_ascii_punctuation() || c.is_whitespace() || matches!(c, '…' | '»')
    })
}

/// A short line without final sentence punctuation: a headline, a caption, a link text.
pub fn is_headline(line: &str) -> bool {
    is_caption(line) || {
        // Headlines may ask or exclaim ("…не дейді?"); a statement ends with a full stop.
        let line = line.trim_end_matches(['»', '"', '”', ')', ' ']);
        line.chars().count() <= HEADLINE_MAX_CHARS
            && line.ends_with(['?', '!'])
            && !line[..line.len() - 1].contains(['.', '?', '!'])
    }
}

/// A short line with no final punctuation at all: a caption, a credit, a link text.
pub fn is_caption(line: &str) -> bool {
    let line = line.trim_end_matches(['»', '"', '”', ')', ' ']);
    !line.is_empty()
        && line.chars().count() <= HEADLINE_MAX_CHARS
        && !line.ends_with(['.', '!', '?', '…', ';', ':', ','])
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The verdict with the kind index replaced by its name, for readable assertions.
    fn judge(line: &str) -> (&'static str, String) {
        let Ok(rules) = Rules::builtin() else {
            return ("error", String::new());
        };
        match rules.judge(&line.to_lowercase(), line.chars().count()) {
            LineVerdict::Keep => ("keep", String::new()),
            LineVerdict::Remove(k) => ("remove", rules.kinds()[k].clone()),
            LineVerdict::RemoveWithNext(k) => ("remove+next", rules.kinds()[k].clone()),
        }
    }

    fn verdict(what: &'static str, kind: &str) -> (&'static str, String) {
        (what, kind.to_string())
    }

    #[test]
    fn question_headlines_after_a_marker_are_headlines() {
        assert!(is_headline(
            "Шымкенттің жаңа әкімі туралы тұрғындар не дейді?"
        ));
        assert!(!is_headline("Ол келді. Не дейді?"));
        assert!(!is_caption("Не дейді?"));
    }

    #[test]
    fn rule_files_parse() {
        assert!(Rules::builtin().is_ok_and(|r| r.rules.len() > 50));
    }

    #[test]
    fn photo_credits_and_sources() {
        assert_eq!(judge("Фото: Ақорда"), verdict("remove", "credit"));
        assert_eq!(
            judge("Фото – пресс-служба акимата"),
            verdict("remove", "credit")
        );
        assert_eq!(
            judge("Photo by John Smith / Reuters"),
            verdict("remove", "credit")
        );
        assert_eq!(
            judge("Фотоаппарат сатып алған адамдар көп болды.").0,
            "keep"
        );
    }

    #[test]
    fn read_also_markers_take_the_next_headline() {
        assert_eq!(
            judge("Тағы да оқыңыздар:"),
            verdict("remove+next", "read_also")
        );
        assert_eq!(judge("Читайте также"), verdict("remove+next", "read_also"));
        assert_eq!(
            judge("Читайте также: В Астане открылся новый парк"),
            verdict("remove", "read_also")
        );
        // A sentence that starts like a marker but is body text stays.
        assert_eq!(judge("По теме доклада выступили пять экспертов.").0, "keep");
    }

    #[test]
    fn calls_to_action_and_copyright() {
        assert_eq!(
            judge("Telegram арнамызға жазылыңыз!"),
            verdict("remove", "cta")
        );
        assert_eq!(
            judge("Подписывайтесь на наш Telegram-канал!"),
            verdict("remove", "cta")
        );
        assert_eq!(judge("© Qala News, 2024"), verdict("remove", "copyright"));
        assert_eq!(
            judge("Материалды көшіріп басуға тыйым салынады."),
            verdict("remove", "copyright")
        );
        assert_eq!(
            judge("Президент Telegram арнасында үндеу жариялады.").0,
            "keep"
        );
    }

    #[test]
    fn long_lines_are_never_furniture_by_contains() {
        let long = format!(
            "{} все права защищены.",
            "Очень длинное предложение о праве. ".repeat(8)
        );
        assert_eq!(judge(&long).0, "keep");
    }
}
