//! Character classes and case folding with table lookups for ASCII and Cyrillic, the bulk of
//! what corpusmill reads; other scripts fall back to the standard library.

/// Code points below this have entries in the fast tables.
const FAST_END: usize = 0x0530;

/// Class bits: a letter, an ASCII digit, or "ask the standard library".
const LETTER: u8 = 1;
const DIGIT: u8 = 2;
const UNKNOWN: u8 = 4;

/// Class of each code point below `FAST_END`. Kazakh letters (ә ғ қ ң ө ұ ү һ і) are here;
/// Latin-1 and Greek, and a few Cyrillic signs, go to the standard library.
static CLASS: [u8; FAST_END] = {
    let mut t = [UNKNOWN; FAST_END];
    let mut cp = 0;
    while cp < FAST_END {
        t[cp] = match cp {
            0x30..=0x39 => DIGIT,
            0x41..=0x5A | 0x61..=0x7A | 0x0400..=0x0481 | 0x048A..=0x04FF => LETTER,
            0x00..=0x7F => 0,
            _ => UNKNOWN,
        };
        cp += 1;
    }
    t
};

/// Lowercase of each code point below `FAST_END`, or `NO_FOLD` to ask the standard library.
const NO_FOLD: char = '\u{FFFF}';
static LOWER: [char; FAST_END] = {
    let mut t = [NO_FOLD; FAST_END];
    let mut i = 0;
    while i < FAST_END {
        let cp = i as u32;
        let folded = match cp {
            0x41..=0x5A | 0x0410..=0x042F => Some(cp + 0x20),
            0x0400..=0x040F => Some(cp + 0x50),
            0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x052F if cp & 1 == 0 => Some(cp + 1),
            0x04C1..=0x04CE if cp & 1 == 1 => Some(cp + 1),
            0x04C0 => Some(0x04CF),
            0x00..=0x7F | 0x0430..=0x052F => Some(cp),
            _ => None,
        };
        if let Some(f) = folded
            && let Some(c) = char::from_u32(f)
        {
            t[i] = c;
        }
        i += 1;
    }
    t
};

/// [`fold_case`] and [`letter_or_numeric`] of each code point below `FAST_END` in one word, for
/// walks that need both per character: the lowercase code point in the low 21 bits, then the
/// class bits from bit 24. `SLOW` where either table asks the standard library.
const SLOW: u32 = u32::MAX;
static FOLD_CLASS: [u32; FAST_END] = {
    let mut t = [SLOW; FAST_END];
    let mut i = 0;
    while i < FAST_END {
        let class = CLASS[i];
        if class & UNKNOWN == 0 && LOWER[i] != NO_FOLD {
            t[i] = LOWER[i] as u32 | (class as u32) << 24;
        }
        i += 1;
    }
    t
};

/// The lowercase of `c` as a code point, and whether `c` is a letter and whether it is numeric:
/// [`fold_case`] and [`letter_or_numeric`] with one table lookup for ASCII and Cyrillic.
#[inline]
pub fn fold_and_class(c: char) -> (u32, bool, bool) {
    match FOLD_CLASS.get(c as usize) {
        Some(&e) if e != SLOW => (
            e & 0x1F_FFFF,
            (e >> 24) & u32::from(LETTER) != 0,
            (e >> 24) & u32::from(DIGIT) != 0,
        ),
        _ => {
            let (letter, digit) = letter_or_numeric(c);
            (u32::from(fold_case(c)), letter, digit)
        }
    }
}

/// Letters, fast for ASCII and Cyrillic.
pub fn is_letter(c: char) -> bool {
    match CLASS.get(c as usize) {
        Some(&k) if k & UNKNOWN == 0 => k & LETTER != 0,
        _ => c.is_alphabetic(),
    }
}

/// Whether a character is a letter, and whether it is numeric, in one lookup.
pub fn letter_or_numeric(c: char) -> (bool, bool) {
    match CLASS.get(c as usize) {
        Some(&k) if k & UNKNOWN == 0 => (k & LETTER != 0, k & DIGIT != 0),
        _ => (c.is_alphabetic(), c.is_numeric()),
    }
}

/// Letters and digits.
#[cfg(test)]
pub fn is_word_char(c: char) -> bool {
    match CLASS.get(c as usize) {
        Some(&k) if k & UNKNOWN == 0 => k != 0,
        _ => c.is_alphanumeric(),
    }
}

/// Lowercase of one character (the first char of its lowercase form).
pub fn fold_case(c: char) -> char {
    match LOWER.get(c as usize) {
        Some(&l) if l != NO_FOLD => l,
        _ => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Lowercase of a string, char by char through [`fold_case`] (enough for matching patterns).
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // Sized up front: collecting chars would grow the string from a quarter of its length. Runs
    // of characters that are their own lowercase (most of running text) are copied whole, and
    // the common ones (ASCII other than capitals, small Russian letters) are told by their bytes
    // without decoding: this runs on every short line and on long lines searched for furniture.
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut run, mut i) = (0, 0);
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x80 {
            if !b.is_ascii_uppercase() {
                i += 1;
                continue;
            }
        } else if let Some(&next) = bytes.get(i + 1)
            && ((b == 0xD0 && next >= 0xB0) || (b == 0xD1 && next < 0xA0))
        {
            i += 2;
            continue;
        }
        let c = text[i..].chars().next().unwrap_or_default();
        let lower = fold_case(c);
        if lower != c {
            out.push_str(&text[run..i]);
            out.push(lower);
            run = i + c.len_utf8();
        }
        i += c.len_utf8().max(1);
    }
    out.push_str(&text[run..]);
    out
}

/// 64-bit FNV-1a, which line keys, MinHash words and small word tables hash with.
pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
pub const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

/// 64-bit FNV-1a of a string's characters after `map` (the reference the fused walks are tested
/// against).
#[cfg(test)]
pub fn fnv1a_chars(text: &str, map: impl Fn(char) -> char) -> u64 {
    let mut h = FNV_OFFSET;
    let mut buf = [0u8; 4];
    for c in text.chars().map(map) {
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
    }
    h
}

/// FNV-1a as a `Hasher` for tables keyed by short words, where SipHash's setup dominates.
#[derive(Default, Clone, Copy)]
pub struct Fnv(u64);

impl std::hash::Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 { FNV_OFFSET } else { self.0 };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(FNV_PRIME);
        }
        self.0 = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lowercase_is_fold_case_of_every_char() {
        for text in [
            "Астана ҚАЗАҚСТАН Ölke",
            "ПРЕЗИДЕНТ",
            "mixed Ω ẞ K İ",
            "ѰѱѢѣЀЏѐџ",
            "",
        ] {
            let expected: String = text.chars().map(fold_case).collect();
            assert_eq!(lowercase(text), expected, "{text}");
        }
    }

    proptest::proptest! {
        #[test]
        fn lowercase_byte_shortcuts_equal_fold_case(text in "[a-zA-Zа-яА-ЯёЁәӘіІңҢғҒүҮұҰқҚөӨһҺѐ-ӿ .,!0-9ÀÉßİΩ\\PC]{0,80}") {
            let expected: String = text.chars().map(fold_case).collect();
            proptest::prop_assert_eq!(lowercase(&text), expected);
        }
    }

    #[test]
    fn fast_paths_agree_with_std() {
        for c in ('\0'..='\u{052F}').chain('\u{1E00}'..='\u{1EFF}') {
            assert_eq!(
                is_letter(c),
                c.is_alphabetic() && !('\u{0482}'..='\u{0489}').contains(&c),
                "{c:?}"
            );
            assert_eq!(Some(fold_case(c)), c.to_lowercase().next(), "{c:?}");
            assert_eq!(
                letter_or_numeric(c),
                (is_letter(c), c.is_numeric()),
                "{c:?}"
            );
            assert_eq!(
                is_word_char(c),
                c.is_alphanumeric() && !('\u{0482}'..='\u{0489}').contains(&c),
                "{c:?}"
            );
            let (letter, digit) = letter_or_numeric(c);
            assert_eq!(
                fold_and_class(c),
                (u32::from(fold_case(c)), letter, digit),
                "{c:?}"
            );
        }
    }
}
