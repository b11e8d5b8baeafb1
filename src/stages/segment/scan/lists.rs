//! List markers ("1.", "2)", "3.)", "a)") and their sequence: a marker's
//! dot ends no sentence, a marker opening a line starts one, and the
//! successor of the marker that opened a sentence starts the next item.

use super::Scanner;
use crate::stages::segment::chars::{is_lower, is_roman_numeral};

impl Scanner<'_> {
    /// "1. Milk 2. Bread": the successor of the marker that opened the sentence.
    pub(super) fn next_in_list(&self, tok: &str) -> bool {
        let Some(head) = self.text.get(self.content_start()..) else {
            return false;
        };
        let Some(len) = list_marker_len(head) else {
            return false;
        };
        let first = head.get(..len).unwrap_or("").trim_end_matches(['.', ')']);
        later_marker(first, tok)
    }

    pub(super) fn list_marker_at(&self, pos: usize) -> bool {
        let rest = self.text.get(pos..).unwrap_or("");
        let head = rest.split(char::is_whitespace).next().unwrap_or("");
        list_marker_len(head).is_some_and(|n| n == head.len())
    }
}

/// "1", "12", "IV", "a", "б" before a dot at the start of a sentence.
pub(super) fn is_list_marker(tok: &str) -> bool {
    let n = tok.chars().count();
    (tok.len() <= 3 && tok.bytes().all(|b| b.is_ascii_digit()))
        || is_roman_numeral(tok)
        || (n == 1 && tok.chars().all(is_lower))
}

/// Byte length of a list marker like "1.", "2)", "3.)", "a)" at the start of `s`.
pub(in crate::stages::segment) fn list_marker_len(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let body = if (1..=3).contains(&digits) {
        digits
    } else {
        let c = s.chars().next()?;
        if !is_lower(c) {
            return None;
        }
        c.len_utf8()
    };
    let rest = s.get(body..)?;
    let sep = if rest.starts_with(".)") {
        2
    } else if rest.starts_with('.') || rest.starts_with(')') {
        1
    } else {
        return None;
    };
    Some(body + sep)
}

/// The list marker after `marker` ("3" → "4", "b" → "c").
pub(in crate::stages::segment) fn successor(marker: &str) -> Option<String> {
    if let Ok(n) = marker.parse::<u32>() {
        return n.checked_add(1).map(|n| n.to_string());
    }
    let mut chars = marker.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    char::from_u32(c as u32 + 1)
        .filter(|n| is_lower(*n))
        .map(String::from)
}

/// "1. … 3." or "a. … c.": `tok` continues the list opened by `first`.
fn later_marker(first: &str, tok: &str) -> bool {
    if let (Ok(a), Ok(b)) = (first.parse::<u32>(), tok.parse::<u32>()) {
        return b > a && b - a <= 20;
    }
    let (mut f, mut t) = (first.chars(), tok.chars());
    match (f.next(), f.next(), t.next(), t.next()) {
        (Some(a), None, Some(b), None) => {
            is_lower(a) && is_lower(b) && b > a && (b as u32) - (a as u32) <= 20
        }
        _ => false,
    }
}
