//! Stage 2: text normalization. Unicode NFC, one newline convention, one kind of space, no
//! invisible characters, trimmed lines and at most one blank line between paragraphs, and repair
//! of words that mix Cyrillic with Latin look-alike letters (common in Kazakh web text, where
//! writers type Latin `i`, `a`, `o` on keyboards without the Kazakh layout).

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// What normalization did to one document, reported in stats.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct NormalizeReport {
    /// Words turned into a single script.
    pub script_repairs: u64,
}

#[derive(Debug, Clone, Copy)]
pub struct Normalizer {
    pub repair_mixed_script: bool,
}

impl Normalizer {
    pub fn normalize(&self, text: &str) -> (String, NormalizeReport) {
        let nfc = to_nfc(text);
        let mut out = clean_whitespace(&nfc);
        let mut report = NormalizeReport::default();
        if self.repair_mixed_script {
            report.script_repairs = repair_mixed_script(&mut out);
        }
        (out, report)
    }
}

fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => std::borrow::Cow::Borrowed(text),
        _ => std::borrow::Cow::Owned(text.nfc().collect()),
    }
}

/// How one character is treated by the whitespace pass.
enum CharClass {
    Keep,
    Space,
    Newline,
    Drop,
}

fn classify(c: char) -> CharClass {
    match c {
        '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{0B}' | '\u{0C}' | '\u{85}' => {
            CharClass::Newline
        }
        ' '
        | '\t'
        | '\u{A0}'
        | '\u{1680}'
        | '\u{2000}'..='\u{200A}'
        | '\u{202F}'
        | '\u{205F}'
        | '\u{3000}' => CharClass::Space,
        // ZWNJ/ZWJ (U+200C/U+200D) are kept: Persian, Indic scripts and emoji need them.
        '\u{200B}' | '\u{2060}' | '\u{FEFF}' | '\u{AD}' | '\u{180E}' => CharClass::Drop,
        c if c.is_control() => CharClass::Drop,
        _ => CharClass::Keep,
    }
}

/// One pass over the text: CRLF/CR become LF, odd spaces a space, invisible characters vanish,
/// runs of spaces collapse, lines are trimmed and runs of blank lines become one.
fn clean_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    let mut newlines = 0usize;
    let mut prev_cr = false;
    for c in text.chars() {
        let class = classify(c);
        let was_cr = std::mem::replace(&mut prev_cr, c == '\r');
        match class {
            CharClass::Drop => {}
            CharClass::Space => pending_space = true,
            CharClass::Newline => {
                if !(c == '\n' && was_cr) {
                    newlines += 1;
                }
                pending_space = false;
            }
            CharClass::Keep => {
                if !out.is_empty() {
                    if newlines > 0 {
                        out.push_str(if newlines > 1 { "\n\n" } else { "\n" });
                    } else if pending_space {
                        out.push(' ');
                    }
                }
                newlines = 0;
                pending_space = false;
                out.push(c);
            }
        }
    }
    out
}

/// Latin letters that look like Cyrillic ones, and their Cyrillic twins.
const LOOKALIKES: &[(char, char)] = &[
    ('a', 'а'),
    ('c', 'с'),
    ('e', 'е'),
    ('h', 'һ'),
    ('i', 'і'),
    ('o', 'о'),
    ('p', 'р'),
    ('x', 'х'),
    ('y', 'у'),
    ('A', 'А'),
    ('B', 'В'),
    ('C', 'С'),
    ('E', 'Е'),
    ('H', 'Н'),
    ('I', 'І'),
    ('K', 'К'),
    ('M', 'М'),
    ('O', 'О'),
    ('P', 'Р'),
    ('T', 'Т'),
    ('X', 'Х'),
    ('Y', 'У'),
    ('ə', 'ә'),
    ('Ə', 'Ә'),
];

fn to_cyrillic(c: char) -> Option<char> {
    LOOKALIKES.iter().find(|(l, _)| *l == c).map(|(_, cy)| *cy)
}

fn to_latin(c: char) -> Option<char> {
    LOOKALIKES.iter().find(|(_, cy)| *cy == c).map(|(l, _)| *l)
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic()
}

/// Repairs every word (run of letters) that mixes scripts, in place; returns how many words changed.
/// A mostly-Cyrillic word whose Latin letters all have Cyrillic look-alikes becomes Cyrillic; a
/// mostly-Latin word whose Cyrillic letters all have Latin twins becomes Latin. Words whose odd
/// letters have no twin (e.g. brand names glued to a suffix) are left alone.
fn repair_mixed_script(text: &mut String) -> u64 {
    // Fast path: pure-ASCII or single-script text cannot contain a mixed word.
    if text.is_ascii() {
        return 0;
    }
    let mut out = String::with_capacity(text.len());
    let mut repairs = 0;
    let mut rest = text.as_str();
    while let Some(start) = rest.find(char::is_alphabetic) {
        out.push_str(&rest[..start]);
        let word_len = rest[start..]
            .find(|c: char| !c.is_alphabetic())
            .unwrap_or(rest.len() - start);
        let word = &rest[start..start + word_len];
        match repair_word(word) {
            Some(fixed) => {
                out.push_str(&fixed);
                repairs += 1;
            }
            None => out.push_str(word),
        }
        rest = &rest[start + word_len..];
    }
    out.push_str(rest);
    if repairs > 0 {
        *text = out;
    }
    repairs
}

fn repair_word(word: &str) -> Option<String> {
    let cyr = word.chars().filter(|&c| is_cyrillic(c)).count();
    let lat = word.chars().filter(|&c| is_latin(c)).count();
    if cyr == 0 || lat == 0 {
        return None;
    }
    let convert: fn(char) -> Option<char> = if cyr >= lat { to_cyrillic } else { to_latin };
    let foreign = |c: char| {
        if cyr >= lat {
            is_latin(c)
        } else {
            is_cyrillic(c)
        }
    };
    let mut fixed = String::with_capacity(word.len());
    for c in word.chars() {
        if foreign(c) {
            fixed.push(convert(c)?);
        } else {
            fixed.push(c);
        }
    }
    Some(fixed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> (String, u64) {
        let (out, report) = Normalizer {
            repair_mixed_script: true,
        }
        .normalize(text);
        (out, report.script_repairs)
    }

    #[test]
    fn composes_to_nfc() {
        // "й" as и + combining breve becomes one code point.
        assert_eq!(norm("и\u{306}").0, "й");
    }

    #[test]
    fn line_endings_spaces_and_paragraphs() {
        let text = "  Бірінші\u{A0}\u{A0}жол \r\nекінші\tжол\r\r\r\n \n\u{3000}Жаңа абзац  ";
        assert_eq!(norm(text).0, "Бірінші жол\nекінші жол\n\nЖаңа абзац");
    }

    #[test]
    fn invisible_characters_removed_but_zwnj_kept() {
        assert_eq!(norm("ин\u{AD}фор\u{200B}мация\u{FEFF}").0, "информация");
        assert_eq!(norm("می\u{200C}خواهم").0, "می\u{200C}خواهم");
    }

    #[test]
    fn latin_lookalikes_in_kazakh_words_become_cyrillic() {
        // "Қазақстан" typed with Latin a, "білім" with Latin i.
        assert_eq!(norm("Қaзaқстан бiлiм"), ("Қазақстан білім".into(), 2));
    }

    #[test]
    fn cyrillic_lookalikes_in_latin_words_become_latin() {
        assert_eq!(norm("Miсrosoft"), ("Microsoft".into(), 1));
    }

    #[test]
    fn words_without_twins_are_left_alone() {
        // `g` has no Cyrillic look-alike, so the word stays as written.
        assert_eq!(norm("Googleға"), ("Googleға".into(), 0));
        assert_eq!(
            norm("Қазақстан and Kazakhstan"),
            ("Қазақстан and Kazakhstan".into(), 0)
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(
            std::env::var("CORPUSMILL_FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
        ))]
        /// Normalization is idempotent: normalizing normalized text changes nothing.
        #[test]
        fn normalize_is_idempotent(text in "(?s).{0,200}") {
            let (once, _) = Normalizer { repair_mixed_script: true }.normalize(&text);
            let (twice, report) = Normalizer { repair_mixed_script: true }.normalize(&once);
            proptest::prop_assert_eq!(&twice, &once);
            proptest::prop_assert_eq!(report.script_repairs, 0);
        }

        /// Normalized text has no CR, no tab, no double space and no untrimmed line.
        #[test]
        fn normalized_text_is_clean(text in "[ \t\r\n\u{a0}\u{200b}aäəаә.,]{0,120}") {
            let (out, _) = Normalizer { repair_mixed_script: true }.normalize(&text);
            proptest::prop_assert!(!out.contains('\r') && !out.contains('\t') && !out.contains("  "));
            proptest::prop_assert!(!out.contains("\n\n\n"));
            for line in out.lines() {
                proptest::prop_assert_eq!(line, line.trim());
            }
        }
    }
}
