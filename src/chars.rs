//! Character classes and case folding with table-free fast paths for ASCII and Cyrillic, the
//! bulk of what corpusmill reads; other scripts fall back to the standard library.

/// Letters, fast for ASCII and Cyrillic.
pub fn is_letter(c: char) -> bool {
    match c {
        'a'..='z' | 'A'..='Z' | '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{04FF}' => true,
        '\0'..='\u{7F}' => false,
        c => c.is_alphabetic(),
    }
}

/// Letters and digits.
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_digit() || is_letter(c) || (!c.is_ascii() && c.is_numeric())
}

/// Lowercase of one character (the first char of its lowercase form).
pub fn fold_case(c: char) -> char {
    match c {
        'A'..='Z' => c.to_ascii_lowercase(),
        '\u{0410}'..='\u{042F}' => char::from_u32(c as u32 + 0x20).unwrap_or(c),
        '\u{0400}'..='\u{040F}' => char::from_u32(c as u32 + 0x50).unwrap_or(c),
        '\0'..='\u{7F}' | '\u{0430}'..='\u{045F}' => c,
        c => c.to_lowercase().next().unwrap_or(c),
    }
}

/// Lowercase of a string, char by char through [`fold_case`] (enough for matching patterns).
pub fn lowercase(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_case).collect()
}

/// 64-bit FNV-1a of a string's characters after `map`.
pub fn fnv1a_chars(text: &str, map: impl Fn(char) -> char) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for c in text.chars().map(map) {
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
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
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                is_word_char(c),
                c.is_alphanumeric() && !('\u{0482}'..='\u{0489}').contains(&c),
                "{c:?}"
            );
        }
    }
}
