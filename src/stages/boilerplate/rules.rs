//! Phrase rules for site furniture the repetition counts cannot see (first builds, small corpora,
//! furniture that varies per article). The rules are data: `rules/*.txt`, see `rules/README.md`.
//!
//! One automaton holds every distinct pattern, and a line is searched once, lowercased. Whole
//! lines of at most [`MAX_RULE_LINE_CHARS`] are judged by [`Rules::judge`]; inside longer lines,
//! and inside lines a scraper glued together from several paragraphs, [`Rules::hits`] gives the
//! places where patterns start a word, and the cleaner decides from each rule's match kind how
//! much of the line around a hit is furniture.

use aho_corasick::{AhoCorasick, AhoCorasickKind};

/// How a rule's pattern is matched against a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Match {
    Prefix,
    Contains,
    Exact,
    Marker,
    /// A short caption-like line that starts with the pattern: a credit without a colon
    /// ("Фото пресс-службы Акорды").
    Byline,
    /// A short line without sentence punctuation that contains the pattern: a label or counter.
    Label,
    /// A one-sentence paragraph that opens with the pattern ("Мы сообщали, что …").
    Opens,
    /// A one-sentence paragraph that closes with the pattern ("… týraly jazǵan edik.").
    Closes,
    /// The document's last sentence, when it holds the pattern and reports no proposition: a
    /// link to another story ("Ранее МИД сделал заявление по ситуации в регионе.").
    Ending,
}

#[derive(Debug, Clone)]
pub struct Rule {
    pub kind: usize,
    pub how: Match,
    pattern: String,
    /// A second pattern the line must also contain ("(@" for an embed's byline).
    pub requires: Option<String>,
    /// Language of the rule file, for sentence checks ("" for the common file).
    pub lang: &'static str,
}

const PREFIX_MAX_CHARS: usize = 200;
/// No whole-line rule can match a longer line: prefixes and headlines stop at 200 characters,
/// markers add their own length to that.
pub const MAX_RULE_LINE_CHARS: usize = 240;
const CONTAINS_MAX_CHARS: usize = 160;
const HEADLINE_MAX_CHARS: usize = 200;
/// Credits and labels are short: a name, an agency, a count.
pub const BYLINE_MAX_CHARS: usize = 100;
const BYLINE_MAX_WORDS: usize = 12;
const LABEL_MAX_CHARS: usize = 60;
const HANDLE_BYLINE_MAX_CHARS: usize = 160;

/// Where the rule files are in the source tree. They are compiled in, so a broken one is a
/// defect of the build, and a developer needs the file and line to fix it.
pub const RULES_DIR: &str = "src/stages/boilerplate/rules";

/// Why the compiled-in rule files cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RulesError {
    #[error("{RULES_DIR}/{file}:{line}: broken furniture rule file: {problem}")]
    Line {
        file: &'static str,
        line: usize,
        problem: &'static str,
    },
    #[error("{RULES_DIR}: the furniture rule files' patterns cannot be compiled: {0}")]
    Patterns(String),
}

impl From<RulesError> for crate::base::error::Error {
    fn from(e: RulesError) -> Self {
        crate::base::error::Error::Rules(e.to_string())
    }
}

/// A rule file: its name in [`RULES_DIR`], its language ("" for all) and its text.
type RuleFile = (&'static str, &'static str, &'static str);

const RULE_FILES: [RuleFile; 6] = [
    ("common.txt", "", include_str!("rules/common.txt")),
    ("en.txt", "en", include_str!("rules/en.txt")),
    ("kk.txt", "kk", include_str!("rules/kk.txt")),
    ("ky.txt", "ky", include_str!("rules/ky.txt")),
    ("ru.txt", "ru", include_str!("rules/ru.txt")),
    ("uz.txt", "uz", include_str!("rules/uz.txt")),
];

/// What the rules decide for one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineVerdict {
    Keep,
    /// Remove this line, counted under the rule's kind (an index into [`Rules::kinds`]).
    Remove(usize),
    /// Remove this line and the related headlines after it.
    RemoveWithNext(usize),
    /// Remove this line if it is one sentence (rule index): pointers to the site's archive.
    IfOneSentence(usize),
    /// Remove this line if it is one sentence and the document's last line (rule index).
    IfLastSentence(usize),
}

/// A pattern found inside a line as written: rule index and byte range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    pub rule: usize,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone)]
pub struct Rules {
    rules: Vec<Rule>,
    kinds: Vec<String>,
    /// All distinct lowercase patterns, so a line is scanned once whatever the number of rules;
    /// pattern `i` of the automaton is the pattern of rules `searched[i]` (several files may
    /// list one pattern).
    automaton: AhoCorasick,
    searched: Vec<Vec<usize>>,
    /// Exact patterns to their rule.
    exact: std::collections::HashMap<String, usize>,
}

/// The index of `kind` in `kinds`, added if new.
pub(super) fn intern(kind: &str, kinds: &mut Vec<String>) -> usize {
    match kinds.iter().position(|k| k == kind) {
        Some(i) => i,
        None => {
            kinds.push(kind.to_string());
            kinds.len() - 1
        }
    }
}

fn parse_match(how: &str) -> Option<Match> {
    Some(match how {
        "prefix" => Match::Prefix,
        "contains" => Match::Contains,
        "exact" => Match::Exact,
        "marker" => Match::Marker,
        "byline" => Match::Byline,
        "label" => Match::Label,
        "opens" => Match::Opens,
        "closes" => Match::Closes,
        "ending" => Match::Ending,
        _ => return None,
    })
}

/// One rule line: `kind<TAB>match<TAB>pattern[<TAB>requires]`.
fn parse_line(
    line: &str,
    lang: &'static str,
    kinds: &mut Vec<String>,
) -> Result<Rule, &'static str> {
    let mut parts = line.split('\t');
    let (Some(kind), Some(how), Some(pattern), requires, None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return Err("expected kind<TAB>match<TAB>pattern[<TAB>requires]");
    };
    let how = parse_match(how).ok_or("unknown match")?;
    if pattern.trim().is_empty() {
        return Err("empty pattern");
    }
    Ok(Rule {
        kind: intern(kind, kinds),
        how,
        pattern: pattern.to_lowercase(),
        requires: requires.map(str::to_lowercase),
        lang,
    })
}

impl Rules {
    /// The rules shipped in `rules/`. A malformed line is reported, not skipped, so a typo in a
    /// data file fails the unit tests instead of silently disabling a rule. Kazakh rules are
    /// also added in their Latin spellings and in the Arabic script. Built once per process (the automata take a moment);
    /// copies share them.
    pub fn builtin() -> Result<Rules, RulesError> {
        static BUILTIN: std::sync::OnceLock<Result<Rules, RulesError>> = std::sync::OnceLock::new();
        BUILTIN.get_or_init(|| Rules::parse(&RULE_FILES)).clone()
    }

    fn parse(files: &[RuleFile]) -> Result<Rules, RulesError> {
        let mut rules = Vec::new();
        let mut kinds = Vec::new();
        for &(file, lang, text) in files {
            for (n, line) in text.lines().enumerate() {
                if line.trim().is_empty() || line.starts_with('#') {
                    continue;
                }
                let rule =
                    parse_line(line, lang, &mut kinds).map_err(|problem| RulesError::Line {
                        file,
                        line: n + 1,
                        problem,
                    })?;
                if lang == "kk" {
                    let latin = crate::base::translit::kazakh_latin_variants(&rule.pattern);
                    let arabic = crate::base::translit::kazakh_arabic_variants(&rule.pattern);
                    for pattern in latin.into_iter().chain(arabic) {
                        let requires = rule.requires.clone();
                        rules.push(Rule {
                            pattern,
                            requires,
                            ..rule.clone()
                        });
                    }
                }
                rules.push(rule);
            }
        }
        Rules::index(rules, kinds)
    }

    fn index(rules: Vec<Rule>, kinds: Vec<String>) -> Result<Rules, RulesError> {
        let mut searched: Vec<Vec<usize>> = Vec::new();
        let mut patterns: Vec<&str> = Vec::new();
        let mut position = std::collections::HashMap::new();
        let mut exact = std::collections::HashMap::new();
        for (i, rule) in rules.iter().enumerate() {
            if rule.how == Match::Exact {
                exact.entry(rule.pattern.clone()).or_insert(i);
            }
            let at = *position.entry(rule.pattern.as_str()).or_insert_with(|| {
                patterns.push(rule.pattern.as_str());
                searched.push(Vec::new());
                patterns.len() - 1
            });
            searched[at].push(i);
        }
        // A full DFA: a few hundred short patterns make a small table, and overlapping search
        // over the default NFA cost several times more per byte on every short line.
        let automaton = AhoCorasick::builder()
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| RulesError::Patterns(e.to_string()))?;
        Ok(Rules {
            rules,
            kinds,
            automaton,
            searched,
            exact,
        })
    }

    /// Names of the rule kinds, indexed by the numbers in a `LineVerdict`.
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    pub fn rule(&self, i: usize) -> &Rule {
        &self.rules[i]
    }

    /// Judges one line (already normalized and trimmed) of `chars` characters. `lower` is its
    /// lowercase form. When several rules match, the first in file order decides. Also says
    /// whether any pattern occurs past the line's start, where furniture may sit inside it.
    pub fn judge(&self, lower: &str, chars: usize) -> (LineVerdict, bool) {
        let mut best: Option<(usize, LineVerdict)> = None;
        let mut consider = |i: usize, verdict: LineVerdict| {
            if best.is_none_or(|(b, _)| i < b) {
                best = Some((i, verdict));
            }
        };
        if let Some(&i) = self.exact.get(strip_trailing_punct(lower)) {
            consider(i, LineVerdict::Remove(self.rules[i].kind));
        }
        let mut inner = false;
        for m in self.automaton.find_overlapping_iter(lower) {
            inner |= m.start() > 0;
            for &i in self
                .searched
                .get(m.pattern().as_usize())
                .into_iter()
                .flatten()
            {
                if self.rules[i].how == Match::Exact {
                    continue;
                }
                if let Some(verdict) = self.check(i, chars, lower, m.start(), m.end()) {
                    consider(i, verdict);
                }
            }
        }
        (best.map_or(LineVerdict::Keep, |(_, v)| v), inner)
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
        if rule.requires.as_ref().is_some_and(|r| !lower.contains(r)) {
            return None;
        }
        let hit = match rule.how {
            Match::Prefix => start == 0 && chars <= PREFIX_MAX_CHARS,
            Match::Contains => chars <= CONTAINS_MAX_CHARS,
            Match::Exact => false,
            Match::Marker if start == 0 => {
                let rest = marker_rest(&lower[end..]);
                if rest.is_empty() {
                    return Some(LineVerdict::RemoveWithNext(rule.kind));
                }
                // "Читайте также: <headline>" on one line; a real sentence that merely starts
                // with the phrase ends with punctuation and stays.
                is_headline(rest)
            }
            Match::Marker => false,
            Match::Byline => start == 0 && self.byline(i, lower, chars),
            Match::Label => chars <= LABEL_MAX_CHARS && is_caption(lower),
            Match::Opens => {
                return (start == 0).then_some(LineVerdict::IfOneSentence(i));
            }
            Match::Closes => {
                return closes_at(lower, end).then_some(LineVerdict::IfOneSentence(i));
            }
            Match::Ending => {
                return reports_nothing(lower).then_some(LineVerdict::IfLastSentence(i));
            }
        };
        hit.then_some(LineVerdict::Remove(rule.kind))
    }

    /// Patterns found in a line, where a word starts in `line` (or where a capital follows a
    /// lowercase letter, as when a scraper glues paragraphs), the longest of those starting at
    /// one place, not overlapping, in order. `lower` is the line's lowercase, of the same
    /// length; each hit names every rule with its pattern.
    pub fn hits(&self, line: &str, lower: &str) -> Vec<Hit> {
        let mut found: Vec<(usize, usize, usize)> = self
            .automaton
            .find_overlapping_iter(lower)
            .filter(|m| starts_word(line, m.start()))
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
            .collect();
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
        let mut out = Vec::new();
        let mut taken = 0;
        for (start, end, pattern) in found {
            if start < taken {
                continue;
            }
            taken = end;
            for &rule in self.searched.get(pattern).into_iter().flatten() {
                out.push(Hit { rule, start, end });
            }
        }
        out
    }

    /// Whether `text` (lowercase, `chars` long) is a byline for rule `i`. A byline that must
    /// also hold a handle ("(@name)") is evidence enough to be longer: names, a date, a time.
    pub fn byline(&self, i: usize, lower: &str, chars: usize) -> bool {
        match &self.rules[i].requires {
            Some(r) => lower.contains(r.as_str()) && chars <= HANDLE_BYLINE_MAX_CHARS,
            None => is_byline(lower, chars),
        }
    }

    /// Whether `piece` (lowercase) holds what rule `rule` requires besides its pattern.
    pub fn satisfied(&self, rule: usize, lower_piece: &str) -> bool {
        self.rules[rule]
            .requires
            .as_ref()
            .is_none_or(|r| lower_piece.contains(r.as_str()))
    }

    /// The pattern of rule `i` equals `lower` ignoring trailing punctuation (exact rules).
    pub fn is_exact(&self, i: usize, lower: &str) -> bool {
        self.rules[i].pattern == strip_trailing_punct(lower)
    }
}

/// A pattern found at `start` begins a word: at the start, after a non-letter, as a capital
/// right after a lowercase letter (paragraphs glued without a space: "МальченкоФото"), or
/// where the script changes (link text glued to its sentence: "G7выпустили").
fn starts_word(line: &str, start: usize) -> bool {
    let Some(prev) = line[..start].chars().next_back() else {
        return true;
    };
    if !prev.is_alphanumeric() {
        return true;
    }
    let Some(first) = line[start..].chars().next() else {
        return false;
    };
    prev.is_lowercase() && first.is_uppercase() || is_cyrillic(prev) != is_cyrillic(first)
}

fn is_cyrillic(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c)
}

/// What follows a marker phrase once its colon, dashes and spaces are skipped.
pub fn marker_rest(rest: &str) -> &str {
    rest.trim_start_matches([
        ':', '.', '!', ' ', '-', '–', '—', '»', '>', '■', '•', '|', '/',
    ])
}

/// Whether the pattern ending at `end` closes the line: only closing punctuation, quotes and a
/// trailing link ("… bolatynbyz. https://…") follow it.
pub fn closes_at(lower: &str, end: usize) -> bool {
    let rest = lower[end..].trim();
    let rest = match rest.find("http") {
        Some(url) if !rest[url..].contains(' ') => &rest[..url],
        _ => rest,
    };
    rest.chars()
        .all(|c| matches!(c, '.' | '!' | '…' | '»' | '"' | '”' | ')' | ' '))
}

/// A sentence whose reporting verb has no reported proposition after it: no "что"/"that"
/// clause, no colon, no quotation.
pub fn reports_nothing(lower: &str) -> bool {
    const PROPOSITION: [&str; 8] = [", что", ", чтобы", " that ", ":", "«", "\"", "“", ", деп"];
    !PROPOSITION.iter().any(|p| lower.contains(p))
}

/// A credit: short, few words, no sentence end inside or at the end.
fn is_byline(text: &str, chars: usize) -> bool {
    chars <= BYLINE_MAX_CHARS
        && text.split_whitespace().count() <= BYLINE_MAX_WORDS
        && !super::inline::has_inner_sentence_end(text)
        && !text
            .trim_end_matches(['»', '"', '”', ')', ' '])
            .ends_with(['.', '!', '?', '…'])
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
        match rules.judge(&line.to_lowercase(), line.chars().count()).0 {
            LineVerdict::Keep => ("keep", String::new()),
            LineVerdict::Remove(k) => ("remove", rules.kinds()[k].clone()),
            LineVerdict::RemoveWithNext(k) => ("remove+next", rules.kinds()[k].clone()),
            LineVerdict::IfOneSentence(i) => {
                ("if one sentence", rules.kinds()[rules.rule(i).kind].clone())
            }
            LineVerdict::IfLastSentence(i) => (
                "if last sentence",
                rules.kinds()[rules.rule(i).kind].clone(),
            ),
        }
    }

    fn verdict(what: &'static str, kind: &str) -> (&'static str, String) {
        (what, kind.to_string())
    }

    #[test]
    fn kazakh_rules_match_in_the_arabic_script() {
        // Written in Cyrillic once, matched in töte with either hamza.
        assert_eq!(judge("961 رەت كورسەتىلدى"), verdict("remove", "counter"));
        assert_eq!(
            judge("تاعى دا وقىڭىز:"),
            verdict("remove+next", "read_also")
        );
        assert_eq!(judge("ءسوز باسى"), verdict("keep", ""));
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

    /// Regression (issue 24): a broken rule file was reported as "cannot load the language
    /// model", without saying which file.
    #[test]
    fn broken_rule_file_error_names_the_rule_file() {
        let broken = [(
            "en.txt",
            "en",
            "credit\tprefix\tphoto by\ncredit\tsomewhere\tfoto\n",
        )];
        let Err(err) = Rules::parse(&broken) else {
            panic!("a rule with an unknown match kind was accepted");
        };
        assert_eq!(
            crate::Error::from(err).to_string(),
            "src/stages/boilerplate/rules/en.txt:2: broken furniture rule file: unknown match"
        );
    }

    #[test]
    fn rule_files_dir_is_where_the_rule_files_are() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(RULES_DIR);
        assert!(RULE_FILES.iter().all(|(file, ..)| dir.join(file).is_file()));
    }

    #[test]
    fn malformed_rule_lines_are_reported() {
        let mut kinds = Vec::new();
        assert!(parse_line("credit\tprefix", "ru", &mut kinds).is_err());
        assert!(parse_line("credit\tsomewhere\tфото", "ru", &mut kinds).is_err());
        assert!(parse_line("credit\tprefix\t ", "ru", &mut kinds).is_err());
        assert!(parse_line("embed\tbyline\tпост от\t(@", "ru", &mut kinds).is_ok());
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
    fn credits_without_a_colon_are_short_captions_only() {
        assert_eq!(
            judge("Фото Айгүл Сейітованың жеке мұрағатынан"),
            verdict("remove", "credit")
        );
        assert_eq!(
            judge("Сүрөт Интернеттен алынды"),
            verdict("remove", "credit")
        );
        assert_eq!(
            judge("Foto Aıgúl Seıitovanyń jeke muraǵatynan"),
            verdict("remove", "credit")
        );
        // A sentence that starts with the word is text.
        assert_eq!(
            judge("Фото выставка открылась в музее в субботу.").0,
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
        assert_eq!(judge("Тектеш"), verdict("remove+next", "read_also"));
        assert_eq!(
            judge("Taǵy da oqyńyz:"),
            verdict("remove+next", "read_also")
        );
        assert_eq!(
            judge("Читайте также: В Астане открылся новый парк"),
            verdict("remove", "read_also")
        );
        // A sentence that starts like a marker but is body text stays.
        assert_eq!(judge("По теме доклада выступили пять экспертов.").0, "keep");
    }

    #[test]
    fn archive_pointers_in_every_spelling_need_one_sentence() {
        for line in [
            "Бұған дейін облыста жаңа мектеп ашылатынын жазған едік.",
            "Buǵan deıin oblysta jańa mektep ashylatynyn jazǵan edik.",
            "Bug'an dei'in oblysta jan'a mektep as'ylatynyn jazg'an edik.",
            "Bugan deiin oblysta jana mektep ashylatynyn habarlagan bolatynbyz.",
            "Мы сообщали, что в городе открылся новый парк.",
            "Буга чейин шаарда жаңы мектеп ачыларын кабарлаган элек.",
        ] {
            assert_eq!(judge(line), verdict("if one sentence", "archive"), "{line}");
        }
        assert_eq!(
            judge("Мы сообщили об этом в полицию, сказала она.").0,
            "keep"
        );
    }

    #[test]
    fn labels_and_counters_are_short_lines_without_punctuation() {
        assert_eq!(judge("Партнерский материал"), verdict("remove", "partner"));
        assert_eq!(judge("Жарнама"), verdict("remove", "partner"));
        assert_eq!(judge("Оқылды: 20"), verdict("remove", "counter"));
        assert_eq!(judge("1 250 рет көрсетілді"), verdict("remove", "counter"));
        assert_eq!(judge("Бұл бейнежазба 100 мың рет көрсетілді.").0, "keep");
    }

    #[test]
    fn social_embeds() {
        assert_eq!(
            judge("Посмотреть эту публикацию в Instagram"),
            verdict("remove", "embed")
        );
        assert_eq!(
            judge("Публикация от Ерлан Сапаров (@erlan_s) 3 Мар 2021 в 5:10 PST"),
            verdict("remove", "embed")
        );
        assert_eq!(judge("Публикация от 5 мая вызвала споры").0, "keep");
        assert_eq!(
            judge("Wildfire season starts early this year pic.twitter.com/AbCdEf123"),
            verdict("remove", "embed")
        );
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

    #[test]
    fn hits_are_found_where_words_start() {
        let rules = Rules::builtin().unwrap();
        let line =
            "Продает валенки.Фото Алексея ПетроваНо рядом ЧИТАЙТЕ ТАКЖЕ: фотоаппарат, фотовидео";
        let lower = crate::base::chars::lowercase(line);
        let mut found: Vec<&str> = rules
            .hits(line, &lower)
            .iter()
            .map(|h| &line[h.start..h.end])
            .collect();
        found.dedup();
        assert_eq!(found, ["Фото ", "ЧИТАЙТЕ ТАКЖЕ"]);
    }
}
