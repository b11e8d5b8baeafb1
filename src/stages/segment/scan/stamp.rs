//! Time stamps of e-mail headers: "Mike Lee 07/06/2000 02:57 PM Please call…".
//! A forwarded message's header line ends with the date and clock time it
//! was sent; when its line break is lost, the capital after the time stamp
//! opens the next unit. A date alone ("on 4/14/00 we met") says nothing.

use super::Scanner;
use crate::stages::segment::chars::is_upper;

impl Scanner<'_> {
    /// End of a `M/D/YYYY H:MM[:SS] [AM|PM]` time stamp whose first slash is
    /// at `slash`, when whitespace and a capital follow it.
    pub(super) fn time_stamp_end(&self, slash: usize) -> Option<usize> {
        let b = self.bytes;
        let month = digits_back(b, slash);
        let before = slash.checked_sub(month + 1).map(|i| b.get(i));
        if !(1..=2).contains(&month)
            || before.is_some_and(|c| !c.is_some_and(u8::is_ascii_whitespace))
        {
            return None;
        }
        let mut p = slash + 1;
        p = expect_digits(b, p, 1, 2)?;
        p = expect_byte(b, p, b'/')?;
        p = expect_digits(b, p, 2, 4)?;
        p = expect_byte(b, p, b' ')?;
        p = expect_digits(b, p, 1, 2)?;
        p = expect_byte(b, p, b':')?;
        p = expect_digits(b, p, 2, 2)?;
        if b.get(p) == Some(&b':') {
            p = expect_digits(b, p + 1, 2, 2)?;
        }
        for meridiem in [&b" AM"[..], b" PM"] {
            if b.get(p..p + 3) == Some(meridiem) {
                p += 3;
            }
        }
        if !b.get(p).is_some_and(u8::is_ascii_whitespace) {
            return None;
        }
        let next = self.text.get(p..)?.trim_start().chars().next()?;
        is_upper(next).then_some(p)
    }
}

/// Number of ASCII digits right before `end`.
fn digits_back(b: &[u8], end: usize) -> usize {
    b.get(..end).map_or(0, |head| {
        head.iter().rev().take_while(|c| c.is_ascii_digit()).count()
    })
}

/// Position after `min..=max` ASCII digits starting at `p`.
fn expect_digits(b: &[u8], p: usize, min: usize, max: usize) -> Option<usize> {
    let n = b
        .get(p..)?
        .iter()
        .take_while(|c| c.is_ascii_digit())
        .count();
    (min..=max).contains(&n).then_some(p + n)
}

fn expect_byte(b: &[u8], p: usize, want: u8) -> Option<usize> {
    (b.get(p) == Some(&want)).then_some(p + 1)
}
