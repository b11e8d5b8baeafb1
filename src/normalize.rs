//! Stage 2: text normalization. Unicode NFC, one newline convention, one kind of space, no
//! invisible characters, trimmed lines and at most one blank line between paragraphs, and repair
//! of words that mix Cyrillic with Latin look-alike letters (common in Kazakh web text, where
//! writers type Latin `i`, `a`, `o` on keyboards without the Kazakh layout).

use crate::chars::is_letter;
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
    /// Invisible characters go before composing (a control character between a letter and its
    /// combining mark would otherwise keep them apart until a second run), and a repaired word
    /// is composed again (Latin `y` + breve becomes Cyrillic `у` + breve, which composes to `ў`).
    pub fn normalize(&self, text: &str) -> (String, NormalizeReport) {
        let cleaned = clean_whitespace(text);
        let mut out = match to_nfc(&cleaned) {
            std::borrow::Cow::Borrowed(_) => cleaned,
            std::borrow::Cow::Owned(composed) => composed,
        };
        let mut report = NormalizeReport::default();
        if self.repair_mixed_script {
            report.script_repairs = repair_mixed_script(&mut out);
            if report.script_repairs > 0
                && let std::borrow::Cow::Owned(composed) = to_nfc(&out)
            {
                out = composed;
            }
        }
        (out, report)
    }
}

/// Characters that are in NFC whatever surrounds them: no combining marks, no canonical
/// singletons, no composition exclusions. Text made only of these (most Latin, Cyrillic and
/// punctuation) skips the slower general check.
fn surely_nfc(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'
        | '\u{400}'..='\u{482}'
        | '\u{48A}'..='\u{52F}'
        | '\u{2010}'..='\u{2027}'
        | '\u{2030}'..='\u{205E}'
        | '\u{20A0}'..='\u{20C0}')
}

/// Bytes [`nfc_safe_prefix`] steps over without decoding: 1 for ASCII, 2 for the lead bytes of
/// U+0080–U+02FF (C2–CB) and of Cyrillic (D0–D4, where D2 needs a look at its second byte for
/// the combining marks U+0483–U+0489, see [`cyrillic_mark`]); 0 for bytes that start anything
/// else.
const fn nfc_step(b: u8) -> u8 {
    match b {
        0x00..=0x7F => 1,
        0xC2..=0xCB | 0xD0..=0xD4 => 2,
        _ => 0,
    }
}

/// [`nfc_step`] as a table, for the byte-at-a-time walk.
const NFC_STEP: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = nfc_step(b as u8);
        b += 1;
    }
    t
};

/// Whether the two bytes `b`, `next` encode a Cyrillic combining mark (U+0483–U+0489).
fn cyrillic_mark(b: u8, next: u8) -> bool {
    (b == 0xD2) & (next.wrapping_sub(0x83) < 7)
}

/// Byte length of the longest prefix of `text` made of [`surely_nfc`] characters. ASCII,
/// Latin-1 to U+02FF and Cyrillic pass by a table lookup, sixteen bytes at a time where a whole
/// chunk passes; other characters are decoded and checked.
fn nfc_safe_prefix(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let window = bytes
            .get(i..i + 17)
            .and_then(|w| <&[u8; 17]>::try_from(w).ok());
        if window.is_some_and(plain_chunk) {
            i += 16;
            continue;
        }
        // Only a passing chunk ends inside a character, and its last byte's lead was checked.
        if b & 0xC0 == 0x80 {
            i += 1;
            continue;
        }
        let step = NFC_STEP[usize::from(b)];
        if step != 0 {
            if cyrillic_mark(b, bytes.get(i + 1).copied().unwrap_or(0)) {
                return i;
            }
            i += usize::from(step);
            continue;
        }
        match text.get(i..).and_then(|rest| rest.chars().next()) {
            Some(c) if surely_nfc(c) => i += c.len_utf8(),
            _ => return i,
        }
    }
    bytes.len()
}

/// Whether the first 16 bytes of `window` (17 long, for the byte after) are ASCII, continuation
/// bytes or the leads [`nfc_step`] steps over, with no Cyrillic combining mark (D2 83–89). Written
/// without branches so that it compiles to vector compares.
fn plain_chunk(window: &[u8; 17]) -> bool {
    let mut bad = 0u8;
    for j in 0..16 {
        let (b, next) = (window[j], window[j + 1]);
        let continuation = b & 0xC0 == 0x80;
        bad |= u8::from(!(continuation | (nfc_step(b) != 0)) | cyrillic_mark(b, next));
    }
    bad == 0
}

fn to_nfc(text: &str) -> std::borrow::Cow<'_, str> {
    let safe = nfc_safe_prefix(text);
    // The quick check carries only the last combining class from one character to the next,
    // and every surely-NFC character is a starter (class 0), so it can start where they end.
    match text.get(safe..).map(|rest| is_nfc_quick(rest.chars())) {
        None | Some(IsNormalized::Yes) => std::borrow::Cow::Borrowed(text),
        Some(_) => std::borrow::Cow::Owned(text.nfc().collect()),
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
        '\0'..='\u{1F}' | '\u{7F}'..='\u{9F}' => CharClass::Drop,
        _ => CharClass::Keep,
    }
}

/// Bytes that are always part of a kept character: printable ASCII, and every non-ASCII byte
/// except the lead bytes of the few special characters above (U+0080–U+00BF start with C2,
/// U+1680/U+180E with E1, U+2000–U+206F with E2, U+3000 with E3, U+FEFF with EF).
fn is_plain(b: u8) -> bool {
    (0x21..=0x7E).contains(&b) || (b >= 0x80 && !matches!(b, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF))
}

/// The separator owed before the next kept text.
#[derive(Default)]
struct Pending {
    space: bool,
    newlines: usize,
}

impl Pending {
    fn flush(&mut self, out: &mut String) {
        if !out.is_empty() {
            if self.newlines > 0 {
                out.push_str(if self.newlines > 1 { "\n\n" } else { "\n" });
            } else if self.space {
                out.push(' ');
            }
        }
        *self = Pending::default();
    }
}

/// One pass over the text: CRLF/CR become LF, odd spaces a space, invisible characters vanish,
/// runs of spaces collapse, lines are trimmed and runs of blank lines become one. Runs of
/// ordinary characters are copied whole; only special bytes are decoded and classified.
fn clean_whitespace(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut pending = Pending::default();
    let mut i = 0;
    while i < bytes.len() {
        if is_plain(bytes[i]) {
            let start = i;
            // A single space between plain bytes is copied as it is (it would collapse to
            // itself), so a line of ordinary words is one run and one copy, not one per word.
            while let Some(&b) = bytes.get(i) {
                if is_plain(b) {
                    i += 1;
                } else if b == b' ' && bytes.get(i + 1).is_some_and(|&n| is_plain(n)) {
                    i += 2;
                } else {
                    break;
                }
            }
            pending.flush(&mut out);
            out.push_str(&text[start..i]);
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        match classify(c) {
            CharClass::Keep => {
                pending.flush(&mut out);
                out.push(c);
            }
            CharClass::Space => pending.space = true,
            CharClass::Newline => {
                pending.newlines += 1;
                pending.space = false;
                if c == '\r' && bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
            }
            CharClass::Drop => {}
        }
        i += c.len_utf8();
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
/// letters have no twin (e.g. brand names glued to a suffix) are left alone. One pass; the text
/// is copied only when a word actually changes.
fn repair_mixed_script(text: &mut String) -> u64 {
    if may_mix_scripts(text.as_bytes()) {
        repair_words(text)
    } else {
        0
    }
}

fn repair_words(text: &mut String) -> u64 {
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut repairs = 0;
    let mut word: Option<(usize, usize, usize)> = None; // (start, cyrillic, latin)
    let src = text.as_str();
    for (i, c) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
        if is_letter(c) {
            let (start, cyr, lat) = word.unwrap_or((i, 0, 0));
            word = Some((
                start,
                cyr + usize::from(is_cyrillic(c)),
                lat + usize::from(is_latin(c)),
            ));
            continue;
        }
        let Some((start, cyr, lat)) = word.take() else {
            continue;
        };
        if cyr == 0 || lat == 0 {
            continue;
        }
        if let Some(fixed) = repair_word(&src[start..i], cyr, lat) {
            let buf = out.get_or_insert_with(|| String::with_capacity(src.len()));
            buf.push_str(&src[copied..start]);
            buf.push_str(&fixed);
            copied = i;
            repairs += 1;
        }
    }
    if let Some(mut buf) = out {
        buf.push_str(&src[copied..]);
        *text = buf;
    }
    repairs
}

/// Whether some word of the text might mix scripts, from its bytes alone. A word mixing an
/// ASCII letter with Cyrillic has an ASCII letter next to a non-ASCII letter; one whose Latin
/// letters are all non-ASCII has a letter from U+00C0–U+024F or U+1E00–U+1EFF (lead bytes
/// C3–C9, E1). Most documents have neither, and this loop over bytes is far cheaper than the
/// word walk, which decodes and classifies every character. Guillemets, no-break spaces and
/// U+2000–U+203F (dashes, quotes, ellipsis), which often touch Latin names, are not letters.
fn may_mix_scripts(bytes: &[u8]) -> bool {
    let punct_len = |i: usize| match (bytes.get(i), bytes.get(i + 1)) {
        (Some(0xC2), Some(0xA0 | 0xAB | 0xBB)) => 2,
        (Some(0xE2), Some(0x80)) => 3,
        _ => 0,
    };
    let punct_before =
        |i: usize| (i >= 2 && punct_len(i - 2) == 2) || (i >= 3 && punct_len(i - 3) == 3);
    bytes.iter().enumerate().any(|(i, &b)| {
        if matches!(b, 0xC3..=0xC9 | 0xE1) {
            return true;
        }
        b.is_ascii_alphabetic()
            && (bytes
                .get(i + 1)
                .is_some_and(|&n| n >= 0x80 && punct_len(i + 1) == 0)
                || (i > 0 && bytes[i - 1] >= 0x80 && !punct_before(i)))
    })
}

fn repair_word(word: &str, cyr: usize, lat: usize) -> Option<String> {
    let to_cyr = cyr >= lat;
    let mut fixed = String::with_capacity(word.len());
    for c in word.chars() {
        let foreign = if to_cyr { is_latin(c) } else { is_cyrillic(c) };
        if foreign {
            fixed.push(if to_cyr {
                to_cyrillic(c)?
            } else {
                to_latin(c)?
            });
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
    fn fast_nfc_path_agrees_with_the_full_check() {
        for c in (0..0x2100u32)
            .filter_map(char::from_u32)
            .filter(|c| surely_nfc(*c))
        {
            let s = c.to_string();
            assert_eq!(s.nfc().collect::<String>(), s, "U+{:04X}", c as u32);
        }
    }

    /// Regression (found by `scripts/fuzz`): "c", DEL, combining caron normalized to "c" +
    /// caron, and only a second run composed "č".
    #[test]
    fn control_characters_between_a_letter_and_its_mark_do_not_block_composition() {
        assert_eq!(norm("c\u{7f}\u{30c}").0, "č");
        assert_eq!(norm("Бy\u{306}").0, "Бў");
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
    fn byte_precheck_finds_every_mixed_word() {
        for text in [
            "Kазақ",
            "қазaқ",
            "«Kaspi» банкі",
            "сөз—word",
            "әəә",
            "Алматыda",
            "x",
        ] {
            let mut walked = text.to_string();
            let repaired = repair_words(&mut walked) > 0;
            assert!(!repaired || may_mix_scripts(text.as_bytes()), "{text}");
        }
        assert!(!may_mix_scripts("«Kaspi» банкі — Halyk…".as_bytes()));
        assert!(may_mix_scripts("Kазақ".as_bytes()));
        assert!(may_mix_scripts("Алматыda".as_bytes()));
        assert!(may_mix_scripts("әəә".as_bytes()));
    }

    /// The reference `nfc_safe_prefix` is checked against: where the first character that is
    /// not surely NFC starts.
    fn char_safe_prefix(text: &str) -> usize {
        text.char_indices()
            .find(|(_, c)| !surely_nfc(*c))
            .map_or(text.len(), |(i, _)| i)
    }

    #[test]
    fn byte_nfc_check_agrees_with_the_char_check() {
        for text in [
            "",
            "abc",
            "Қазақ тілі",
            "e\u{301}",
            "й",
            "\u{483}x",
            "ё\u{489}",
            "— «» …",
            "日本",
            "é ü ǻ ʻ",
            "\u{300}",
            "Қазақстан Республикасының Парламенті ё\u{489}",
            "Қазақстан Республикасының Парламенті 🙂 және",
            "Республика\u{483} Қазақстан Республикасының",
        ] {
            assert_eq!(nfc_safe_prefix(text), char_safe_prefix(text), "{text:?}");
        }
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

        /// The byte NFC pre-check says what the character check says.
        #[test]
        fn byte_nfc_check_is_the_char_check(text in "(?s).{0,40}") {
            proptest::prop_assert_eq!(nfc_safe_prefix(&text), char_safe_prefix(&text));
        }

        /// The same over long Cyrillic runs, where whole chunks pass and end inside characters.
        #[test]
        fn chunked_nfc_check_is_the_char_check(
            text in "[a-z әқңөұүһіжшщ«»—\u{483}\u{489}\u{301}é日🙂\n]{0,120}"
        ) {
            proptest::prop_assert_eq!(nfc_safe_prefix(&text), char_safe_prefix(&text));
        }

        /// The byte pre-check never skips a text the word walk would repair.
        #[test]
        fn precheck_never_skips_a_repair(text in "[aoyKBXəéβµ«»—… аоуәқКВХ.-]{0,30}") {
            let mut walked = text.clone();
            if repair_words(&mut walked) > 0 {
                proptest::prop_assert!(may_mix_scripts(text.as_bytes()));
            }
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
