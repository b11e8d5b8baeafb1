//! Lowercasing a token for a word-list lookup without allocating: the
//! scanner looks words up at most candidates, so this is on the hot path.

use super::words::MAX_TOKEN;
use crate::stages::segment::chars::is_format;

/// A token lowercased into a stack buffer, so list lookups never allocate.
/// Callers pass at most `MAX_TOKEN`-ish bytes; a longer token is cut short,
/// which can only make it miss (entries are shorter than that).
pub(in crate::stages::segment) struct Lower {
    buf: [u8; 4 * MAX_TOKEN],
    len: usize,
}

impl Lower {
    pub(in crate::stages::segment) fn as_str(&self) -> &str {
        std::str::from_utf8(self.buf.get(..self.len).unwrap_or(&[])).unwrap_or("")
    }

    fn push(&mut self, c: char) -> bool {
        let n = c.len_utf8();
        let Some(dst) = self.buf.get_mut(self.len..self.len + n) else {
            return false;
        };
        c.encode_utf8(dst);
        self.len += n;
        true
    }
}

impl std::fmt::Display for Lower {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

pub(in crate::stages::segment) fn lowercase(s: &str) -> Lower {
    let mut out = Lower {
        buf: [0; 4 * MAX_TOKEN],
        len: 0,
    };
    for c in s.chars().filter(|c| !is_format(*c)) {
        let fits = match fast_lower(c) {
            Some(l) => out.push(l),
            None => c.to_lowercase().all(|l| out.push(l)),
        };
        if !fits {
            break;
        }
    }
    out
}

/// Lowercase of ASCII and Cyrillic letters (the bulk of the text this tool
/// sees) without the Unicode tables; None means "ask the tables".
fn fast_lower(c: char) -> Option<char> {
    let n = u32::from(c);
    let lower = match n {
        0x00..=0x7F => return Some(c.to_ascii_lowercase()),
        0x0400..=0x040F => n + 0x50,
        0x0410..=0x042F => n + 0x20,
        0x0430..=0x045F => n,
        // Extended Cyrillic (Kazakh Ә Ғ Қ Ң Ө Ұ Ү Һ): capital even, small odd…
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x04FF => n | 1,
        // …except here, where the capital is odd.
        0x04C1..=0x04CE => n + (n % 2),
        _ => return None,
    };
    char::from_u32(lower)
}
