//! The boundary scanner: one pass over the bytes, stopping only at bytes that
//! can start a terminal mark, a bracket/quote, a bullet or a line break.
//! Every decision looks at a few tokens around the candidate and never
//! allocates except to lowercase a word for a list lookup.

use super::chars::{
    is_bullet, is_cjk, is_closer, is_dash, is_format, is_hard_terminal, is_latin_or_cyrillic,
    is_lower, is_opener, is_question_or_exclamation, is_roman_numeral, is_terminal, is_upper,
    is_vowel,
};
use super::rules::LangRules;
pub(super) use lower::lowercase;
use quotes::{Depth, Enclosure};
use unmarked::cjk_space_cuts;
use words::{Lead, MAX_TOKEN, Next, starts_sentence};

mod address;
mod glue;
mod lines;
mod lower;
mod parens;
mod quotes;
mod signoff;
mod stamp;
mod unmarked;
mod words;

/// Bytes the scanner must look at: ASCII marks, `@` and `/` (addresses),
/// and lead bytes of the multi-byte marks (guillemets C2, Armenian D6, Arabic/Syriac/N'Ko D8–DF,
/// Indic/Myanmar/Ethiopic E0–E1, punctuation E2, CJK E3, fullwidth EF).
static CANDIDATE: [bool; 256] = {
    let mut t = [false; 256];
    let ascii = b".!?\n()[]\"@/";
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
    dots: usize,
    /// Written ". . ." with spaces.
    spaced: bool,
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
    /// Bytes that may start a candidate: `CANDIDATE` plus the language's
    /// own terminal marks.
    candidate: [bool; 256],
    text: &'a str,
    bytes: &'a [u8],
    rules: &'a LangRules,
    cuts: Vec<usize>,
    sent_start: usize,
    depth: Depth,
    para_start: usize,
    para_wrapped: std::cell::Cell<Option<bool>>,
    content: std::cell::Cell<Option<usize>>,
    /// A full stop glued to the next sentence was found: the text lost its
    /// paragraph breaks, so glued headings are looked for too.
    glued_seen: std::cell::Cell<bool>,
}

impl<'a> Scanner<'a> {
    pub fn new(text: &'a str, rules: &'a LangRules) -> Self {
        let mut candidate = CANDIDATE;
        for c in &rules.terminals {
            let mut buf = [0u8; 4];
            if let Some(&lead) = c.encode_utf8(&mut buf).as_bytes().first() {
                candidate[usize::from(lead)] = true;
            }
        }
        Scanner {
            candidate,
            text,
            bytes: text.as_bytes(),
            rules,
            cuts: Vec::new(),
            sent_start: 0,
            depth: Depth::default(),
            para_start: 0,
            para_wrapped: std::cell::Cell::new(None),
            content: std::cell::Cell::new(None),
            glued_seen: std::cell::Cell::new(false),
        }
    }

    /// Byte offsets where a new sentence starts (ascending).
    pub fn run(mut self) -> Vec<usize> {
        let mut i = 0;
        while let Some(off) = self
            .bytes
            .get(i..)
            .and_then(|rest| rest.iter().position(|&b| self.candidate[usize::from(b)]))
        {
            let at = i + off;
            i = self.step(at).max(at + 1);
        }
        if self.glued_seen.get() {
            let headings = self.glued_heading_cuts();
            if !headings.is_empty() {
                self.cuts.extend(headings);
                self.cuts.sort_unstable();
                self.cuts.dedup();
            }
        }
        if !self.rules.closings.is_empty() {
            let sign_offs = self.sign_off_cuts();
            if !sign_offs.is_empty() {
                self.cuts.extend(sign_offs);
                self.cuts.sort_unstable();
            }
        }
        if !self.rules.lowercase_inside.is_empty() {
            let unmarked = self.unmarked_cuts();
            if !unmarked.is_empty() {
                self.cuts.extend(unmarked);
                self.cuts.sort_unstable();
                self.cuts.dedup();
            }
        }
        if self.rules.space_between_cjk {
            self.cuts.extend(cjk_space_cuts(self.text));
            self.cuts.sort_unstable();
            self.cuts.dedup();
        }
        self.cuts
    }

    /// Start and end of every unit between the cuts made so far.
    pub(super) fn units(&self) -> impl Iterator<Item = (usize, usize)> + '_ {
        let starts = std::iter::once(0).chain(self.cuts.iter().copied());
        let ends = self
            .cuts
            .iter()
            .copied()
            .chain(std::iter::once(self.text.len()));
        starts.zip(ends)
    }

    /// A universal terminal mark or one of the language's own.
    fn is_term(&self, c: char) -> bool {
        is_terminal(c) || (!self.rules.terminals.is_empty() && self.rules.terminals.contains(&c))
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
            c if self.is_term(c) => self.on_terminal(i),
            c if is_bullet(c) => {
                self.on_bullet(i);
                next
            }
            '"' => {
                self.track_straight_quote(i);
                next
            }
            '@' | '/' => self.on_address(i),
            ')' if self.depth.paren == 0 && self.smiley_paren(i) => {
                if self.decide_emoticon(next) {
                    self.cut(next);
                }
                next
            }
            ')' if self.depth.paren == 1 && self.opening_note(i) => {
                self.track_bracket(c);
                self.cut(next);
                next
            }
            ')' | '(' if self.emoticon_before(i) => {
                if self.decide_emoticon(next) {
                    self.cut(next);
                }
                next
            }
            c => {
                self.track_bracket(c);
                next
            }
        }
    }

    fn cut(&mut self, pos: usize) {
        if pos > self.sent_start && self.text.is_char_boundary(pos) {
            self.cuts.push(pos);
            self.sent_start = pos;
            self.content.set(None);
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
        if from == self.sent_start {
            return to <= self.content_start();
        }
        self.text
            .get(from..to)
            .is_none_or(|s| s.chars().all(is_filler))
    }

    /// First byte of the current sentence that is not space, opener or bullet.
    fn content_start(&self) -> usize {
        if let Some(pos) = self.content.get() {
            return pos;
        }
        let rest = self.text.get(self.sent_start..).unwrap_or("");
        let pos = rest
            .char_indices()
            .find(|(_, c)| !is_filler(*c))
            .map_or(self.text.len(), |(i, _)| self.sent_start + i);
        self.content.set(Some(pos));
        pos
    }

    fn on_terminal(&mut self, i: usize) -> usize {
        let cl = self.cluster(i);
        if self.only_fillers(self.sent_start, i) || self.is_omission(&cl) {
            return cl.end;
        }
        if cl.spaced && cl.dots >= 4 && self.attached(i) {
            // MLA "word. . . . Next": a full stop, then an ellipsis that opens
            // the next (quoted) sentence.
            let nx = self.next_info(cl.end);
            if matches!(nx.lead, Lead::Upper) && !nx.blank_line {
                self.cut(i + 1);
            }
            return cl.end;
        }
        if !self.decide(&cl) {
            return cl.end;
        }
        if let Some(end) = self.source_note(cl.end) {
            // The full stop already closed the sentence, so the note is a
            // unit of its own, as treebanks annotate it.
            self.cut(cl.end);
            self.cut(end);
            return end;
        }
        self.cut(cl.end);
        cl.end
    }

    /// "[...]" and "(...)" mark an omission inside a quotation, and so does
    /// a free-standing three-dot ". . ." (four dots end the sentence).
    fn is_omission(&self, cl: &Cluster) -> bool {
        let i = cl.start;
        matches!(self.bytes.get(i.wrapping_sub(1)), Some(b'[' | b'('))
            || (cl.spaced && cl.dots == 3 && !self.attached(i))
    }

    fn attached(&self, i: usize) -> bool {
        self.text
            .get(..i)
            .and_then(|s| s.chars().next_back())
            .is_some_and(|c| !c.is_whitespace())
    }

    /// Consumes terminal marks, closers and the spaced ellipsis ". . .".
    fn cluster(&mut self, i: usize) -> Cluster {
        let mut cl = Cluster {
            start: i,
            end: i,
            kind: Kind::Period,
            question: false,
            closed: false,
            dots: 0,
            spaced: false,
        };
        let (mut dots, mut qe, mut hard) = (0usize, false, false);
        let mut p = i;
        while let Some(c) = self.char_at(p) {
            if self.is_term(c) {
                dots += usize::from(c == '.') + 2 * usize::from(c == '…');
                qe |= is_question_or_exclamation(c) || !is_terminal(c);
                cl.question |= matches!(c, '?' | '？' | '؟' | '⁇' | '⁈' | '⁉');
                hard |= is_hard_terminal(c);
            } else if c == ' ' && dots > 0 && self.spaced_dot(p) {
                cl.spaced = true;
            } else if is_closer(c) && self.closer_here(p, c) {
                if c == '"' {
                    self.track_straight_quote(p);
                } else {
                    self.track_bracket(c);
                }
                cl.closed |= !is_format(c);
            } else {
                break;
            }
            p += c.len_utf8();
        }
        cl.end = p;
        cl.dots = dots;
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
        let enclosure = self.enclosure(cl.end);
        match self.char_at(cl.end) {
            None => return false,
            Some(_) if enclosure == Some(Enclosure::Bracket) => return false,
            Some(c) if !c.is_whitespace() => return self.glued(cl, c, enclosure.is_some()),
            Some(_) => {}
        }
        let nx = self.next_info(cl.end);
        if nx.blank_line || nx.lead == Lead::End {
            return false;
        }
        // Inside a quotation a new capitalised sentence still starts one;
        // «…? — спросила мама. — …» is one quoted utterance with its author.
        if enclosure.is_some() && (nx.via_dash || nx.lead == Lead::Lower) {
            return false;
        }
        match cl.kind {
            Kind::Hard => !matches!(nx.lead, Lead::Punct),
            Kind::QuestionExclamation => self.decide_qe(cl, &nx),
            // Without letter case an ellipsis gives no evidence of a new sentence.
            Kind::Ellipsis => starts_sentence(&nx) && nx.lead != Lead::Caseless,
            Kind::Period if cl.closed => {
                starts_sentence(&nx) && self.classify_prev(cl.start) != Prev::ListMarker
            }
            Kind::Period => self.decide_period(cl, &nx),
        }
    }

    fn decide_qe(&self, cl: &Cluster, nx: &Next) -> bool {
        match nx.lead {
            // «Кеттің бе?» деп сұрады: a closed quotation runs on.
            Lead::Lower if cl.closed || nx.via_dash || nx.via_open => false,
            Lead::Lower if self.in_set(&self.rules.quotative, self.next_word(nx).0) => false,
            Lead::Lower => {
                let r = self.rules;
                (cl.question && r.question_before_lowercase)
                    || (r.period_before_lowercase
                        && cl.dots + usize::from(cl.question) == 0
                        && self.repeated_mark(cl))
            }
            _ => starts_sentence(nx),
        }
    }

    /// "ASAP!!! plz": a doubled exclamation mark is emphatic enough to end a
    /// sentence even before a lowercase word in informal text.
    fn repeated_mark(&self, cl: &Cluster) -> bool {
        self.text
            .get(cl.start..cl.end)
            .is_some_and(|s| s.chars().filter(|c| is_question_or_exclamation(*c)).count() >= 2)
    }

    fn decide_period(&self, cl: &Cluster, nx: &Next) -> bool {
        let starts = starts_sentence(nx);
        // Informal text without capitals: "home. then i slept". A short
        // capitalised word before the dot is likely an unlisted abbreviation
        // ("Univ. of Texas"), so then only a typical sentence opener counts.
        let lower_ok = nx.lead == Lead::Lower
            && !nx.via_dash
            && (nx.camel
                || (self.rules.period_before_lowercase
                    && (!self.short_capitalized(cl.start)
                        || self.in_set(&self.rules.starters, self.next_word(nx).0))));
        if !starts && !lower_ok {
            return false;
        }
        let capital = matches!(nx.lead, Lead::Upper | Lead::Caseless);
        match self.classify_prev(cl.start) {
            Prev::Word => starts || lower_ok,
            _ if !starts => false,
            Prev::NonFinal | Prev::ListMarker => false,
            Prev::Abbrev | Prev::Initial | Prev::Ordinal => {
                capital
                    && (self.is_starter(nx)
                        || self.line_break_before(cl.end, nx)
                        || self.initials_close_a_name(cl.start, nx)
                        || self.script_changes(cl.start, nx))
                    && !self.is_initial_word(nx)
            }
            Prev::Final => {
                let next = self.next_word(nx).0;
                (capital || nx.via_dash || nx.via_open || nx.lead == Lead::Digit)
                    && !self.is_initial_word(nx)
                    && !self.in_set(&self.rules.months, next)
                    && !self.in_set(&self.rules.qualifiers, next)
            }
        }
    }

    /// "Судья Касымов Е.Т. Приговор…": initials written after a surname end the
    /// name, so a capitalised word after them that is not itself a surname
    /// (as in "Казахстана А.Б. Сарсенов") starts a sentence.
    fn initials_close_a_name(&self, dot: usize, nx: &Next) -> bool {
        let r = self.rules;
        if r.surname_endings.is_empty() {
            return false;
        }
        let (start, tok) = self.token_before(dot);
        let initials = tok.split('.').count() >= 2
            && tok
                .split('.')
                .all(|p| p.chars().count() == 1 && p.chars().all(is_upper));
        if !initials || start <= self.sent_start + 1 {
            return false;
        }
        let (name_start, name) = self.token_before(start - 1);
        let mut chars = name.chars();
        let name_like =
            chars.next().is_some_and(is_upper) && chars.all(|c| is_lower(c) || c == '-');
        name_start >= self.sent_start
            && name_like
            && self.is_surname(name, false)
            && !self.is_surname(self.next_word(nx).0, true)
    }

    /// Whether `word` ends like a surname, with one of the case suffixes when
    /// `inflected`.
    fn is_surname(&self, word: &str, inflected: bool) -> bool {
        let r = self.rules;
        let lowered = lowercase(word);
        let low = lowered.as_str();
        let ends_like_name = |stem: &str| {
            r.surname_endings
                .iter()
                .any(|e| stem.len() >= e.len() + 4 && stem.ends_with(e.as_str()))
        };
        if ends_like_name(low) {
            return true;
        }
        inflected
            && low.char_indices().rev().take(4).any(|(i, _)| {
                low.get(i..)
                    .is_some_and(|case| r.surname_cases.contains(case))
                    && low.get(..i).is_some_and(ends_like_name)
            })
    }

    /// "Warner Bros. Подчиняется…": a name written in Latin letters inside
    /// Cyrillic text ends where the script changes, so a Cyrillic capital after
    /// its abbreviation opens a sentence (a Latin one may go on with the name).
    fn script_changes(&self, dot: usize, nx: &Next) -> bool {
        // Cheap checks first: this runs after most abbreviations.
        let latin_end = dot
            .checked_sub(1)
            .and_then(|i| self.bytes.get(i))
            .is_some_and(u8::is_ascii_alphabetic);
        if !latin_end || !self.char_at(nx.at).is_some_and(is_cyrillic) {
            return false;
        }
        let (_, tok) = self.token_before(dot);
        tok.chars().count() >= 2 && tok.chars().all(|c| c.is_ascii_alphabetic())
    }

    /// "Univ", "Dept", "Assoc": a capitalised word of at most five letters.
    fn short_capitalized(&self, dot: usize) -> bool {
        let (_, tok) = self.token_before(dot);
        let mut chars = tok.chars();
        chars.next().is_some_and(is_upper) && tok.chars().count() <= 5 && chars.all(is_lower)
    }

    /// A terminal with no space after it: CJK and script full stops still end
    /// the sentence; a Latin/Cyrillic dot only where a space was evidently lost
    /// ("болды.Бұл", see `glue.rs`), never inside URLs, e-mails, numbers or "Node.js".
    /// Inside a quotation (`quoted`) only a full stop after a small word ends
    /// a sentence: quoted speech runs on ("…кинотеатр.Стоимость…"), a quoted
    /// title keeps its capitalised parts ("Москва.Слёзы").
    fn glued(&self, cl: &Cluster, c: char, quoted: bool) -> bool {
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

    fn is_initial_word(&self, nx: &Next) -> bool {
        let (word, dot) = self.next_word(nx);
        dot && (word.chars().count() == 1 || self.in_set(&self.rules.initials, word))
            && word.chars().next().is_some_and(is_upper)
    }

    fn classify_prev(&self, dot: usize) -> Prev {
        let (start, tok) = self.token_before(dot);
        if tok.is_empty() || tok.contains(['@', '/', ':']) || tok.len() >= MAX_TOKEN {
            return Prev::Word;
        }
        let at_start = self.only_fillers(self.sent_start, start);
        if tok.len() <= 6 && ((at_start && is_list_marker(tok)) || self.next_in_list(tok)) {
            return Prev::ListMarker;
        }
        if self.in_dateline(dot) {
            return Prev::NonFinal;
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
        // "XII. Pluku", "Karl V. von": Roman ordinals where ordinals take a dot.
        if self.rules.ordinal_dot && tok.len() > 1 && is_roman_numeral(tok) {
            return Prev::Ordinal;
        }
        let r = self.rules;
        if tok.len() > r.longest_entry {
            return self.classify_shape(start, tok, "");
        }
        let lowered = lowercase(tok);
        let low = lowered.as_str();
        let capital = tok.chars().next().is_some_and(is_upper);
        if let Some((prev_start, joined)) = self.spaced_abbrev(start, low)
            && let Some(kind) = self.lookup(prev_start, &joined, true)
        {
            return kind;
        }
        if let Some(kind) = self.lookup(start, low, capital) {
            return kind;
        }
        // Elided article or preposition: "l'Ing.", "dell'Avv.", "d'Av.".
        if let Some((head, word)) = tok.rsplit_once(['\'', '’'])
            && head.chars().count() <= 4
            && let Some(kind) =
                self.lookup(start, lowercase(word).as_str(), word.starts_with(is_upper))
        {
            return kind;
        }
        if !capital && r.words.contains(low) {
            return Prev::Word;
        }
        self.classify_shape(start, tok, low)
    }

    /// Which abbreviation list `low` belongs to; `capital` tells whether the
    /// token was capitalised, for entries that only match that way.
    fn lookup(&self, start: usize, low: &str, capital: bool) -> Option<Prev> {
        let r = self.rules;
        if !capital && r.cased.contains(low) {
            return None;
        }
        // "2007 г." is a year, "г. Москва" a city: the number decides. A
        // date that opens the sentence ("В 2010 г. Виктор…") cannot be all of it.
        if r.after_number.contains(low) && self.number_before(start) {
            let opening = self.words_before(start) <= 3 && !self.predicate_after_dash(start);
            return Some(if opening { Prev::Abbrev } else { Prev::Final });
        }
        if r.nonfinal.contains(low) {
            Some(Prev::NonFinal)
        } else if r.final_abbrev.contains(low) {
            Some(Prev::Final)
        } else if r.abbrev.contains(low) {
            // "Ұзындығы – 12 км.", "Салынған жылы – 1957 ж.": a figure after a
            // copula dash is the predicate, which closes the sentence.
            let predicate = self.number_before(start) && self.predicate_after_dash(start);
            Some(if predicate { Prev::Final } else { Prev::Abbrev })
        } else {
            None
        }
    }

    /// "– 2025–2029 жж", "— 12 км": the number before `start` comes right after a
    /// dash that follows a word, as in a "subject – predicate" sentence.
    fn predicate_after_dash(&self, start: usize) -> bool {
        let (num_start, _) = self.token_before(start.saturating_sub(1).max(self.sent_start));
        if num_start <= self.sent_start {
            return false;
        }
        let before = self.text.get(self.sent_start..num_start).unwrap_or("");
        let Some(head) = before.trim_end().strip_suffix(['–', '—', '-']) else {
            return false;
        };
        // The dash stands alone after a word: not "2025-", "—12" or the range "1380 — 93".
        head.ends_with(char::is_whitespace)
            && head.trim_end().ends_with(|c: char| c.is_alphabetic())
    }

    /// "т. д", "н. э", "z. B": an abbreviation written with a space after its
    /// inner dot, joined back ("т.д") for the lookup.
    fn spaced_abbrev(&self, start: usize, low: &str) -> Option<(usize, String)> {
        if low.chars().count() > 2 || start < 2 {
            return None;
        }
        let (prev_start, prev) = self.token_before(start - 1);
        let head = prev.strip_suffix('.')?;
        if prev_start < self.sent_start || head.is_empty() || head.chars().count() > 3 {
            return None;
        }
        Some((prev_start, format!("{}.{low}", lowercase(head))))
    }

    /// Number of words between the start of the sentence and `pos`.
    fn words_before(&self, pos: usize) -> usize {
        let from = self.content_start().min(pos);
        self.text
            .get(from..pos)
            .map_or(0, |s| s.split_whitespace().take(8).count())
    }

    /// "АСТАНА. 8 қаңтар. KAZINFORM – …", "MOSCOW, May 5. …": a news
    /// dateline opening a paragraph (a capitalised place, optionally a day and
    /// month) is a prefix of the first sentence, not a sentence.
    fn in_dateline(&self, dot: usize) -> bool {
        let from = self.content_start().min(dot);
        let first_of_paragraph = self.cuts.last().is_none_or(|&c| c <= self.para_start);
        if dot - from > 60 || !first_of_paragraph {
            return false;
        }
        let Some(head) = self.text.get(from..dot) else {
            return false;
        };
        if !head.starts_with(is_upper) {
            return false;
        }
        let mut words = head.split_whitespace();
        let place = words.next().unwrap_or("").trim_end_matches(['.', ',']);
        let capitals = written_in_capitals(place);
        // "Астана. 5 сәуір. Baq.kz – …": a place written like a word is a
        // dateline only with a date and then the dash before the story.
        let titled = place.chars().count() >= 3
            && place.split('-').all(|part| {
                let mut chars = part.chars();
                chars.next().is_some_and(is_upper) && chars.all(is_lower)
            });
        let is_day = |w: &str| !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit());
        let is_month = |w: &str| self.in_set(&self.rules.months, w.trim_end_matches(','));
        let rest: Vec<&str> = words.collect();
        match rest.as_slice() {
            [] if capitals => self.agency_or_date_after(dot),
            [] if titled => self.date_after(dot) || self.agency_after(dot),
            [a, b] => {
                (capitals || (titled && self.dash_after(dot)))
                    && ((is_day(a) && is_month(b)) || (is_month(a) && is_day(b)))
            }
            _ => false,
        }
    }

    /// "Астана. 5 сәуір. Baq.kz – …": after the dot at `dot` come a day, a month
    /// with its own dot, and within three words the dash that ends a dateline.
    fn date_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        let mut words = rest.split_whitespace();
        let (Some(day), Some(month)) = (words.next(), words.next()) else {
            return false;
        };
        day.len() <= 2
            && day.bytes().all(|b| b.is_ascii_digit())
            && month.ends_with('.')
            && self.in_set(&self.rules.months, month.trim_end_matches('.'))
            && words.take(4).any(is_dash_word)
    }

    /// A lone dash among the four words after `dot`.
    fn dash_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        rest.split_whitespace().take(4).any(is_dash_word)
    }

    /// "Нұр-Сұлтан. ҚазАқпарат – …": after a place written like a word, an
    /// agency name, which is written in capitals or as a brand (at least two
    /// capitals), and within three words the dash that ends a dateline.
    fn agency_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        let mut words = rest.split_whitespace();
        let agency = words
            .next()
            .is_some_and(|w| w.chars().filter(|c| is_upper(*c)).count() >= 2);
        agency && words.take(3).any(is_dash_word)
    }

    /// After "АСТАНА." comes a date or an agency name ("KAZINFORM",
    /// "ҚазАқпарат"), not an ordinary sentence ("FYI. We…").
    fn agency_or_date_after(&self, dot: usize) -> bool {
        let rest = self.text.get(dot + 1..).unwrap_or("");
        let word = self.word_after(dot + 1 + (rest.len() - rest.trim_start().len()));
        word.starts_with(|c: char| c.is_ascii_digit())
            || word.chars().filter(|c| is_upper(*c)).count() >= 2
    }

    /// "1. Milk 2. Bread": the successor of the marker that opened the sentence.
    fn next_in_list(&self, tok: &str) -> bool {
        let Some(head) = self.text.get(self.content_start()..) else {
            return false;
        };
        let Some(len) = list_marker_len(head) else {
            return false;
        };
        let first = head.get(..len).unwrap_or("").trim_end_matches(['.', ')']);
        later_marker(first, tok)
    }

    /// Abbreviation-like shapes that no list has to spell out.
    fn classify_shape(&self, start: usize, tok: &str, low: &str) -> Prev {
        let letters = tok.chars().filter(|c| !is_format(*c)).count();
        let first_upper = tok.chars().next().is_some_and(is_upper);
        if letters == 1 && first_upper && self.roman_after_cyrillic_name(start, tok) {
            return Prev::Word;
        }
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
            // "т.е", "a.m", "Ph.D" but not "120.5°C" or "v2.1".
            let parts_short = tok
                .split('.')
                .all(|p| p.chars().count() <= 3 && p.chars().all(char::is_alphabetic));
            // "Қ.-Ж.", "J.-P.": initials of a hyphenated first name.
            let all_initials = tok.split('.').all(|p| {
                let p = p.strip_prefix(['-', '‐']).unwrap_or(p);
                p.chars().count() == 1 && p.chars().all(is_upper)
            });
            return match (all_initials, parts_short) {
                (true, _) => Prev::Initial,
                (false, true) => Prev::Abbrev,
                _ => Prev::Word,
            };
        }
        if letters == 1 && tok.chars().all(is_lower) {
            return Prev::Abbrev;
        }
        let vowelless = letters <= 5
            && tok.chars().any(is_lower)
            && tok.chars().all(|c| is_latin_or_cyrillic(c) && !is_vowel(c));
        if vowelless { Prev::Abbrev } else { Prev::Word }
    }

    /// "королю Твртко I. Сын…": a Latin I, V or X after a Cyrillic name is a
    /// regnal number, not an initial (Cyrillic names take Cyrillic initials).
    fn roman_after_cyrillic_name(&self, start: usize, tok: &str) -> bool {
        if !matches!(tok, "I" | "V" | "X") || start <= self.sent_start {
            return false;
        }
        let (_, prev) = self.token_before(start.saturating_sub(1));
        let mut chars = prev.chars();
        chars.next().is_some_and(|c| is_upper(c) && is_cyrillic(c)) && chars.all(is_lower)
    }

    /// "2007 г", "10 млн", "XX ғ": the word before `start` is a number.
    fn number_before(&self, start: usize) -> bool {
        let (prev_start, prev) = self.token_before(start.saturating_sub(1).max(self.sent_start));
        if prev.chars().last().is_some_and(|c| c.is_ascii_digit()) || is_century(prev) {
            return true;
        }
        // "3,5 млрд руб.": a multiplier or unit may stand between.
        let unit = prev.trim_end_matches('.');
        prev_start > self.sent_start
            && prev_start < start
            && !unit.is_empty()
            && unit.len() <= self.rules.longest_entry
            && self.rules.after_number.contains(lowercase(unit).as_str())
            && {
                let (_, before) = self.token_before(prev_start.saturating_sub(1));
                before.chars().last().is_some_and(|c| c.is_ascii_digit())
            }
    }

    /// "Albert I." versus "you and I.": a name before a one-letter word.
    fn capitalized_before(&self, start: usize) -> bool {
        if start <= self.sent_start {
            return false;
        }
        let (s, prev) = self.token_before(start.saturating_sub(1));
        s > self.sent_start
            && !self.only_fillers(self.sent_start, s)
            && prev.chars().next().is_some_and(is_upper)
            && prev.chars().all(char::is_alphabetic)
    }

    fn list_marker_at(&self, pos: usize) -> bool {
        let rest = self.text.get(pos..).unwrap_or("");
        let head = rest.split(char::is_whitespace).next().unwrap_or("");
        list_marker_len(head).is_some_and(|n| n == head.len())
    }
}

/// "АСТАНА", "NUR-SULTAN", and "TAShKENT" with the digraph of an ASCII
/// transliteration (Sh, Ch, Zh): capitals with no two small letters in a row.
fn written_in_capitals(word: &str) -> bool {
    let mut prev_lower = true;
    let mut capitals = 0;
    for c in word.chars() {
        let lower = is_lower(c);
        if (lower && prev_lower) || !(lower || is_upper(c) || c == '-') {
            return false;
        }
        capitals += usize::from(is_upper(c));
        prev_lower = lower;
    }
    capitals >= 4
}

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

fn is_dash_word(word: &str) -> bool {
    matches!(word, "–" | "—" | "-")
}

/// "XIX", "XI–XII", and "ХІХ" typed with the Cyrillic look-alikes Х and І, as
/// Kazakh and Russian texts often do.
fn is_century(token: &str) -> bool {
    let last = token.rsplit(['–', '—', '-']).next().unwrap_or(token);
    !last.is_empty()
        && last.chars().count() <= 6
        && last
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M' | 'Х' | 'І'))
}

/// "1", "12", "IV", "a", "б" before a dot at the start of a sentence.
fn is_list_marker(tok: &str) -> bool {
    let n = tok.chars().count();
    (tok.len() <= 3 && tok.bytes().all(|b| b.is_ascii_digit()))
        || is_roman_numeral(tok)
        || (n == 1 && tok.chars().all(is_lower))
}

/// Byte length of a list marker like "1.", "2)", "3.)", "a)" at the start of `s`.
pub fn list_marker_len(s: &str) -> Option<usize> {
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
        .filter(|n| is_lower(*n))
        .map(String::from)
}

fn is_filler(c: char) -> bool {
    c.is_whitespace() || is_opener(c) || is_bullet(c) || is_dash(c)
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
