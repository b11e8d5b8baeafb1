//! The boundary scanner: one pass over the bytes, stopping only at bytes that
//! can start a terminal mark, a bracket/quote, a bullet or a line break.
//! Every decision looks at a few tokens around the candidate and never
//! allocates except to lowercase a word for a list lookup.

use super::chars::{
    is_bullet, is_caseless_letter, is_cjk, is_closer, is_dash, is_format, is_hard_terminal,
    is_latin_or_cyrillic, is_opener, is_question_or_exclamation, is_roman_numeral, is_terminal,
    is_vowel,
};
use super::rules::LangRules;

/// How far ahead a closing quote or bracket may be for a terminal inside it
/// to be treated as quoted speech rather than a sentence end.
const CLOSER_LOOKAHEAD: usize = 400;
/// Longest token considered for abbreviation lookups.
const MAX_TOKEN: usize = 48;

/// Bytes the scanner must look at: ASCII marks and lead bytes of the
/// multi-byte marks (guillemets C2, Armenian D6, Arabic/Syriac/N'Ko D8–DF,
/// Indic/Myanmar/Ethiopic E0–E1, punctuation E2, CJK E3, fullwidth EF).
static CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    let ascii = b".!?\n()[]";
    let mut i = 0;
    while i < ascii.len() {
        t[ascii[i] as usize] = true;
        i += 1;
    }
    let leads = [
        0xC2u8, 0xD6, 0xD8, 0xDB, 0xDC, 0xDF, 0xE0, 0xE1, 0xE2, 0xE3, 0xEF,
    ];
    let mut j = 0;
    while j < leads.len() {
        t[leads[j] as usize] = true;
        j += 1;
    }
    t
};

/// Open brackets and quotes in the current sentence.
#[derive(Debug, Default, Clone, Copy)]
struct Depth {
    paren: u16,
    guillemet: u16,
    curly: u16,
    low_quote: u16,
    cjk: u16,
}

impl Depth {
    fn any(&self) -> bool {
        self.paren + self.guillemet + self.curly + self.low_quote + self.cjk > 0
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Period,
    Ellipsis,
    QuestionExclamation,
    Hard,
}

/// A run of terminal marks and closing quotes/brackets (`?!`, `.»`, `. . .`).
#[derive(Debug, Clone, Copy)]
struct Cluster {
    start: usize,
    end: usize,
    kind: Kind,
    question: bool,
    closed: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Lead {
    Upper,
    Lower,
    Digit,
    Caseless,
    Bullet,
    Symbol,
    Punct,
    End,
}

/// What follows a candidate boundary.
#[derive(Debug, Clone, Copy)]
struct Next<'a> {
    lead: Lead,
    via_open: bool,
    via_dash: bool,
    blank_line: bool,
    word: &'a str,
    word_dot: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Prev {
    Word,
    NonFinal,
    Abbrev,
    Final,
    Initial,
    Ordinal,
    ListMarker,
}

pub struct Scanner<'a> {
    text: &'a str,
    bytes: &'a [u8],
    rules: &'a LangRules,
    cuts: Vec<usize>,
    sent_start: usize,
    depth: Depth,
    para_start: usize,
    para_wrapped: Option<bool>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, rules: &'a LangRules) -> Self {
        Scanner {
            text,
            bytes: text.as_bytes(),
            rules,
            cuts: Vec::new(),
            sent_start: 0,
            depth: Depth::default(),
            para_start: 0,
            para_wrapped: None,
        }
    }

    /// Byte offsets where a new sentence starts (ascending).
    pub fn run(mut self) -> Vec<usize> {
        let mut i = 0;
        while let Some(off) = self
            .bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| CANDIDATE[b as usize]))
        {
            let at = i + off;
            i = self.step(at).max(at + 1);
        }
        self.cuts
    }

    fn char_at(&self, i: usize) -> Option<char> {
        self.text.get(i..).and_then(|s| s.chars().next())
    }

    fn step(&mut self, i: usize) -> usize {
        let Some(c) = self.char_at(i) else {
            return i + 1;
        };
        let next = i + c.len_utf8();
        match c {
            '\n' => self.on_newline(i),
            c if is_terminal(c) => self.on_terminal(i),
            c if is_bullet(c) => {
                self.on_bullet(i);
                next
            }
            c => {
                self.track_bracket(c);
                next
            }
        }
    }

    fn track_bracket(&mut self, c: char) {
        let d = &mut self.depth;
        match c {
            '(' | '[' => d.paren += 1,
            ')' | ']' => d.paren = d.paren.saturating_sub(1),
            '«' => d.guillemet += 1,
            '»' => d.guillemet = d.guillemet.saturating_sub(1),
            '„' => d.low_quote += 1,
            // German/Russian „…“ closes with “; English opens with it.
            '“' if d.low_quote > 0 => d.low_quote -= 1,
            '“' => d.curly += 1,
            '”' => d.curly = d.curly.saturating_sub(1),
            '《' | '「' | '『' | '（' | '【' | '〈' => d.cjk += 1,
            '》' | '」' | '』' | '）' | '】' | '〉' => d.cjk = d.cjk.saturating_sub(1),
            _ => {}
        }
    }

    fn cut(&mut self, pos: usize) {
        if pos > self.sent_start && self.text.is_char_boundary(pos) {
            self.cuts.push(pos);
            self.sent_start = pos;
            self.depth = Depth::default();
        }
    }

    fn on_bullet(&mut self, i: usize) {
        let after_space = self.text.get(..i).and_then(|s| s.chars().next_back());
        if after_space.is_some_and(char::is_whitespace) && !self.only_fillers(self.sent_start, i) {
            self.cut(i);
        }
    }

    /// True if `text[from..to]` holds nothing but spaces, openers and bullets.
    fn only_fillers(&self, from: usize, to: usize) -> bool {
        self.text.get(from..to).is_none_or(|s| {
            s.chars()
                .all(|c| c.is_whitespace() || is_opener(c) || is_bullet(c) || is_dash(c))
        })
    }

    fn on_terminal(&mut self, i: usize) -> usize {
        let cl = self.cluster(i);
        if !self.only_fillers(self.sent_start, i) && self.decide(&cl) {
            self.cut(cl.end);
        }
        cl.end
    }

    /// Consumes terminal marks, closers and the spaced ellipsis ". . .".
    fn cluster(&mut self, i: usize) -> Cluster {
        let mut cl = Cluster {
            start: i,
            end: i,
            kind: Kind::Period,
            question: false,
            closed: false,
        };
        let (mut dots, mut qe, mut hard) = (0usize, false, false);
        let mut p = i;
        while let Some(c) = self.char_at(p) {
            if is_terminal(c) {
                dots += usize::from(c == '.') + 2 * usize::from(c == '…');
                qe |= is_question_or_exclamation(c);
                cl.question |= matches!(c, '?' | '？' | '؟' | '⁇' | '⁈' | '⁉');
                hard |= is_hard_terminal(c);
            } else if c == ' ' && dots > 0 && self.spaced_dot(p) {
                dots += 1;
            } else if is_closer(c) && self.closer_here(p, c) {
                self.track_bracket(c);
                cl.closed |= !is_format(c);
            } else {
                break;
            }
            p += c.len_utf8();
        }
        cl.end = p;
        cl.kind = if hard {
            Kind::Hard
        } else if qe {
            Kind::QuestionExclamation
        } else if dots >= 2 {
            Kind::Ellipsis
        } else {
            Kind::Period
        };
        cl
    }

    /// " ." inside ". . ." (the next dot follows a single space).
    fn spaced_dot(&self, p: usize) -> bool {
        self.bytes.get(p + 1) == Some(&b'.')
            && matches!(
                self.bytes.get(p + 2),
                None | Some(b' ' | b'.' | b'\n' | b'"')
            )
    }

    /// `"` and `'` close only when nothing word-like follows them.
    fn closer_here(&self, p: usize, c: char) -> bool {
        if !matches!(c, '"' | '\'') {
            return true;
        }
        self.char_at(p + 1)
            .is_none_or(|n| n.is_whitespace() || is_terminal(n) || is_closer(n) || n == ',')
    }

    fn decide(&self, cl: &Cluster) -> bool {
        match self.char_at(cl.end) {
            None => return false,
            Some(_) if self.inside_quote(cl.end) => return false,
            Some(c) if !c.is_whitespace() => return self.glued(cl, c),
            Some(_) => {}
        }
        let nx = self.next_info(cl.end);
        if nx.blank_line || nx.lead == Lead::End {
            return false;
        }
        match cl.kind {
            Kind::Hard => !matches!(nx.lead, Lead::Punct),
            Kind::QuestionExclamation => self.decide_qe(cl, &nx),
            Kind::Ellipsis => starts_sentence(&nx),
            Kind::Period if cl.closed => starts_sentence(&nx),
            Kind::Period => self.decide_period(cl, &nx),
        }
    }

    fn decide_qe(&self, cl: &Cluster, nx: &Next) -> bool {
        match nx.lead {
            Lead::Lower => {
                !nx.via_dash && !nx.via_open && cl.question && self.rules.question_before_lowercase
            }
            _ => starts_sentence(nx),
        }
    }

    fn decide_period(&self, cl: &Cluster, nx: &Next) -> bool {
        if !starts_sentence(nx) {
            return false;
        }
        let capital = matches!(nx.lead, Lead::Upper | Lead::Caseless);
        match self.classify_prev(cl.start) {
            Prev::Word => true,
            Prev::NonFinal | Prev::ListMarker => false,
            Prev::Abbrev | Prev::Initial | Prev::Ordinal => capital && self.is_starter(nx),
            Prev::Final => {
                (capital || nx.via_dash || nx.via_open)
                    && !self.is_initial_word(nx)
                    && !self.in_set(&self.rules.months, nx.word)
            }
        }
    }

    /// A terminal with no space after it: CJK and script full stops still end
    /// the sentence; a Latin/Cyrillic dot only where a space was evidently lost
    /// ("болды.Бұл"), never inside URLs, e-mails, numbers or "Node.js".
    fn glued(&self, cl: &Cluster, c: char) -> bool {
        let starts_word = c.is_uppercase()
            && self
                .char_at(cl.end + c.len_utf8())
                .is_some_and(char::is_lowercase);
        match cl.kind {
            Kind::Hard => !(c == ',' || c == '、' || is_terminal(c) || is_closer(c)),
            Kind::QuestionExclamation => is_cjk(c) || starts_word,
            Kind::Ellipsis => starts_word,
            Kind::Period => starts_word && !cl.closed && self.lost_space(cl.start, cl.end),
        }
    }

    fn lost_space(&self, dot: usize, after: usize) -> bool {
        let before = self.text.get(..dot).unwrap_or("");
        let word: String = before
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic())
            .collect();
        let whole_before = before.rsplit(char::is_whitespace).next().unwrap_or("");
        let rest = self.text.get(after..).unwrap_or("");
        let whole_after = rest.split(char::is_whitespace).next().unwrap_or("");
        word.chars().count() >= 3
            && word.chars().all(char::is_lowercase)
            && whole_before.len() == word.len()
            && !whole_after.contains(['@', '/', ':', '_', '.', '\\'])
    }

    /// A terminal inside «…», “…”, (…) or 《…》 whose closer is close ahead is
    /// part of quoted speech or a parenthetical, not the end of the sentence.
    fn inside_quote(&self, from: usize) -> bool {
        if !self.depth.any() {
            return false;
        }
        let d = self.depth;
        let limit = (from + CLOSER_LOOKAHEAD).min(self.text.len());
        let mut prev_newline = false;
        for (off, c) in self.text.get(from..).unwrap_or("").char_indices() {
            if from + off >= limit || (c == '\n' && prev_newline) {
                return false;
            }
            prev_newline = c == '\n';
            let closes = match c {
                ')' | ']' => d.paren > 0,
                '»' => d.guillemet > 0,
                '”' => d.curly > 0,
                '“' => d.low_quote > 0,
                '》' | '」' | '』' | '）' | '】' | '〉' => d.cjk > 0,
                _ => false,
            };
            if closes {
                return true;
            }
        }
        false
    }

    fn next_info(&self, from: usize) -> Next<'a> {
        let text: &'a str = self.text;
        let rest = text.get(from..).unwrap_or("");
        let mut newlines = 0;
        let mut start = None;
        for (off, c) in rest.char_indices() {
            if c == '\n' {
                newlines += 1;
            } else if !c.is_whitespace() {
                start = Some(from + off);
                break;
            }
        }
        let mut nx = Next {
            lead: Lead::End,
            via_open: false,
            via_dash: false,
            blank_line: newlines >= 2,
            word: "",
            word_dot: false,
        };
        let Some(mut q) = start else {
            return nx;
        };
        for _ in 0..6 {
            match self.char_at(q) {
                Some(c) if is_opener(c) => nx.via_open = true,
                Some(c) if is_dash(c) => nx.via_dash = true,
                Some(c) if c.is_whitespace() && c != '\n' && (nx.via_dash || nx.via_open) => {}
                _ => break,
            }
            q += self.char_at(q).map_or(1, char::len_utf8);
        }
        let Some(c) = self.char_at(q) else {
            return nx;
        };
        nx.lead = lead_of(c);
        let word = text.get(q..).unwrap_or("");
        let len = word_len(word);
        nx.word = word.get(..len).unwrap_or("");
        nx.word_dot = word.as_bytes().get(len) == Some(&b'.');
        nx
    }

    fn is_starter(&self, nx: &Next) -> bool {
        self.in_set(&self.rules.starters, nx.word)
    }

    fn is_initial_word(&self, nx: &Next) -> bool {
        nx.word_dot
            && (nx.word.chars().count() == 1 || self.in_set(&self.rules.initials, nx.word))
            && nx.word.chars().next().is_some_and(char::is_uppercase)
    }

    fn in_set(&self, set: &std::collections::HashSet<String>, word: &str) -> bool {
        !word.is_empty() && !set.is_empty() && set.contains(&lowercase(word))
    }

    /// The whitespace-delimited token before `end`, without leading openers.
    fn token_before(&self, end: usize) -> (usize, &'a str) {
        let text: &'a str = self.text;
        let before = text.get(..end).unwrap_or("");
        let mut start = end;
        for (idx, c) in before.char_indices().rev() {
            if c.is_whitespace() || end - idx > MAX_TOKEN {
                break;
            }
            start = idx;
        }
        let tok = text.get(start..end).unwrap_or("");
        let trimmed = tok.trim_start_matches(|c: char| is_opener(c) || is_bullet(c) || is_dash(c));
        (end - trimmed.len(), trimmed)
    }

    fn classify_prev(&self, dot: usize) -> Prev {
        let (start, tok) = self.token_before(dot);
        if tok.is_empty() || tok.contains(['@', '/', ':']) || tok.len() >= MAX_TOKEN {
            return Prev::Word;
        }
        let at_start = self.only_fillers(self.sent_start, start);
        if (at_start && is_list_marker(tok)) || self.next_in_list(tok) {
            return Prev::ListMarker;
        }
        if tok
            .bytes()
            .all(|b| b.is_ascii_digit() || b".,:-".contains(&b))
        {
            let r = self.rules;
            let ordinal =
                r.ordinal_dot && tok.len() <= 2 && tok.bytes().all(|b| b.is_ascii_digit());
            return if ordinal { Prev::Ordinal } else { Prev::Word };
        }
        let low = lowercase(tok);
        let r = self.rules;
        // "2007 г." is a year, "г. Москва" a city: the number decides.
        if r.after_number.contains(&low) && self.number_before(start) {
            return Prev::Final;
        }
        if r.nonfinal.contains(&low) {
            return Prev::NonFinal;
        }
        if r.final_abbrev.contains(&low) {
            return Prev::Final;
        }
        if r.abbrev.contains(&low) {
            return Prev::Abbrev;
        }
        self.classify_shape(start, tok, &low)
    }

    /// "1. Milk 2. Bread": the successor of the marker that opened the sentence.
    fn next_in_list(&self, tok: &str) -> bool {
        let Some(head) = self.text.get(self.sent_start..) else {
            return false;
        };
        let head = head.trim_start_matches(|c: char| c.is_whitespace() || is_bullet(c));
        let Some(len) = list_marker_len(head) else {
            return false;
        };
        let first = head.get(..len).unwrap_or("").trim_end_matches(['.', ')']);
        successor(first).is_some_and(|n| n == tok)
    }

    /// Abbreviation-like shapes that no list has to spell out.
    fn classify_shape(&self, start: usize, tok: &str, low: &str) -> Prev {
        let letters = tok.chars().filter(|c| !is_format(*c)).count();
        let first_upper = tok.chars().next().is_some_and(char::is_uppercase);
        if letters == 1 && first_upper {
            let weak = self.rules.not_initial.contains(low);
            return if !weak || self.capitalized_before(start) {
                Prev::Initial
            } else {
                Prev::Word
            };
        }
        if first_upper && self.rules.initials.contains(low) {
            return Prev::Initial;
        }
        if tok.contains('.') {
            let parts_short = tok.split('.').all(|p| p.chars().count() <= 3);
            let all_initials = tok
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(char::is_uppercase));
            return match (all_initials, parts_short) {
                (true, _) => Prev::Initial,
                (false, true) => Prev::Abbrev,
                _ => Prev::Word,
            };
        }
        if letters == 1 && tok.chars().all(char::is_lowercase) {
            return Prev::Abbrev;
        }
        let vowelless = letters <= 5
            && tok.chars().any(char::is_lowercase)
            && tok.chars().all(|c| is_latin_or_cyrillic(c) && !is_vowel(c));
        if vowelless { Prev::Abbrev } else { Prev::Word }
    }

    /// "2007 г", "10 млн", "XX ғ": the word before `start` is a number.
    fn number_before(&self, start: usize) -> bool {
        let (_, prev) = self.token_before(start.saturating_sub(1).max(self.sent_start));
        let prev = prev.trim_end_matches([',', ')']);
        prev.chars().last().is_some_and(|c| c.is_ascii_digit()) || is_roman_numeral(prev)
    }

    /// "Albert I." versus "you and I.": a name before a one-letter word.
    fn capitalized_before(&self, start: usize) -> bool {
        if start <= self.sent_start {
            return false;
        }
        let (s, prev) = self.token_before(start.saturating_sub(1));
        s > self.sent_start
            && !self.only_fillers(self.sent_start, s)
            && prev.chars().next().is_some_and(char::is_uppercase)
            && prev.chars().all(char::is_alphabetic)
    }

    fn on_newline(&mut self, i: usize) -> usize {
        let rest = self.text.get(i..).unwrap_or("");
        let mut next = self.text.len();
        let mut newlines = 0;
        for (off, c) in rest.char_indices() {
            if c == '\n' {
                newlines += 1;
            } else if !c.is_whitespace() {
                next = i + off;
                break;
            }
        }
        if newlines >= 2 {
            self.cut(i);
            self.para_start = next;
            self.para_wrapped = None;
        } else if next < self.text.len()
            && !self.line_ends_with_terminal(i)
            && self.decide_linebreak(i, next)
        {
            self.cut(i);
        }
        next
    }

    fn line_ends_with_terminal(&self, i: usize) -> bool {
        let before = self.text.get(..i).unwrap_or("");
        before
            .trim_end()
            .chars()
            .rev()
            .find(|c| !is_closer(*c))
            .is_some_and(is_terminal)
    }

    /// A line break without a terminal mark before it (headline, list item,
    /// caption): a boundary when the next line starts a sentence, unless the
    /// paragraph is hard-wrapped running text.
    fn decide_linebreak(&mut self, i: usize, next: usize) -> bool {
        let last = self
            .text
            .get(..i)
            .and_then(|s| s.trim_end().chars().next_back());
        let nx = self.next_info(next);
        if matches!(nx.lead, Lead::Bullet) || nx.via_dash || self.list_marker_at(next) {
            return true;
        }
        if last.is_some_and(|c| matches!(c, ',' | ';') || is_dash(c)) {
            return false;
        }
        match nx.lead {
            Lead::Lower | Lead::Punct | Lead::End => false,
            _ => !self.wrapped(),
        }
    }

    fn list_marker_at(&self, pos: usize) -> bool {
        let rest = self.text.get(pos..).unwrap_or("");
        let head = rest.split(char::is_whitespace).next().unwrap_or("");
        list_marker_len(head).is_some_and(|n| n == head.len())
    }

    /// A paragraph is hard-wrapped if some line break in it evidently falls
    /// mid-sentence: the next line starts lowercase or the line ends in a
    /// comma or a hyphenated word part.
    fn wrapped(&mut self) -> bool {
        if let Some(w) = self.para_wrapped {
            return w;
        }
        let para = self.text.get(self.para_start..).unwrap_or("");
        let para = para.split("\n\n").next().unwrap_or("");
        let mut lines = para.split('\n').map(str::trim).peekable();
        let mut wrapped = false;
        while let (Some(line), Some(next)) = (lines.next(), lines.peek()) {
            let ends_mid = line.ends_with(',') || (line.ends_with('-') && !line.ends_with(" -"));
            let next_lower = next.chars().next().is_some_and(char::is_lowercase);
            if ends_mid || next_lower {
                wrapped = true;
                break;
            }
        }
        self.para_wrapped = Some(wrapped);
        wrapped
    }
}

fn starts_sentence(nx: &Next) -> bool {
    matches!(
        nx.lead,
        Lead::Upper | Lead::Digit | Lead::Caseless | Lead::Bullet | Lead::Symbol
    )
}

fn lead_of(c: char) -> Lead {
    if c.is_uppercase() {
        Lead::Upper
    } else if c.is_lowercase() {
        Lead::Lower
    } else if c.is_numeric() {
        Lead::Digit
    } else if is_caseless_letter(c) {
        Lead::Caseless
    } else if is_bullet(c) {
        Lead::Bullet
    } else if c.is_alphanumeric()
        || matches!(
            c,
            '№' | '$' | '€' | '£' | '¥' | '₸' | '₽' | '§' | '#' | '@' | '*' | '+'
        )
    {
        Lead::Symbol
    } else {
        Lead::Punct
    }
}

/// Length in bytes of the word at the start of `s` (letters, digits and
/// inner hyphens/apostrophes), capped so lookups stay cheap.
fn word_len(s: &str) -> usize {
    let mut end = 0;
    let mut prev_inner = false;
    for (i, c) in s.char_indices() {
        if i > MAX_TOKEN {
            break;
        }
        if c.is_alphanumeric() || is_format(c) {
            end = i + c.len_utf8();
            prev_inner = false;
        } else if matches!(c, '-' | '\'' | '’') && end > 0 && !prev_inner {
            prev_inner = true;
        } else {
            break;
        }
    }
    end
}

fn lowercase(s: &str) -> String {
    s.chars()
        .filter(|c| !is_format(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// "1", "12", "IV", "a", "б" before a dot at the start of a sentence.
fn is_list_marker(tok: &str) -> bool {
    let n = tok.chars().count();
    (tok.len() <= 3 && tok.bytes().all(|b| b.is_ascii_digit()))
        || is_roman_numeral(tok)
        || (n == 1 && tok.chars().all(char::is_lowercase))
}

/// Byte length of a list marker like "1.", "2)", "3.)", "a)" at the start of `s`.
pub fn list_marker_len(s: &str) -> Option<usize> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let body = if (1..=3).contains(&digits) {
        digits
    } else {
        let c = s.chars().next()?;
        if !c.is_lowercase() {
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
pub fn successor(marker: &str) -> Option<String> {
    if let Ok(n) = marker.parse::<u32>() {
        return n.checked_add(1).map(|n| n.to_string());
    }
    let mut chars = marker.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    char::from_u32(c as u32 + 1)
        .filter(|n| n.is_lowercase())
        .map(String::from)
}
