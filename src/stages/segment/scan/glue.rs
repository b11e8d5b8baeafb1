//! Sentences glued together without a space, as scrapers store text whose
//! paragraph breaks they dropped: "тенге.Представители", "лет.19 января",
//! "родину."Данные", "egov.kz.Далее", and a heading run into its paragraph
//! ("…влияет на тенгеПри снижении…").
//!
//! The evidence for a lost break is the shape of both sides: an ordinary
//! word (or a domain) before the full stop, and the start of a sentence
//! after it. Everything else glued to a dot (initials "М.Әуезов", "г.Алматы",
//! "3.5", "1.2.3", e-mail addresses, "Node.js") stays inside its sentence.
//!
//! Every terminal mark with no space after it is decided here (`glued`):
//! CJK and script full stops need no space, so only Latin and Cyrillic dots
//! need the evidence above.

use super::Scanner;
use super::prev::Prev;
use super::terminal::{Cluster, Kind};
use super::words::{is_word_char, word_len};
use crate::stages::segment::chars::{
    is_cjk, is_closer, is_lower, is_opener, is_terminal, is_upper,
};

/// Most words a glued heading may have before the glue: headings are short
/// phrases, so a case change far into a sentence is a name ("…компании
/// KazMunayGas"), not a lost paragraph break.
const HEADING_MAX_WORDS: usize = 12;
/// Fewest whole words of a heading before the word it is glued to. Link text
/// glued inside a sentence follows one or two words ("РанееТокаев",
/// "19 январяНацбанк"); a heading is a phrase of its own.
const HEADING_MIN_WORDS: usize = 3;
/// Fewest letters of the word part before a glued capital. Camel-case names
/// split into short parts ("МакДональдс", "YouTube", "eGov").
const HEADING_MIN_PREFIX: usize = 4;
/// Bytes of a unit searched for a glued heading: twelve words of Cyrillic.
const HEADING_MAX_BYTES: usize = 300;

impl Scanner<'_> {
    /// A terminal with no space after it: CJK and script full stops still end
    /// the sentence; a Latin/Cyrillic dot only where a space was evidently lost
    /// ("болды.Бұл", see `lost_space`), never inside URLs, e-mails, numbers or "Node.js".
    /// Inside a quotation (`quoted`) only a full stop after a small word ends
    /// a sentence: quoted speech runs on ("…кинотеатр.Стоимость…"), a quoted
    /// title keeps its capitalised parts ("Москва.Слёзы").
    pub(super) fn glued(&self, cl: &Cluster, c: char, quoted: bool) -> bool {
        let after = self.char_at(cl.end + c.len_utf8());
        let starts_word =
            is_upper(c) && (after.is_some_and(is_lower) || self.roman_word_at(cl.end));
        if quoted && cl.kind != Kind::Period {
            return false;
        }
        match cl.kind {
            Kind::Hard => !(c == ',' || c == '、' || is_terminal(c) || is_closer(c)),
            Kind::QuestionExclamation => is_cjk(c) || is_upper(c),
            Kind::Ellipsis => starts_word,
            Kind::Period => !cl.closed && self.lost_space(cl.start, cl.end, c, quoted),
        }
    }

    /// A full stop with no space after it ends a sentence when an ordinary
    /// word (or a domain: "egov.kz.") stands before it and a sentence opens
    /// right after it: a capitalised word, a number, or an opening quote.
    fn lost_space(&self, dot: usize, after: usize, c: char, quoted: bool) -> bool {
        // Most glued dots are in numbers, domains and file names: the cheap
        // look at the next character rules them out before any lookup.
        let digit_before = dot
            .checked_sub(1)
            .and_then(|i| self.bytes.get(i))
            .is_some_and(u8::is_ascii_digit);
        let may_open = !digit_before
            && (is_upper(c) || c.is_ascii_digit() || matches!(c, '"' | '«' | '“' | '„'));
        let glued =
            may_open && self.glued_opening(after, c) && self.word_before_glue_ends(dot, quoted);
        if glued {
            self.glued_seen.set(true);
        }
        glued
    }

    /// The token before a glued dot is an ordinary word ("регистрации",
    /// "он", "Кеслер"), an acronym ("ЧС") or a domain name ("egov.kz"), not
    /// an abbreviation, initial or number. Inside a quotation only a small
    /// word counts (see `Scanner::glued`).
    fn word_before_glue_ends(&self, dot: usize, quoted: bool) -> bool {
        let (_, tok) = self.token_before(dot);
        // "…войны".Напомним": the quote closed before the full stop.
        let tok = tok.trim_end_matches(is_closer);
        if quoted && !tok.starts_with(is_lower) {
            return false;
        }
        if let Some((host, tld)) = tok.rsplit_once('.') {
            // "т.е", "кв.м", "e.g" end in one letter; a top-level domain has more.
            return !host.is_empty()
                && !host.ends_with('.')
                && tld.len() >= 2
                && tld.bytes().all(|b| b.is_ascii_lowercase());
        }
        let mut chars = tok.chars();
        let Some(first) = chars.next() else {
            return false;
        };
        let rest_lower = chars.all(|c| is_lower(c) || c == '-');
        let letters = tok.chars().count();
        let acronym = !quoted && letters >= 2 && tok.chars().all(is_upper);
        let word =
            rest_lower && (is_lower(first) && letters >= 2 || is_upper(first) && letters >= 3);
        let shaped = word || acronym;
        shaped && matches!(self.classify_prev(dot), Prev::Word | Prev::Final)
    }

    /// What follows a glued dot opens a sentence: a capitalised word (or a
    /// one-letter one: "регистрации.С помощью"), a number standing alone
    /// ("лет.19 января"), or an opening quote before a capital
    /// ("родину."Данные"), which then belongs to the new sentence.
    fn glued_opening(&self, after: usize, c: char) -> bool {
        let quoted = match c {
            '«' | '“' | '„' => true,
            '"' => self.depth.straight == 0,
            _ => false,
        };
        let start = if quoted { after + c.len_utf8() } else { after };
        let Some(first) = self.char_at(start) else {
            return false;
        };
        // Cheap character checks first: most glued dots are initials.
        let shaped = if first.is_ascii_digit() {
            !quoted
        } else if is_upper(first) {
            let second = self.char_at(start + first.len_utf8());
            // "регистрации.С помощью": a one-letter word; "жағдайы.XVIII
            // ғасырда": a century.
            second.is_none_or(|n| is_lower(n) || (!n.is_alphanumeric() && n != '.'))
                || (!quoted
                    && matches!(first, 'I' | 'V' | 'X' | 'L' | 'C' | 'M')
                    && self.roman_word_at(start))
        } else {
            false
        };
        if !shaped {
            return false;
        }
        let word = self.word_after(start);
        let word = word.trim_end_matches(|c: char| {
            is_terminal(c) || is_closer(c) || matches!(c, ',' | ';' | ':')
        });
        if first.is_ascii_digit() {
            return !word.is_empty() && word.bytes().all(|b| b.is_ascii_digit());
        }
        !word.is_empty() && !word.contains(['@', '/', ':', '_', '.', '\\'])
    }

    /// Sentence starts where a heading was glued to the paragraph after it.
    /// Only looked for in text that has shown it lost its paragraph breaks
    /// (a full stop glued to the next sentence somewhere in it): elsewhere a
    /// case change inside a word is a name, and the search would cost time.
    pub(super) fn glued_heading_cuts(&self) -> Vec<usize> {
        self.units()
            .filter_map(|(start, end)| {
                let unit = self.text.get(start..end)?;
                let at = quoted_heading_end(unit).or_else(|| {
                    may_hold_glue(unit)
                        .then(|| self.heading_glue(unit))
                        .flatten()
                })?;
                Some(start + at)
            })
            .collect()
    }

    /// "Как снижение ставки влияет на тенгеПри снижении…": within the first
    /// words of a unit, a small letter followed straight away by a capital that
    /// opens a word, both of one script, after a heading of several words. A
    /// change of script ("передаетTengrinews.kz") is link text glued inside a
    /// sentence, and short word parts are camel-case names. Headings seldom
    /// hold a comma, while a clause with one often runs on into a linked name
    /// ("днём на севере, западеАкмолинской области"), so after a comma only
    /// a typical sentence opener ("…, востокеПри этом") counts.
    fn heading_glue(&self, unit: &str) -> Option<usize> {
        let script_of = unit.chars().find(|c| c.is_alphabetic())?;
        let mut words = 0;
        let mut offset = 0;
        let mut comma = false;
        for token in unit.split(' ') {
            let at = offset;
            offset += token.len() + 1;
            if token.is_empty() {
                continue;
            }
            let rest = unit.get(at + token.len()..).unwrap_or("");
            if words >= HEADING_MIN_WORDS
                && let Some(p) = glue_in_token(token, rest, script_of)
            {
                let opener = token.get(p..).map(|w| w.get(..word_len(w)).unwrap_or(""));
                let ok = !comma || opener.is_some_and(|w| self.in_set(&self.rules.starters, w));
                return ok.then_some(at + p);
            }
            words += 1;
            comma |= token.contains(',');
            if words > HEADING_MAX_WORDS || token.ends_with(|c: char| is_terminal(c) || c == ':') {
                return None;
            }
        }
        None
    }
}

/// Byte offset in `token` of a capital glued to the small letters before
/// it, where those letters are a whole word part of `HEADING_MIN_PREFIX`
/// letters or more, in the script of `script_of`, the unit's first letter
/// (a Latin name inside Cyrillic text, "кружки DamuBala", is no heading).
/// `rest` is the text after the token.
fn glue_in_token(token: &str, rest: &str, script_of: char) -> Option<usize> {
    let core = token.trim_start_matches(is_opener);
    let lead = token.len() - core.len();
    let mut prefix = 0;
    let mut prev: Option<char> = None;
    let mut iter = core.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        if let Some(p) = prev
            && is_lower(p)
            && is_upper(c)
        {
            let opens = match next {
                Some(n) => is_lower(n),
                // A one-letter word: "КазахстанеВ феврале".
                None => rest.starts_with(' '),
            };
            let ok = opens
                && prefix >= HEADING_MIN_PREFIX
                && same_script(p, c)
                && same_script(c, script_of);
            return ok.then_some(lead + i);
        }
        if !is_word_char(c) || (prefix > 0 && !is_lower(c)) {
            return None;
        }
        prefix += 1;
        prev = Some(c);
    }
    None
}

/// A cheap byte test before `heading_glue` decodes anything: within the
/// bytes a heading can span, some capital comes right after a small letter
/// (ASCII, or two-byte Cyrillic: `D0 80..=AF` capitals, `D0 B0..` and `D1`
/// small letters, the extended block `D2`/`D3` by its case).
fn may_hold_glue(unit: &str) -> bool {
    let b = unit.as_bytes();
    let span = b.len().min(HEADING_MAX_BYTES);
    let mut prev_lower = false;
    let mut i = 0;
    while i < span {
        let c = b.get(i).copied().unwrap_or(0);
        let (upper, lower, width) = match c {
            b'a'..=b'z' => (false, true, 1),
            b'A'..=b'Z' => (true, false, 1),
            0xD0 => {
                let n = b.get(i + 1).copied().unwrap_or(0);
                let upper = (0x80..=0xAF).contains(&n);
                (upper, !upper, 2)
            }
            0xD1 => (false, true, 2),
            0xD2 | 0xD3 => {
                let n = b.get(i + 1).copied().unwrap_or(0);
                let cp = (u32::from(c & 0x1F) << 6) | u32::from(n & 0x3F);
                let upper = char::from_u32(cp).is_some_and(is_upper);
                (upper, !upper, 2)
            }
            _ => (false, false, 1),
        };
        if upper && prev_lower {
            return true;
        }
        prev_lower = lower;
        i += width;
    }
    false
}

/// Both letters Cyrillic or both Latin.
fn same_script(a: char, b: char) -> bool {
    let cyr = |c: char| matches!(c, '\u{0400}'..='\u{052F}');
    cyr(a) == cyr(b) && !is_cjk(a) && !is_cjk(b)
}

/// ""Елорда жастары"Требования…": a unit that opens with a quoted title whose
/// closing quote is glued to a capitalised word; the title is a heading.
fn quoted_heading_end(unit: &str) -> Option<usize> {
    let open = unit.chars().next()?;
    let close = match open {
        '"' => '"',
        '«' => '»',
        '“' => '”',
        _ => return None,
    };
    let body = unit.get(open.len_utf8()..)?;
    let end = body.char_indices().take(120).find(|&(_, c)| c == close)?.0;
    let title = body.get(..end)?;
    // A straight quote after a space opens a nested quotation instead.
    let attached = title.trim() == title;
    if !attached || title.is_empty() || title.contains(|c: char| is_terminal(c) || c == '\n') {
        return None;
    }
    let after = open.len_utf8() + end + close.len_utf8();
    let mut next = unit.get(after..)?.chars();
    let opens = match (next.next(), next.next()) {
        (Some(a), Some(b)) => is_upper(a) && (is_lower(b) || b == ' '),
        _ => false,
    };
    opens.then_some(after)
}
