//! Stage 3: site furniture removal. Three complementary signals:
//! - repetition (`counts.rs`): over the whole input, in how many distinct documents each
//!   normalized line (or its template, with digits and dates folded) occurs; a short line found
//!   in many documents is furniture and is removed everywhere;
//! - phrases (`rules/*.txt`): credits, "read also" markers and the related headlines after
//!   them, social embeds, partner labels, counters, calls to action, pointers to the site's own
//!   archive ("… habarlaǵan edik."), in Kazakh (every script), Russian, Kyrgyz, Uzbek and
//!   English — what repetition cannot see in a first, small build;
//! - shape (`shape.rs`): date lines, link-only lines, hashtag lists, embedded posts.
//!
//! Furniture a scraper glued inside a line of text is cut out as a piece, keeping the text
//! around it (`inline.rs`). A short line without final punctuation that sits in the same
//! paragraph as removed furniture is furniture too ("Фото:" / "Ақорда" on two lines); the
//! article's own headline (its first line that is not furniture itself) is never removed that
//! way, nor by repetition of its template.

mod counts;
mod cut;
mod dates;
mod inline;
mod rules;
mod samples;
mod shape;

use std::ops::Range;

pub use counts::{LineCounter, LineKey, counted_keys, fingerprint, line_keys};
pub use cut::{Cut, Mark, Part, Removed};
pub use rules::Rules;
pub use samples::Samples;

use counts::{Edges, LineShape};
use rules::{Hit, LineVerdict, MAX_RULE_LINE_CHARS, Match, intern, is_caption, is_headline};

use crate::base::chars::lowercase;
use crate::base::config::BoilerplateConfig;
use crate::stages::segment::Segmenter;

/// Lines up to this long without final punctuation, next to furniture, are furniture too.
const ADJACENT_MAX_CHARS: usize = 60;
/// How many times more often a full sentence must recur than a fragment to count as furniture.
const SENTENCE_FACTOR: u32 = 10;
/// Related headlines after a marker are at most this long each.
const RELATED_MAX_CHARS: usize = 300;
/// A related block glued inside a line (headlines with their time stamps) is at most this long.
const BLOCK_MAX_CHARS: usize = 1500;
/// An archive pointer or call to action is one sentence of at most this many characters.
const POINTER_MAX_CHARS: usize = 400;
const CONTAINS_MAX_CHARS: usize = 160;
const LABEL_MAX_CHARS: usize = 60;

/// Names of the removal kinds that are not rule kinds.
pub const REPEATED: &str = "repeated_line";
pub const ADJACENT: &str = "adjacent_to_furniture";
/// Rule kind `k` is removal kind `k + RULE_BASE`.
const RULE_BASE: usize = 2;

/// Removes furniture from documents, using the finished counts, the rules and line shapes.
pub struct Cleaner {
    counter: Option<LineCounter>,
    threshold: u32,
    rules: Option<Rules>,
    /// Decides whether a pointer is one sentence; only with rules.
    segmenter: Option<&'static Segmenter>,
    max_line_chars: usize,
    kinds: Vec<String>,
    /// Removal kinds of [`shape::Shape`]s: date, link, hashtags, embedded post.
    shape_kinds: [usize; 4],
}

impl Cleaner {
    /// In how many distinct documents of `documents` a line must occur to be furniture.
    pub fn threshold(config: &BoilerplateConfig, documents: u64) -> u32 {
        let by_share = (config.doc_share * documents as f64).ceil() as u32;
        config.min_docs.max(by_share)
    }

    pub fn new(
        config: &BoilerplateConfig,
        mut counter: Option<LineCounter>,
        rules: Option<Rules>,
    ) -> Cleaner {
        let documents = counter.as_ref().map_or(0, LineCounter::documents);
        let threshold = Cleaner::threshold(config, documents);
        if let Some(counter) = counter.as_mut() {
            counter.keep_at_least(threshold);
        }
        let mut kinds = vec![REPEATED.to_string(), ADJACENT.to_string()];
        if let Some(rules) = &rules {
            kinds.extend(rules.kinds().iter().cloned());
        }
        let shapes = [
            shape::Shape::Date,
            shape::Shape::Link,
            shape::Shape::Hashtags,
            shape::Shape::PostAttribution,
        ];
        let shape_kinds = shapes.map(|s| intern(s.kind(), &mut kinds));
        Cleaner {
            counter,
            threshold,
            segmenter: rules.as_ref().map(|_| segmenter()),
            rules,
            max_line_chars: config.max_line_chars as usize,
            kinds,
            shape_kinds,
        }
    }

    /// Names of removal kinds, indexed by the numbers in [`Removed`].
    pub fn kinds(&self) -> &[String] {
        &self.kinds
    }

    /// The text without furniture, and what was removed.
    #[cfg(test)]
    pub fn clean(&self, text: &str) -> (String, Removed) {
        let cut = self.cut(text);
        (cut.apply(text).into_owned(), cut.removed())
    }

    /// Which lines and pieces of `text` are furniture, without building the cleaned text.
    #[cfg(test)]
    pub fn cut(&self, text: &str) -> Cut {
        self.cut_measured(text, &[])
    }

    /// Which lines and pieces of `text` are furniture, given the [`line_keys`] of `text`
    /// measured when it was counted; lines missing from `measured` are measured here.
    pub fn cut_measured(&self, text: &str, measured: &[LineKey]) -> Cut {
        let lines: Vec<&str> = text.split('\n').collect();
        let mut verdicts: Vec<Option<usize>> = vec![None; lines.len()];
        let inner = self.judge_lines(&lines, measured, &mut verdicts);
        let spans = match &self.rules {
            Some(rules) => self.inline(rules, &lines, &inner, &mut verdicts),
            None => Vec::new(),
        };
        if verdicts.iter().any(Option::is_some) {
            mark_adjacent(&lines, &mut verdicts, self.shape_kinds[0]);
        }
        let mut parts: Vec<Part> = verdicts
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.map(|kind| part(i, None, kind)))
            .collect();
        parts.extend(
            spans
                .into_iter()
                .filter(|(line, _, _)| verdicts[*line].is_none())
                .map(|(line, span, kind)| part(line, Some(span), kind)),
        );
        parts.sort_unstable();
        Cut { parts }
    }

    /// Whole-line verdicts: rules and shapes, then repetition. Says which lines may hold
    /// furniture inside them: long lines, and short ones where a pattern occurs past the start.
    fn judge_lines(
        &self,
        lines: &[&str],
        measured: &[LineKey],
        verdicts: &mut [Option<usize>],
    ) -> Vec<bool> {
        let mut inner = vec![false; lines.len()];
        let mut measured = measured.iter().peekable();
        let edges = Edges::of(lines);
        let last_line = last_non_empty(lines);
        // Until a line is kept, lines are headline candidates: "Биыл 325 дәріхана жөнделеді"
        // must not fall to the folded count of "Биыл 0 дәріхана жөнделеді".
        let mut headline_pending = true;
        for i in 0..lines.len() {
            let line = lines[i];
            if line.is_empty() || verdicts[i].is_some() {
                continue;
            }
            // Long lines are article text: no line rule matches them and they are never
            // counted, so the common case skips lowercasing and hashing altogether.
            let limit = self.max_line_chars.max(MAX_RULE_LINE_CHARS);
            let chars = match line.len() > 4 * limit {
                true => usize::MAX,
                false => line.chars().count(),
            };
            if chars > MAX_RULE_LINE_CHARS {
                inner[i] = true;
            }
            if chars > limit {
                headline_pending = false;
                continue;
            }
            let (verdict, inside) = self.rule_verdict(line, chars, i == last_line);
            inner[i] |= inside;
            match verdict {
                Some((kind, next)) => {
                    verdicts[i] = Some(kind);
                    match next {
                        After::Nothing => {}
                        After::Related => {
                            related_block(lines, i).for_each(|j| verdicts[j] = Some(kind));
                        }
                        After::PostText => self.mark_post_text(lines, i, verdicts),
                    }
                }
                None if chars <= self.max_line_chars
                    && self.counter.as_ref().is_some_and(|counter| {
                        let key = key_of_line(&mut measured, i, line, &edges);
                        self.is_repeated(counter, &key, headline_pending)
                    }) =>
                {
                    verdicts[i] = Some(0);
                    // A repeated line that ends in a colon is a site's own "read also" marker:
                    // the headlines after it go with it.
                    if is_learned_marker(line) {
                        related_block(lines, i).for_each(|j| verdicts[j] = Some(0));
                    }
                }
                None => headline_pending = false,
            }
        }
        inner
    }

    /// The removal kind the rules and shapes give a whole line, and what goes with it; and
    /// whether a pattern occurs past the line's start.
    fn rule_verdict(&self, line: &str, chars: usize, last: bool) -> (Option<(usize, After)>, bool) {
        let Some(rules) = self.rules.as_ref() else {
            return (None, false);
        };
        if chars > MAX_RULE_LINE_CHARS {
            return (None, false);
        }
        let (verdict, inner) = rules.judge(&lowercase(line), chars);
        let removal = match verdict {
            LineVerdict::Remove(k) => Some((k + RULE_BASE, After::Nothing)),
            LineVerdict::RemoveWithNext(k) => Some((k + RULE_BASE, After::Related)),
            LineVerdict::IfOneSentence(i) => {
                let rule = rules.rule(i);
                self.one_sentence(line, rule.lang)
                    .then_some((rule.kind + RULE_BASE, After::Nothing))
            }
            LineVerdict::IfLastSentence(i) => {
                let rule = rules.rule(i);
                (last && self.one_sentence(line, rule.lang))
                    .then_some((rule.kind + RULE_BASE, After::Nothing))
            }
            LineVerdict::Keep => shape::of(line).map(|s| match s {
                shape::Shape::Date => (self.shape_kinds[0], After::Nothing),
                shape::Shape::Link => (self.shape_kinds[1], After::Nothing),
                shape::Shape::Hashtags => (self.shape_kinds[2], After::Nothing),
                shape::Shape::PostAttribution => (self.shape_kinds[3], After::PostText),
            }),
        };
        (removal, inner)
    }

    /// An embedded post's text is the line right above its attribution line, in the same
    /// paragraph; never the document's first line.
    fn mark_post_text(&self, lines: &[&str], i: usize, verdicts: &mut [Option<usize>]) {
        let first = lines.iter().position(|l| !l.is_empty()).unwrap_or(0);
        if i > first + 1 && !lines[i - 1].is_empty() {
            verdicts[i - 1] = Some(self.shape_kinds[3]);
        }
    }

    /// A credit, label or embed opening at a hit: to the end of its piece, or to the end of the
    /// handle it names (`Публикация от Name (@name)`) and a date stamp after it; failing that, a
    /// phrase of three or more words followed by a capital is furniture on its own ("Посмотреть
    /// эту публикацию в Instagram Публикация …").
    fn credit_span(&self, rules: &Rules, line: &str, hit: Hit, end: usize) -> Option<Range<usize>> {
        let rule = rules.rule(hit.rule);
        let end = handle_end(line, hit.end, end).unwrap_or(end);
        let s = &line[hit.start..end];
        let n = s.chars().count();
        let lower = lowercase(s);
        // A list of hashtags after its label may be longer than a credit.
        let tags = s.contains('#') && n <= RELATED_MAX_CHARS;
        let credit = match rule.how {
            Match::Byline => rules.byline(hit.rule, &lower, n),
            _ => (n <= rules::BYLINE_MAX_CHARS || tags) && !inline::has_inner_sentence_end(s),
        };
        if credit && rules.satisfied(hit.rule, &lower) {
            return Some(hit.start..end);
        }
        let phrase = line[hit.start..hit.end].split_whitespace().count() >= 3;
        let capital_next = line[hit.end..]
            .trim_start()
            .chars()
            .next()
            .is_some_and(char::is_uppercase);
        (phrase && capital_next && rule.requires.is_none()).then_some(hit.start..hit.end)
    }

    /// A pointer to the site's archive opening (or closing) piece `p`: the whole piece when it
    /// is one sentence; in a line glued from several paragraphs, where a paragraph break may
    /// also have become a plain space, its first (or last) sentence.
    fn pointer_span(
        &self,
        line: &str,
        pieces: &[Range<usize>],
        p: usize,
        lang: &str,
        opens: bool,
    ) -> Option<Range<usize>> {
        let piece = pieces[p].clone();
        let sentences = self.segmenter?.split(&line[piece.clone()], lang);
        let span = match (sentences.len(), pieces.len()) {
            (1, _) => piece,
            (_, 1) => return None,
            _ => {
                let s = if opens {
                    sentences.first()
                } else {
                    sentences.last()
                }?;
                piece.start + s.start..piece.start + s.end
            }
        };
        (line[span.clone()].chars().count() <= POINTER_MAX_CHARS).then_some(span)
    }

    fn one_sentence(&self, text: &str, lang: &str) -> bool {
        self.segmenter
            .as_ref()
            .is_some_and(|s| s.split(text, lang).len() == 1)
    }

    fn is_repeated(&self, counter: &LineCounter, line: &LineKey, as_written: bool) -> bool {
        // A full sentence recurs in many articles for two reasons: site furniture ("Редакция
        // может не разделять мнение автора.") or a news formula ("Бұл туралы министрлік
        // хабарлады."). Furniture recurs in nearly every article of its site, formulas far
        // less, so sentences must recur ten times as often before they count as furniture.
        let needed = if line.sentence {
            self.threshold.saturating_mul(SENTENCE_FACTOR)
        } else {
            self.threshold
        };
        if as_written {
            return counter.count(line.exact) >= needed;
        }
        counter.count(line.key) >= needed || line.edge.is_some_and(|e| counter.count(e) >= needed)
    }

    /// Furniture inside the lines still kept: pieces the rules recognise. A line whose pieces
    /// are all furniture goes whole (its verdict is set); the other pieces come back as spans.
    fn inline(
        &self,
        rules: &Rules,
        lines: &[&str],
        inner: &[bool],
        verdicts: &mut [Option<usize>],
    ) -> Vec<(usize, (u32, u32), usize)> {
        let mut out = Vec::new();
        let last_line = last_non_empty(lines);
        for (i, line) in lines.iter().enumerate() {
            if !inner[i] || verdicts[i].is_some() {
                continue;
            }
            // Offsets in the lowercase are those of the line, but for the few letters whose
            // lowercase is longer or shorter in UTF-8 (K, ẞ): such a line is not searched.
            let lower = lowercase(line);
            if lower.len() != line.len() {
                continue;
            }
            let hits = rules.hits(line, &lower);
            if hits.is_empty() {
                continue;
            }
            let pieces = inline::pieces(line);
            let mut spans: Vec<(Range<usize>, usize)> = Vec::new();
            for hit in hits {
                if spans.last().is_some_and(|(r, _)| hit.start < r.end) {
                    continue;
                }
                let Some(p) = pieces.iter().position(|r| r.contains(&hit.start)) else {
                    continue;
                };
                let last = p + 1 == pieces.len() && i == last_line;
                if let Some(span) = self.piece_span(rules, line, &pieces, p, hit, last) {
                    spans.push((span, rules.rule(hit.rule).kind + RULE_BASE));
                }
            }
            if covers_line(line, &spans) {
                verdicts[i] = spans.first().map(|(_, k)| *k);
                continue;
            }
            for (span, kind) in spans {
                let (Ok(s), Ok(e)) = (u32::try_from(span.start), u32::try_from(span.end)) else {
                    continue;
                };
                out.push((i, (s, e), kind));
            }
        }
        out
    }

    /// How much of `line` around a rule's hit in piece `p` is furniture, if any.
    fn piece_span(
        &self,
        rules: &Rules,
        line: &str,
        pieces: &[Range<usize>],
        p: usize,
        hit: Hit,
        last: bool,
    ) -> Option<Range<usize>> {
        let rule = rules.rule(hit.rule);
        let piece = pieces[p].clone();
        let text = &line[piece.clone()];
        let chars = text.chars().count();
        let at_piece_start = hit.start == piece.start;
        let at_sentence_start = at_piece_start || inline::sentence_starts_at(line, hit.start);
        let whole = (piece.clone(), text);
        match rule.how {
            Match::Prefix | Match::Byline if at_sentence_start => {
                self.credit_span(rules, line, hit, piece.end)
            }
            Match::Prefix | Match::Byline => None,
            Match::Marker => at_sentence_start
                .then(|| marker_span(line, pieces, p, hit))
                .flatten(),
            Match::Label => (chars <= LABEL_MAX_CHARS && is_caption(text)).then_some(whole.0),
            Match::Contains => (chars <= CONTAINS_MAX_CHARS
                && rules.satisfied(hit.rule, &lowercase(text)))
            .then_some(whole.0),
            Match::Exact => rules
                .is_exact(hit.rule, &lowercase(text))
                .then_some(whole.0),
            Match::Opens if at_piece_start => self.pointer_span(line, pieces, p, rule.lang, true),
            Match::Closes
                if hit.end <= piece.end && rules::closes_at(&line[..piece.end], hit.end) =>
            {
                self.pointer_span(line, pieces, p, rule.lang, false)
            }
            Match::Ending if last => {
                self.pointer_span(line, pieces, p, rule.lang, false)
                    .filter(|s| {
                        s.contains(&hit.start)
                            && rules::reports_nothing(&lowercase(&line[s.clone()]))
                    })
            }
            Match::Opens | Match::Closes | Match::Ending => None,
        }
    }
}

/// Where a credit naming a handle ends: after the handle (and its closing bracket), and after a
/// date stamp that follows it up to `end`; `None` without a handle.
fn handle_end(line: &str, from: usize, end: usize) -> Option<usize> {
    let at = from + line.get(from..end)?.find('@')?;
    let after = line[at + 1..end]
        .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '.'))
        .map_or(end, |k| at + 1 + k);
    let after = match line[after..end].starts_with(')') {
        true => after + 1,
        false => after,
    };
    let rest = line[after..end].trim();
    Some(match !rest.is_empty() && dates::is_date_line(rest) {
        true => end,
        false => after,
    })
}

/// What goes with a line the rules remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum After {
    Nothing,
    /// The related headlines after a "read also" marker.
    Related,
    /// The text of the embedded post the line attributes.
    PostText,
}

/// One segmenter for every cleaner of the process: its rule book takes a moment to build.
fn segmenter() -> &'static Segmenter {
    static SEGMENTER: std::sync::OnceLock<Segmenter> = std::sync::OnceLock::new();
    SEGMENTER.get_or_init(Segmenter::new)
}

fn part(line: usize, span: Option<(u32, u32)>, kind: usize) -> Part {
    Part {
        line: u32::try_from(line).unwrap_or(u32::MAX),
        span,
        kind: u16::try_from(kind).unwrap_or(u16::MAX),
    }
}

/// Whether the spans leave nothing of `line` but spaces and punctuation.
fn covers_line(line: &str, spans: &[(Range<usize>, usize)]) -> bool {
    if spans.is_empty() {
        return false;
    }
    let mut at = 0;
    for (span, _) in spans {
        if line[at..span.start.max(at)]
            .chars()
            .any(char::is_alphanumeric)
        {
            return false;
        }
        at = span.end.max(at);
    }
    !line[at..].chars().any(char::is_alphanumeric)
}

/// A marker found inside a line, with the related headline(s) after it: the rest of its piece
/// (or, for a marker alone in its piece, the next piece), and the pieces after that which open
/// with the date stamp of a listed headline.
fn marker_span(line: &str, pieces: &[Range<usize>], p: usize, hit: Hit) -> Option<Range<usize>> {
    let piece = &pieces[p];
    let mut end = piece.end;
    let mut last = p;
    if rules::marker_rest(line[hit.end..piece.end].trim()).is_empty() {
        if let Some(next) = pieces.get(p + 1)
            && is_related_headline(&line[next.clone()], true)
        {
            end = next.end;
            last = p + 1;
        }
    } else {
        let block = &line[hit.start..piece.end];
        let n = block.chars().count();
        if n > RELATED_MAX_CHARS && !(inline::ends_with_time(block) && n <= BLOCK_MAX_CHARS) {
            return None;
        }
    }
    for next in &pieces[last + 1..] {
        let text = &line[next.clone()];
        if !inline::starts_with_stamp(text)
            || line[hit.start..next.end].chars().count() > BLOCK_MAX_CHARS
        {
            break;
        }
        end = next.end;
    }
    Some(hit.start..end)
}

fn last_non_empty(lines: &[&str]) -> usize {
    lines.iter().rposition(|l| !l.is_empty()).unwrap_or(0)
}

/// A short line ending in a colon, without a sentence end before it: "Байланысты:", "Тағы:".
fn is_learned_marker(line: &str) -> bool {
    let body = line.trim_end();
    body.ends_with(':')
        && body.chars().count() <= 40
        && !body[..body.len() - 1].contains(['.', '!', '?', ':'])
}

/// A related headline: not too long, and without final punctuation; the first one right after
/// its marker may ask, exclaim or end with a full stop ("Читайте также: Бензовозы загорелись
/// на нефтебазе."), the ones after it may not: "Участники скандировали «Ура!»" is text.
fn is_related_headline(line: &str, first: bool) -> bool {
    let n = line.chars().count();
    n <= RELATED_MAX_CHARS
        && (is_caption(line)
            || first && (is_headline(line) || n <= 200 && !inline::has_inner_sentence_end(line)))
}

/// The related headlines after a "read also" marker on line `i`: the following lines of its
/// paragraph while they look like headlines, whatever their length; or, for a marker alone in
/// its paragraph, the next paragraph when it is all headlines.
fn related_block<'a>(lines: &'a [&str], i: usize) -> impl Iterator<Item = usize> + 'a {
    let mut start = i + 1;
    let separate = lines.get(start).is_some_and(|l| l.is_empty());
    if separate {
        start += 1;
    }
    let mut end = start;
    while let Some(line) = lines.get(end).filter(|l| !l.is_empty()) {
        let first = end == start && !separate;
        if !is_related_headline(line, first) {
            break;
        }
        end += 1;
    }
    // A paragraph after a blank line goes only when it is headlines through to its end.
    let whole = !separate || lines.get(end).is_none_or(|l| l.is_empty());
    (start..end).filter(move |_| whole)
}

/// Line `i`'s key from the measured keys (in line order, and read up to line `i` on return), or
/// measured now if it is not among them.
fn key_of_line(
    measured: &mut std::iter::Peekable<std::slice::Iter<'_, LineKey>>,
    i: usize,
    line: &str,
    edges: &Edges,
) -> LineKey {
    while measured.next_if(|k| (k.line as usize) < i).is_some() {}
    match measured.next_if(|k| k.line as usize == i) {
        Some(k) => *k,
        None => LineKey::of(i, line, &LineShape::of(line), edges.contains(i)),
    }
}

/// Short unpunctuated lines in the same paragraph as removed furniture go too, except the
/// document's headline. A date line does not take its neighbours: sites print it between the
/// headline and the subheading ("Headline / Section • 13 September 2021 / Subheading").
fn mark_adjacent(lines: &[&str], verdicts: &mut [Option<usize>], date_kind: usize) {
    // The headline is the first line that is not furniture itself (a site header may sit above).
    let first = (0..lines.len())
        .find(|&i| !lines[i].is_empty() && verdicts[i].is_none())
        .unwrap_or(0);
    let removed: Vec<bool> = verdicts
        .iter()
        .map(|v| v.is_some_and(|kind| kind != date_kind))
        .collect();
    for i in 0..lines.len() {
        if i == first || verdicts[i].is_some() || lines[i].is_empty() {
            continue;
        }
        let short = lines[i].chars().count() <= ADJACENT_MAX_CHARS && is_caption(lines[i]);
        let prev = i > 0 && removed[i - 1];
        let next = removed.get(i + 1).copied().unwrap_or(false);
        if short && (prev || next) {
            verdicts[i] = Some(1);
        }
    }
}

#[cfg(test)]
mod tests;
