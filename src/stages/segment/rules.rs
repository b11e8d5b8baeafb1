//! Per-language rule data: the format of `data/*.txt` and its parser.
//!
//! A data file is a list of sections. `#` starts a comment; a section header
//! is `[name]`; entries are separated by whitespace or newlines and compared
//! case-insensitively, written without their final dot (`т.е`, `млрд`, `Dr`).
//! See `data/README.md` for what each section means.

use std::collections::HashMap;
use std::hash::BuildHasherDefault;

/// Word lists are small and fixed, and lookups never insert, so a fast
/// non-keyed hash (FNV-1a) is safe and keeps per-token lookups cheap.
pub use crate::base::chars::Fnv;

pub type WordSet = std::collections::HashSet<String, BuildHasherDefault<Fnv>>;

/// Word lists of one language, already merged with the defaults.
#[derive(Debug, Default, Clone)]
pub struct LangRules {
    /// Never end a sentence after these (titles, "т.е", "e.g").
    pub nonfinal: WordSet,
    /// Usually mid-sentence; end a sentence only before a typical sentence starter.
    pub abbrev: WordSet,
    /// Often end a sentence ("etc", "т.д"): end it before any capitalised word.
    pub final_abbrev: WordSet,
    /// Units, years, currencies: behave like `final_abbrev` right after a number.
    pub after_number: WordSet,
    /// Multi-letter initials ("Дж", "Sh").
    pub initials: WordSet,
    /// Single letters that are also words ("I", "А"): an initial only after a name.
    pub not_initial: WordSet,
    /// Words that typically begin a sentence (pronouns, conjunctions, …).
    pub starters: WordSet,
    /// Month names: after "12." or an abbreviation they continue the sentence.
    pub months: WordSet,
    /// Words that qualify the unit or currency before them ("млн долл. США"),
    /// so they continue its sentence after the abbreviation's dot.
    pub qualifiers: WordSet,
    /// Script-specific sentence-final marks beyond the universal ones
    /// (Armenian ":" typed for "։", Greek ";" question mark).
    pub terminals: Vec<char>,
    /// Ordinary words shaped like abbreviations (one letter or no vowel:
    /// Turkish "o", Russian "я", "хм"): a full stop after them ends a sentence.
    pub words: WordSet,
    /// Verbs of saying ("деп", "diye") that continue a sentence after a
    /// quoted question or exclamation: "Қайда барасың? деп сұрады".
    pub quotative: WordSet,
    /// Endings of surnames ("ов", "ұлы"): initials after such a name close it
    /// ("Омаров Т.А. Жиын…"), initials before a name open it ("А.Б. Сарсенов").
    pub surname_endings: WordSet,
    /// Case suffixes a surname may carry after its ending ("тың", "ым").
    pub surname_cases: WordSet,
    /// Last words of a letter's sign-off ("regards", "thanks"): "Best
    /// regards," before a capitalised name is a sentence of its own.
    pub closings: WordSet,
    /// Closed-class words that orthography writes in lowercase inside a
    /// sentence (German articles, conjunctions, adverbs): capitalised after a
    /// word with no punctuation, they open a sentence whose end was not marked.
    pub lowercase_inside: WordSet,
    /// Abbreviations written capitalised in the data ("No", "Sat"): they do
    /// not match the lowercase word ("no", "sat").
    pub cased: WordSet,
    /// Abbreviations written in lowercase somewhere; they match any case.
    uncased: WordSet,
    /// "12. Juni": a short number with a dot is an ordinal, not a sentence end.
    pub ordinal_dot: bool,
    /// "кім? не?": a question mark before a lowercase word still ends a sentence.
    pub question_before_lowercase: bool,
    /// "i went home. then i slept": informal text without capitals, where a
    /// full stop after an ordinary word ends the sentence whatever follows.
    pub period_before_lowercase: bool,
    /// Chinese/Japanese: a space between two ideographs ends a sentence.
    pub space_between_cjk: bool,
    /// "1. Затвердити…": a numbered clause marker opening a sentence is a
    /// segment of its own, as the Ukrainian treebank annotates legal text.
    pub marker_alone: bool,
    /// Byte length of the longest abbreviation: longer tokens skip the lookups.
    pub longest_entry: usize,
}

/// One parsed data file before merging.
#[derive(Debug, Default)]
pub struct RuleFile {
    pub codes: Vec<String>,
    pub rules: LangRules,
    /// `key = value` lines, applied over the defaults' options.
    pub options: Vec<(String, bool)>,
}

const SECTIONS: &[&str] = &[
    "codes",
    "options",
    "nonfinal",
    "abbrev",
    "final",
    "after_number",
    "initials",
    "not_initial",
    "starters",
    "months",
    "qualifiers",
    "quotative",
    "closings",
    "surname_endings",
    "surname_cases",
    "words",
    "terminals",
    "lowercase_inside",
];

/// Parses one data file. Problems are collected, not fatal: the segmenter
/// must come up even with a bad entry, and a unit test asserts there are none.
pub fn parse(name: &str, src: &str) -> (RuleFile, Vec<String>) {
    let mut file = RuleFile::default();
    let mut errors = Vec::new();
    let mut section: Option<&str> = None;
    for (lineno, raw) in src.lines().enumerate() {
        let line = raw.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if let Some(head) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            section = SECTIONS.iter().copied().find(|s| *s == head.trim());
            if section.is_none() {
                errors.push(format!("{name}:{}: unknown section [{head}]", lineno + 1));
            }
            continue;
        }
        match section {
            Some("options") => match parse_option(line) {
                Ok(opt) => file.options.push(opt),
                Err(e) => errors.push(format!("{name}:{}: {e}", lineno + 1)),
            },
            Some(sec) => {
                for item in line.split_whitespace() {
                    add_item(&mut file, sec, item);
                }
            }
            None => errors.push(format!("{name}:{}: entry outside a section", lineno + 1)),
        }
    }
    (file, errors)
}

fn add_item(file: &mut RuleFile, section: &str, item: &str) {
    if section == "terminals" {
        // Punctuation is taken literally: no case folding, no dot trimming.
        file.rules.terminals.extend(item.chars().take(1));
        return;
    }
    let word = normalize(item);
    if word.is_empty() {
        return;
    }
    let r = &mut file.rules;
    if matches!(section, "nonfinal" | "abbrev" | "final" | "after_number") {
        let first_upper = item.chars().next().is_some_and(char::is_uppercase);
        let seen = if first_upper {
            &mut r.cased
        } else {
            &mut r.uncased
        };
        seen.insert(word.clone());
    }
    let set = match section {
        "codes" => {
            file.codes.push(word);
            return;
        }
        "nonfinal" => &mut r.nonfinal,
        "abbrev" => &mut r.abbrev,
        "final" => &mut r.final_abbrev,
        "after_number" => &mut r.after_number,
        "initials" => &mut r.initials,
        "not_initial" => &mut r.not_initial,
        "starters" => &mut r.starters,
        "quotative" => &mut r.quotative,
        "qualifiers" => &mut r.qualifiers,
        "closings" => &mut r.closings,
        "surname_endings" => &mut r.surname_endings,
        "surname_cases" => &mut r.surname_cases,
        "words" => &mut r.words,
        "lowercase_inside" => &mut r.lowercase_inside,
        _ => &mut r.months,
    };
    set.insert(word);
}

/// Entries may be written with or without the final dot.
pub fn normalize(item: &str) -> String {
    item.trim_end_matches('.').to_lowercase()
}

fn parse_option(line: &str) -> Result<(String, bool), String> {
    let (key, value) = line
        .split_once('=')
        .ok_or_else(|| format!("expected key = value, got {line:?}"))?;
    let value = match value.trim() {
        "true" => true,
        "false" => false,
        v => return Err(format!("expected true or false, got {v:?}")),
    };
    let key = key.trim();
    if !matches!(
        key,
        "ordinal_dot"
            | "question_before_lowercase"
            | "period_before_lowercase"
            | "space_between_cjk"
            | "marker_alone"
    ) {
        return Err(format!("unknown option {key:?}"));
    }
    Ok((key.to_string(), value))
}

fn apply_options(rules: &mut LangRules, options: &[(String, bool)]) {
    for (key, value) in options {
        match key.as_str() {
            "ordinal_dot" => rules.ordinal_dot = *value,
            "period_before_lowercase" => rules.period_before_lowercase = *value,
            "space_between_cjk" => rules.space_between_cjk = *value,
            "marker_alone" => rules.marker_alone = *value,
            _ => rules.question_before_lowercase = *value,
        }
    }
}

/// Adds the default lists to a language's own.
pub fn merge(lang: &mut LangRules, base: &LangRules) {
    let pairs = [
        (&mut lang.nonfinal, &base.nonfinal),
        (&mut lang.abbrev, &base.abbrev),
        (&mut lang.final_abbrev, &base.final_abbrev),
        (&mut lang.after_number, &base.after_number),
        (&mut lang.initials, &base.initials),
        (&mut lang.not_initial, &base.not_initial),
        (&mut lang.starters, &base.starters),
        (&mut lang.months, &base.months),
        (&mut lang.qualifiers, &base.qualifiers),
        (&mut lang.quotative, &base.quotative),
        (&mut lang.closings, &base.closings),
        (&mut lang.surname_endings, &base.surname_endings),
        (&mut lang.surname_cases, &base.surname_cases),
        (&mut lang.words, &base.words),
        (&mut lang.lowercase_inside, &base.lowercase_inside),
        (&mut lang.cased, &base.cased),
        (&mut lang.uncased, &base.uncased),
    ];
    for (dst, src) in pairs {
        dst.extend(src.iter().cloned());
    }
    lang.terminals.extend(base.terminals.iter().copied());
}

fn longest_entry(r: &LangRules) -> usize {
    [
        &r.nonfinal,
        &r.abbrev,
        &r.final_abbrev,
        &r.after_number,
        &r.initials,
        &r.not_initial,
    ]
    .iter()
    .flat_map(|set| set.iter())
    .map(String::len)
    .max()
    .unwrap_or(0)
}

/// All languages plus the code → rules index.
#[derive(Debug, Default)]
pub struct RuleBook {
    pub langs: Vec<LangRules>,
    pub by_code: HashMap<String, usize, BuildHasherDefault<Fnv>>,
    pub errors: Vec<String>,
    /// Used only if the index is somehow out of range; keeps `get` total.
    fallback: LangRules,
}

impl RuleBook {
    /// `files[0]` must be the default rules; every other file is merged with it.
    pub fn build(files: &[(&str, &str)]) -> RuleBook {
        let mut book = RuleBook::default();
        let mut base = LangRules::default();
        let mut base_options = Vec::new();
        for (i, (name, src)) in files.iter().enumerate() {
            let (mut file, errors) = parse(name, src);
            book.errors.extend(errors);
            if i == 0 {
                apply_options(&mut file.rules, &file.options);
                base = file.rules.clone();
                base_options = file.options.clone();
            } else {
                merge(&mut file.rules, &base);
                apply_options(&mut file.rules, &base_options);
                apply_options(&mut file.rules, &file.options);
            }
            file.rules.longest_entry = longest_entry(&file.rules);
            let uncased = std::mem::take(&mut file.rules.uncased);
            file.rules.cased.retain(|k| !uncased.contains(k));
            file.rules.uncased = uncased;
            for code in &file.codes {
                if book
                    .by_code
                    .insert(code.clone(), book.langs.len())
                    .is_some()
                {
                    book.errors
                        .push(format!("{name}: code {code} defined twice"));
                }
            }
            book.langs.push(file.rules);
        }
        book.fallback = book.langs.first().cloned().unwrap_or_default();
        book
    }

    /// "kk", "kaz", "kk-KZ", "KK_Cyrl" all find Kazakh; anything unknown gets
    /// the defaults (index 0).
    pub fn get(&self, lang: &str) -> &LangRules {
        let primary = lang.split(['-', '_']).next().unwrap_or("").trim();
        // Codes are short ASCII: lowercase them on the stack, not the heap.
        let mut buf = [0u8; 8];
        let key = buf.get_mut(..primary.len()).and_then(|dst| {
            dst.copy_from_slice(primary.as_bytes());
            dst.make_ascii_lowercase();
            std::str::from_utf8(dst).ok()
        });
        let idx = key.and_then(|k| self.by_code.get(k)).copied().unwrap_or(0);
        self.langs.get(idx).unwrap_or(&self.fallback)
    }
}
