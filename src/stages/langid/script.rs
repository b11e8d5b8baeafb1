//! ISO 15924 script of characters and texts.
//!
//! Only scripts that lid.176 languages are written in are named; everything
//! else counts as `Zyyy` (undetermined) so that digits, punctuation and
//! emoji never decide a document's script.

/// Scripts in a fixed order; ties between equally frequent scripts go to the
/// earlier one so `script_of` is deterministic.
pub(crate) const SCRIPTS: [&str; 34] = [
    "Latn", "Cyrl", "Arab", "Hani", "Hira", "Kana", "Hang", "Grek", "Armn", "Geor", "Hebr", "Deva",
    "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Thai", "Laoo", "Tibt",
    "Mymr", "Khmr", "Ethi", "Thaa", "Mong", "Syrc", "Cher", "Cans", "Tfng", "Zyyy",
];

pub(crate) const LATN: u8 = 0;
pub(crate) const CYRL: u8 = 1;
pub(crate) const ARAB: u8 = 2;
pub(crate) const ZYYY: u8 = (SCRIPTS.len() - 1) as u8;
pub(crate) const HANI: u8 = 3;
pub(crate) const HIRA: u8 = 4;
pub(crate) const KANA: u8 = 5;

/// Marks a code point of `FAST` whose script needs the full lookup.
const SLOW: u8 = u8::MAX;

/// Script index of every code point below U+0530 that needs no Unicode property lookup
/// (ASCII, Latin-1 and Latin Extended letters, Cyrillic): the bulk of every text we label.
static FAST: [u8; 0x530] = {
    let mut t = [SLOW; 0x530];
    let mut cp = 0;
    while cp < 0x530 {
        t[cp] = match cp {
            0x41..=0x5A | 0x61..=0x7A => LATN,
            0x00..=0x7F | 0x0482..=0x0489 => ZYYY,
            0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F => LATN,
            0x0400..=0x0481 | 0x048A..=0x052F => CYRL,
            _ => SLOW,
        };
        cp += 1;
    }
    t
};

/// Index into `SCRIPTS` of one character; `ZYYY` for non-letters.
pub(crate) fn script_index(c: char) -> u8 {
    match FAST.get(c as usize) {
        Some(&s) if s != SLOW => s,
        _ => script_index_slow(c),
    }
}

fn script_index_slow(c: char) -> u8 {
    if c.is_ascii() {
        return if c.is_ascii_alphabetic() { LATN } else { ZYYY };
    }
    let cp = c as u32;
    // Blocks where every code point a text uses is a letter skip the slow
    // Unicode property lookup; they carry nearly all the text we see.
    match cp {
        0x00C0..=0x00D6 | 0x00D8..=0x00F6 | 0x00F8..=0x024F => return LATN,
        0x0400..=0x0481 | 0x048A..=0x052F => return CYRL,
        0x0482..=0x0489 => return ZYYY,
        0x0621..=0x063A | 0x0641..=0x064A => return ARAB,
        0x4E00..=0x9FFF => return 3,
        0xAC00..=0xD7A3 => return 6,
        // Modifier letters used as Uzbek/Hawaiian apostrophes (ʻ ʼ) belong to Latin text.
        0x02B0..=0x02FF => return if c.is_alphabetic() { LATN } else { ZYYY },
        _ => {}
    }
    let idx = block_script(cp);
    // Marks and digits inside a script block (e.g. Devanagari digits) are not letters.
    if idx != ZYYY && !c.is_alphabetic() {
        ZYYY
    } else {
        idx
    }
}

/// Script of the Unicode block that holds `cp`.
fn block_script(cp: u32) -> u8 {
    match cp {
        0x00C0..=0x024F
        | 0x1E00..=0x1EFF
        | 0x2C60..=0x2C7F
        | 0xA720..=0xA7FF
        | 0xFF21..=0xFF3A
        | 0xFF41..=0xFF5A => LATN,
        0x0250..=0x02AF | 0x1D00..=0x1DBF => LATN,
        0x0370..=0x03FF | 0x1F00..=0x1FFF => 7,
        0x0400..=0x052F | 0x1C80..=0x1C8F | 0x2DE0..=0x2DFF | 0xA640..=0xA69F => CYRL,
        0x0530..=0x058F => 8,
        0x0590..=0x05FF => 10,
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => {
            ARAB
        }
        0x0700..=0x074F => 29,
        0x0780..=0x07BF => 27,
        0x0900..=0x097F => 11,
        0x0980..=0x09FF => 12,
        0x0A00..=0x0A7F => 13,
        0x0A80..=0x0AFF => 14,
        0x0B00..=0x0B7F => 15,
        0x0B80..=0x0BFF => 16,
        0x0C00..=0x0C7F => 17,
        0x0C80..=0x0CFF => 18,
        0x0D00..=0x0D7F => 19,
        0x0D80..=0x0DFF => 20,
        0x0E00..=0x0E7F => 21,
        0x0E80..=0x0EFF => 22,
        0x0F00..=0x0FFF => 23,
        0x1000..=0x109F => 24,
        0x10A0..=0x10FF | 0x2D00..=0x2D2F | 0x1C90..=0x1CBF => 9,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF => 6,
        0x1200..=0x139F | 0x2D80..=0x2DDF => 26,
        0x13A0..=0x13FF => 30,
        0x1400..=0x167F => 31,
        0x1780..=0x17FF | 0x19E0..=0x19FF => 25,
        0x1800..=0x18AF => 28,
        0x2D30..=0x2D7F => 32,
        0x3040..=0x309F => 4,
        0x30A0..=0x30FF | 0x31F0..=0x31FF | 0xFF66..=0xFF9F => 5,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F => 3,
        _ => ZYYY,
    }
}

/// Letter counts per script of a text.
pub(crate) fn count_scripts(text: &str) -> [u32; SCRIPTS.len()] {
    let mut counts = [0u32; SCRIPTS.len()];
    for c in text.chars() {
        counts[script_index(c) as usize] += 1;
    }
    counts
}

/// Index of the most frequent real script, `ZYYY` when the text has no letters.
pub(crate) fn dominant(counts: &[u32; SCRIPTS.len()]) -> u8 {
    let mut best = ZYYY;
    let mut best_n = 0;
    for (i, &n) in counts.iter().enumerate().take(SCRIPTS.len() - 1) {
        if n > best_n {
            best = i as u8;
            best_n = n;
        }
    }
    best
}

/// ISO 15924 code of the dominant script of `text` (`Zyyy` if it has no letters).
pub fn script_of(text: &str) -> &'static str {
    SCRIPTS[dominant(&count_scripts(text)) as usize]
}

#[cfg(test)]
mod tests {
    #[test]
    fn fast_table_agrees_with_the_full_lookup() {
        for c in '\0'..='\u{052F}' {
            assert_eq!(super::script_index(c), super::script_index_slow(c), "{c:?}");
        }
    }
}
