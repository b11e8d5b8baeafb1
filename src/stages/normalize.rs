//! Stage 2: text normalization. Unicode NFC, one newline convention, one kind of space, no
//! invisible characters, trimmed lines and at most one blank line between paragraphs, and repair
//! of words that mix Cyrillic with Latin look-alike letters (common in Kazakh web text, where
//! writers type Latin `i`, `a`, `o` on keyboards without the Kazakh layout). A Cyrillic word
//! glued to a Latin one where a scraper lost the space (`сMicrosoft`, `ZoomВ`) is not a
//! look-alike: it gets its space back.

use crate::base::chars::is_letter;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// What normalization did to one document, reported in stats.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct NormalizeReport {
    /// Words whose Latin look-alike letters became Cyrillic.
    pub to_cyrillic: u64,
    /// Words whose Cyrillic look-alike letters became Latin.
    pub to_latin: u64,
    /// Spaces put back between a word and another-script word glued to it.
    pub split_glued_words: u64,
}

impl NormalizeReport {
    /// Every repair of every kind.
    pub fn script_repairs(&self) -> u64 {
        self.to_cyrillic + self.to_latin + self.split_glued_words
    }

    pub fn add(&mut self, other: &NormalizeReport) {
        self.to_cyrillic += other.to_cyrillic;
        self.to_latin += other.to_latin;
        self.split_glued_words += other.split_glued_words;
    }

    /// The kinds by their names in `stats.json`, beside the total (`script_repairs`).
    pub fn by_kind(&self) -> [(&'static str, u64); 4] {
        [
            ("script_repairs", self.script_repairs()),
            ("split_glued_words", self.split_glued_words),
            ("to_cyrillic", self.to_cyrillic),
            ("to_latin", self.to_latin),
        ]
    }
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
        let mut repairs = Repairs::default();
        if self.repair_mixed_script {
            repairs = repair_mixed_script(&mut out);
            if repairs.compose
                && let std::borrow::Cow::Owned(composed) = to_nfc(&out)
            {
                out = composed;
            }
        }
        (out, repairs.report)
    }
}

/// Characters that are in NFC whatever surrounds them: no combining marks, no canonical
/// singletons, no composition exclusions. Text made only of these (most Latin, Cyrillic and
/// punctuation) skips the slower general check. U+0530–U+053F (Armenian capitals) are here
/// because the byte walk passes the whole of lead byte D4.
fn surely_nfc(c: char) -> bool {
    matches!(c,
        '\0'..='\u{2FF}'
        | '\u{400}'..='\u{482}'
        | '\u{48A}'..='\u{53F}'
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

/// [`LOOKALIKES`] both ways as a table by code point (all of them are below U+0530): a letter's
/// twin, or 0. A lookup instead of a search, since every mixed word asks for each of its letters.
static TWINS: [u16; 0x530] = {
    let mut t = [0u16; 0x530];
    let mut i = 0;
    while i < LOOKALIKES.len() {
        let (latin, cyrillic) = LOOKALIKES[i];
        t[latin as usize] = cyrillic as u16;
        t[cyrillic as usize] = latin as u16;
        i += 1;
    }
    t
};

fn twin(c: char) -> Option<char> {
    let t = *TWINS.get(c as usize)?;
    (t != 0).then(|| char::from_u32(t.into())).flatten()
}

fn to_cyrillic(c: char) -> Option<char> {
    twin(c).filter(|t| is_cyrillic(*t))
}

fn to_latin(c: char) -> Option<char> {
    twin(c).filter(|t| !is_cyrillic(*t))
}

/// Combining marks; those of Latin and Cyrillic text start at U+0300, and general punctuation
/// (U+2000–U+206F), which often ends a word, has none.
fn is_mark(c: char) -> bool {
    c >= '\u{300}'
        && !('\u{2000}'..='\u{206F}').contains(&c)
        && unicode_normalization::char::is_combining_mark(c)
}

fn has_twin(c: char) -> bool {
    twin(c).is_some()
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{2DE0}'..='\u{2DFF}' | '\u{A640}'..='\u{A69F}')
}

fn is_latin(c: char) -> bool {
    c.is_ascii_alphabetic()
        || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}') && c.is_alphabetic()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Script {
    Cyrillic,
    Latin,
}

impl Script {
    fn of(c: char) -> Option<Script> {
        if is_cyrillic(c) {
            Some(Script::Cyrillic)
        } else if is_latin(c) {
            Some(Script::Latin)
        } else {
            None
        }
    }

    fn other(self) -> Script {
        match self {
            Script::Cyrillic => Script::Latin,
            Script::Latin => Script::Cyrillic,
        }
    }
}

/// Repairs every word (run of letters) that mixes scripts, in place, and counts the repairs by
/// kind. One pass; the text is copied only when a word actually changes.
///
/// - Where a lowercase word of one script runs into a capital of the other (`сMicrosoft`,
///   `ZoomВ`), a space was lost: it is put back, and each side is repaired on its own.
/// - A word that mixes scripts otherwise is written in the script most of its letters are in;
///   the letters `i`/`і` do not count, since Kazakh and Ukrainian writers type Latin `i` for `і`
///   (`iсi` is `ісі`, `ІBM` is `IBM`). When that is a tie, the script of its line decides (`OР`
///   is Cyrillic in Russian text, Latin in English text). Its other-script letters become their
///   twins; a word with an odd letter that has no twin (`Googleға`) is left alone.
/// - Lowercase letters of the line's own script after a word of the other script (`kzо` for
///   `kz о` in Russian text) are a suffix or a glued word, not look-alikes: such a word is left
///   alone.
fn repair_mixed_script(text: &mut String) -> Repairs {
    if may_mix_scripts(text.as_bytes()) {
        repair_words(text)
    } else {
        Repairs::default()
    }
}

/// What the word walk did: the counts, and whether a changed letter stands before a combining
/// mark. Only then can the text compose further: twins are starters that compose with nothing
/// before them, and a space put between two letters composes with neither.
#[derive(Debug, Default)]
struct Repairs {
    report: NormalizeReport,
    compose: bool,
}

fn repair_words(text: &mut String) -> Repairs {
    let mut out: Option<String> = None;
    let mut copied = 0usize;
    let mut report = Repairs::default();
    let mut word: Option<(usize, usize, usize)> = None; // (start, cyrillic, latin)
    let src = text.as_str();
    let mut lines = LineScripts::new(src);
    for (i, c) in src.char_indices().chain(std::iter::once((src.len(), ' '))) {
        // A combining mark stays in its word: once a repaired letter composes with it, the
        // word would otherwise take in the letters after it on the next run.
        if is_letter(c) || (!c.is_ascii() && word.is_some() && is_mark(c)) {
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
        let mut line_script = || lines.script_at(start);
        if let Some(fixed) = repair_word(&src[start..i], &mut line_script, &mut report) {
            let buf = out.get_or_insert_with(|| String::with_capacity(src.len() + 16));
            buf.push_str(&src[copied..start]);
            buf.push_str(&fixed);
            copied = i;
        }
    }
    if let Some(mut buf) = out {
        buf.push_str(&src[copied..]);
        *text = buf;
    }
    report
}

/// The script of each line, worked out only for lines that hold a word that needs it.
struct LineScripts<'a> {
    text: &'a str,
    /// The last line asked about: its byte range and script.
    last: Option<(usize, usize, Option<Script>)>,
}

impl<'a> LineScripts<'a> {
    fn new(text: &'a str) -> LineScripts<'a> {
        LineScripts { text, last: None }
    }

    fn script_at(&mut self, at: usize) -> Option<Script> {
        if let Some((start, end, script)) = self.last
            && (start..end).contains(&at)
        {
            return script;
        }
        let (before, after) = self.text.split_at(at.min(self.text.len()));
        let start = before.rfind('\n').map_or(0, |p| p + 1);
        let end = after.find('\n').map_or(self.text.len(), |p| at + p);
        let script = line_script(self.text.get(start..end).unwrap_or_default());
        self.last = Some((start, end.max(at + 1), script));
        script
    }
}

/// The script most of a line's letters are in, counting only letters without a look-alike twin
/// (by their base letter, so `ў` counts as `у` does). Repairs change only twins, into twins, so
/// a line's script is the same before and after them, and normalizing again changes nothing.
fn line_script(line: &str) -> Option<Script> {
    let (mut cyr, mut lat) = (0usize, 0usize);
    for c in line.chars() {
        let base = base_letter(c);
        if has_twin(base) {
            continue;
        }
        match Script::of(base) {
            Some(Script::Cyrillic) => cyr += 1,
            Some(Script::Latin) => lat += 1,
            None => {}
        }
    }
    match cyr.cmp(&lat) {
        std::cmp::Ordering::Greater => Some(Script::Cyrillic),
        std::cmp::Ordering::Less => Some(Script::Latin),
        std::cmp::Ordering::Equal => None,
    }
}

/// The first character of a character's canonical decomposition.
fn base_letter(c: char) -> char {
    if c.is_ascii() || ('\u{410}'..='\u{44F}').contains(&c) {
        return c;
    }
    let mut base = None;
    unicode_normalization::char::decompose_canonical(c, |d| {
        base.get_or_insert(d);
    });
    base.unwrap_or(c)
}

/// A mixed word, split where a space was lost and with each piece made single-script where its
/// letters or its line say which script it is; `None` when nothing changes. One walk finds the
/// cuts and counts each piece's letters. Kept out of line: mixed words are rare, and the walk
/// over every character that calls this is faster without it.
#[inline(never)]
fn repair_word(
    word: &str,
    line_script: &mut dyn FnMut() -> Option<Script>,
    repairs: &mut Repairs,
) -> Option<String> {
    let mut fixed = String::with_capacity(word.len() + 2);
    let mut changed = false;
    let (mut piece_start, mut counts) = (0, Counts::default());
    // The run of same-script letters before the current letter (its script and start), and the
    // letter before; case is looked at only where the script changes.
    let mut run: Option<(Script, usize)> = None;
    let mut prev = ' ';
    for (i, c) in word.char_indices() {
        let script = Script::of(c);
        if script.is_none() && is_mark(c) {
            continue;
        }
        match (script, run) {
            (Some(s), Some((rs, _))) if s == rs => {}
            (Some(s), Some((_, start))) => {
                if is_upper(c)
                    && is_lower(prev)
                    && glued_after(word.get(start..i).unwrap_or_default(), start == 0)
                {
                    let piece = word.get(piece_start..i).unwrap_or_default();
                    put_piece(piece, &counts, line_script, repairs, &mut fixed);
                    fixed.push(' ');
                    repairs.report.split_glued_words += 1;
                    changed = true;
                    (piece_start, counts) = (i, Counts::default());
                }
                run = Some((s, i));
            }
            (Some(s), None) => run = Some((s, i)),
            (None, _) => run = None,
        }
        counts.add(c, script);
        prev = c;
    }
    let piece = word.get(piece_start..).unwrap_or_default();
    changed |= put_piece(piece, &counts, line_script, repairs, &mut fixed);
    changed.then_some(fixed)
}

/// Whether a run of letters that ends in a small letter, before a capital of the other script,
/// is a word of its own glued to the next (`сMicrosoft`, `ZoomВ`). It must have fewer capitals
/// than small letters, so an all-capitals word with a small digraph letter (Kazakh Latin
/// `ESEPShІ`) is one word; and a lone `e` or `i` opening a word is the prefix of a camel-case
/// name (`eGov`, `iPhone`), which neither Russian nor Kazakh has as a word.
fn glued_after(run: &str, opens_word: bool) -> bool {
    let (mut upper, mut lower, mut first) = (0usize, 0usize, None);
    for c in run.chars().filter(|c| !is_mark(*c)) {
        upper += usize::from(c.is_uppercase());
        lower += usize::from(c.is_lowercase());
        first.get_or_insert(c);
    }
    let camel_prefix = opens_word && lower == 1 && matches!(first, Some('e' | 'i' | 'е' | 'і'));
    upper < lower && !camel_prefix
}

/// Letters of a piece of a word by script, and the lean of those other than `i`/`і` (Cyrillic
/// minus Latin).
#[derive(Debug, Default)]
struct Counts {
    cyr: usize,
    lat: usize,
    lean: isize,
}

impl Counts {
    fn add(&mut self, c: char, script: Option<Script>) {
        match script {
            Some(Script::Cyrillic) => {
                self.cyr += 1;
                self.lean += isize::from(!is_i(c));
            }
            Some(Script::Latin) => {
                self.lat += 1;
                self.lean -= isize::from(!is_i(c));
            }
            None => {}
        }
    }
}

/// Appends a piece, repaired where it can be, and counts the repair; whether it was repaired.
fn put_piece(
    piece: &str,
    counts: &Counts,
    line_script: &mut dyn FnMut() -> Option<Script>,
    repairs: &mut Repairs,
    out: &mut String,
) -> bool {
    let Some((script, compose)) = repair_piece(piece, counts, line_script, out) else {
        out.push_str(piece);
        return false;
    };
    match script {
        Script::Cyrillic => repairs.report.to_cyrillic += 1,
        Script::Latin => repairs.report.to_latin += 1,
    }
    repairs.compose |= compose;
    true
}

/// Appends one piece of a word, made single-script, to `out`, and says which script it was made
/// and whether it holds a combining mark; `None` (and nothing appended) when it is single-script
/// already, or when its script cannot be told or reached.
fn repair_piece(
    piece: &str,
    counts: &Counts,
    line_script: &mut dyn FnMut() -> Option<Script>,
    out: &mut String,
) -> Option<(Script, bool)> {
    if counts.cyr == 0 || counts.lat == 0 {
        return None;
    }
    let target = match counts.lean.cmp(&0) {
        std::cmp::Ordering::Greater => Script::Cyrillic,
        std::cmp::Ordering::Less => Script::Latin,
        std::cmp::Ordering::Equal => line_script()?,
    };
    if has_glued_ending(piece, target) && line_script() == Some(target.other()) {
        return None;
    }
    let (before, mut marks) = (out.len(), false);
    for c in piece.chars() {
        let twin = match (Script::of(c), target) {
            (Some(Script::Latin), Script::Cyrillic) => to_cyrillic(c),
            (Some(Script::Cyrillic), Script::Latin) => to_latin(c),
            (None, _) => {
                marks |= is_mark(c);
                Some(c)
            }
            _ => Some(c),
        };
        let Some(twin) = twin else {
            out.truncate(before);
            return None;
        };
        out.push(twin);
    }
    Some((target, marks))
}

/// Whether a letter is a capital, without the standard library's table for basic Latin and
/// Cyrillic.
fn is_upper(c: char) -> bool {
    match c {
        'A'..='Z' | 'А'..='Я' => true,
        'a'..='z' | 'а'..='я' => false,
        _ => c.is_uppercase(),
    }
}

fn is_lower(c: char) -> bool {
    match c {
        'a'..='z' | 'а'..='я' => true,
        'A'..='Z' | 'А'..='Я' => false,
        _ => c.is_lowercase(),
    }
}

/// Latin `i`/`I` and Cyrillic `і`/`І`, the twins Kazakh and Ukrainian writers swap most.
fn is_i(c: char) -> bool {
    matches!(c, 'i' | 'I' | 'і' | 'І')
}

/// Whether a piece starts in `script` and ends in small letters of the other script: a word
/// with a suffix or with the next word glued on, when the other script is the line's. An ending
/// of `i`/`і` alone is the usual Kazakh swap, not a suffix.
fn has_glued_ending(piece: &str, script: Script) -> bool {
    if piece.chars().next().and_then(Script::of) != Some(script) {
        return false;
    }
    let (mut letters, mut all_small, mut only_i) = (0, true, true);
    for c in piece.chars().rev() {
        match Script::of(c) {
            Some(s) if s == script.other() => {
                letters += 1;
                all_small &= is_lower(c);
                only_i &= is_i(c);
            }
            None if is_mark(c) => {}
            _ => break,
        }
    }
    letters > 0 && all_small && !only_i
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

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(text: &str) -> (String, u64) {
        let (out, report) = Normalizer {
            repair_mixed_script: true,
        }
        .normalize(text);
        (out, report.script_repairs())
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

    /// Regression (found by the look-alike property test): a combining mark after a repaired
    /// letter ended its word, so once the two composed the next run took in the letters after.
    #[test]
    fn a_combining_mark_stays_in_its_word() {
        let (once, _) = norm("HІ\u{306}Е g");
        assert_eq!(norm(&once), (once.clone(), 0));
        assert_eq!(once, "H\u{12C}E g");
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
            let repaired = repair_words(&mut walked).report.script_repairs() > 0;
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
            "\u{530}Ա\u{53F}",
        ] {
            assert_eq!(nfc_safe_prefix(text), char_safe_prefix(text), "{text:?}");
        }
    }

    #[test]
    fn twins_are_the_look_alike_table() {
        for c in (0..0x2000u32).filter_map(char::from_u32) {
            let cyrillic = LOOKALIKES.iter().find(|(l, _)| *l == c).map(|(_, cy)| *cy);
            let latin = LOOKALIKES.iter().find(|(_, cy)| *cy == c).map(|(l, _)| *l);
            assert_eq!(to_cyrillic(c), cyrillic, "U+{:04X}", c as u32);
            assert_eq!(to_latin(c), latin, "U+{:04X}", c as u32);
            assert_eq!(
                has_twin(c),
                cyrillic.or(latin).is_some(),
                "U+{:04X}",
                c as u32
            );
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

    fn report(text: &str) -> (String, NormalizeReport) {
        Normalizer {
            repair_mixed_script: true,
        }
        .normalize(text)
    }

    #[test]
    fn a_small_word_glued_to_a_capital_of_the_other_script_gets_its_space_back() {
        let (out, r) = report("Компания договорилась сMicrosoft о поставках.");
        assert_eq!(out, "Компания договорилась с Microsoft о поставках.");
        assert_eq!((r.split_glued_words, r.to_latin, r.to_cyrillic), (1, 0, 0));
        assert_eq!(
            norm("Новость первым опубликовал сайтReuters, затем другие."),
            (
                "Новость первым опубликовал сайт Reuters, затем другие.".into(),
                1
            )
        );
        // The capital after a Latin word opens the next sentence.
        assert_eq!(
            norm("Запись идёт в ZoomВ субботу связь пропала."),
            ("Запись идёт в Zoom В субботу связь пропала.".into(), 1)
        );
    }

    #[test]
    fn camel_case_names_and_capitals_with_a_small_digraph_letter_are_not_split() {
        // Cyrillic е in a name written with Latin letters.
        let (out, r) = report("Справку можно получить на еGov за минуту.");
        assert_eq!(out, "Справку можно получить на eGov за минуту.");
        assert_eq!((r.split_glued_words, r.to_latin), (0, 1));
        // Kazakh Latin writes the digraph `Sh` in capitals too; here with a Cyrillic І.
        assert_eq!(norm("ESEPShІ LAVAZYMYNA"), ("ESEPShI LAVAZYMYNA".into(), 1));
    }

    #[test]
    fn latin_i_for_kazakh_i_does_not_make_a_word_latin() {
        // Latin i with a Cyrillic с: the с says Cyrillic, whatever the i's.
        assert_eq!(
            norm("Сот бұл iсi бойынша шешім шығарды."),
            ("Сот бұл ісі бойынша шешім шығарды.".into(), 1)
        );
        // Cyrillic І with Latin B and M says Latin.
        assert_eq!(
            norm("Bul jobaǵa ІBM kompanııasy qatysady."),
            ("Bul jobaǵa IBM kompanııasy qatysady.".into(), 1)
        );
    }

    #[test]
    fn a_word_its_letters_cannot_settle_takes_the_script_of_its_line() {
        // Latin O with Cyrillic Р: one letter each way.
        assert_eq!(
            norm("Депутаты фракции OР проголосовали против."),
            ("Депутаты фракции ОР проголосовали против.".into(), 1)
        );
        assert_eq!(
            norm("Members of the ОP group voted against it."),
            ("Members of the OP group voted against it.".into(), 1)
        );
        // No line script either: left as written.
        assert_eq!(norm("OР"), ("OР".into(), 0));
    }

    #[test]
    fn small_letters_of_the_line_script_after_a_latin_word_are_not_look_alikes() {
        // A Russian `о` glued to a domain name, and a Kazakh suffix.
        assert_eq!(
            norm("Подробности на сайте bank.kzо скидках."),
            ("Подробности на сайте bank.kzо скидках.".into(), 0)
        );
        assert_eq!(
            norm("Бұл туралы Zoomда айтылды."),
            ("Бұл туралы Zoomда айтылды.".into(), 0)
        );
        // In Latin text the same shape is a typo.
        assert_eq!(
            norm("The new office of Kaspi bankс opened."),
            ("The new office of Kaspi bankc opened.".into(), 1)
        );
    }

    #[test]
    fn look_alike_typos_in_names_are_still_repaired() {
        // A first letter typed on the other keyboard layout.
        assert_eq!(
            norm("Сайт аlmaty.kz и компания Тoyota."),
            ("Сайт almaty.kz и компания Toyota.".into(), 2)
        );
        let (_, r) = report("Мicrosoft және Қaзaқстан");
        assert_eq!((r.to_latin, r.to_cyrillic, r.script_repairs()), (1, 1, 2));
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
            proptest::prop_assert_eq!(report.script_repairs(), 0);
        }

        /// The same over text made of look-alike letters, case changes and lines of either
        /// script, where repairs depend on the line's script and glued words are split.
        #[test]
        fn look_alike_repair_is_idempotent(
            text in "[aceiopxyhəABCEHIKMOPTXYƏdgklsаеіорсухһәАВЕКМНОРСТХІӘдлжқңё _\n.\u{306}\u{308}]{0,80}"
        ) {
            let (once, _) = Normalizer { repair_mixed_script: true }.normalize(&text);
            let (twice, report) = Normalizer { repair_mixed_script: true }.normalize(&once);
            proptest::prop_assert_eq!(&twice, &once);
            proptest::prop_assert_eq!(report, NormalizeReport::default());
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
            if repair_words(&mut walked).report.script_repairs() > 0 {
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
