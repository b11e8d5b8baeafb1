//! What the cleaner removes from one document: whole lines, and pieces inside lines. Small enough
//! to hand to a later pass in place of the cleaned text.

use std::borrow::Cow;

/// One removed line, or one removed piece of a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Part {
    /// Index of the line in `text.split('\n')`.
    pub line: u32,
    /// Byte range inside the line; `None` for the whole line.
    pub span: Option<(u32, u32)>,
    /// The removal kind (an index into `Cleaner::kinds`).
    pub kind: u16,
}

/// A removed line or piece, where it was in the cleaned text.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// Offset in Unicode scalar values into the cleaned text.
    pub at: u64,
    /// The removal kind (an index into `Cleaner::kinds`).
    pub kind: u16,
    pub text: String,
}

/// Lines and pieces removed from one document, per kind index.
pub type Removed = Vec<(usize, u32)>;

/// The furniture of one document: what [`Cut::apply`] removes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Cut {
    /// Sorted by line, then by start; pieces of one line do not overlap.
    pub parts: Vec<Part>,
}

impl Cut {
    /// `text` without the cut lines and pieces; the text itself when nothing was cut.
    pub fn apply<'a>(&self, text: &'a str) -> Cow<'a, str> {
        match self.parts.is_empty() {
            true => Cow::Borrowed(text),
            false => Cow::Owned(rebuild(text, &self.parts)),
        }
    }

    /// Removed lines and pieces per kind, in order of first appearance.
    pub fn removed(&self) -> Removed {
        let mut counts: Removed = Vec::new();
        for part in &self.parts {
            let kind = usize::from(part.kind);
            match counts.iter_mut().find(|(k, _)| *k == kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((kind, 1)),
            }
        }
        counts
    }

    /// [`Cut::apply`], and the cut parts in the text it makes: for each, in order, the offset in
    /// Unicode scalar values where it was, its kind and the removed text.
    pub fn apply_marked<'a>(&self, text: &'a str) -> (Cow<'a, str>, Vec<Mark>) {
        if self.parts.is_empty() {
            return (Cow::Borrowed(text), Vec::new());
        }
        let mut at_bytes = Vec::with_capacity(self.parts.len());
        let kept = rebuild_marking(text, &self.parts, &mut |at, part, piece| {
            at_bytes.push((at, part.kind, piece.trim().to_string()));
        });
        let mut marks = Vec::with_capacity(at_bytes.len());
        let (mut byte, mut chars) = (0usize, 0u64);
        for (at, kind, text) in at_bytes {
            // Offsets only grow, so the characters are counted once.
            let at = at.max(byte).min(kept.len());
            chars += kept.get(byte..at).map_or(0, |s| s.chars().count() as u64);
            byte = at;
            marks.push(Mark {
                at: chars,
                kind,
                text,
            });
        }
        (Cow::Owned(kept), marks)
    }

    #[cfg(test)]
    fn marks(&self, text: &str) -> Vec<Mark> {
        self.apply_marked(text).1
    }

    /// The removed texts with their kinds, for the dry-run report.
    pub fn texts<'a>(&self, text: &'a str) -> Vec<(usize, &'a str)> {
        let lines: Vec<&str> = text.split('\n').collect();
        self.parts
            .iter()
            .filter_map(|p| {
                let line = lines.get(p.line as usize)?;
                let piece = match p.span {
                    None => *line,
                    Some((s, e)) => line.get(s as usize..e as usize)?,
                };
                Some((usize::from(p.kind), piece))
            })
            .collect()
    }
}

/// Joins the lines not cut, with single blank lines between paragraphs and no blank line at the
/// ends. Inside a line, a cut piece glued between two words leaves one space.
fn rebuild(text: &str, parts: &[Part]) -> String {
    rebuild_marking(text, parts, &mut |_, _, _| {})
}

/// [`rebuild`], telling `mark` of every cut part: the byte offset in the result where it was
/// (before the line or the text after it), the part, and the removed text.
fn rebuild_marking<'t, 'p>(
    text: &'t str,
    parts: &'p [Part],
    mark: &mut dyn FnMut(usize, &Part, &'t str),
) -> String {
    let mut out = String::with_capacity(text.len());
    let mut pending_break = false;
    let mut parts = parts.iter().peekable();
    let mut kept = String::new();
    let mut cut_here: Vec<(usize, &'p Part, &'t str)> = Vec::new();
    let mut deferred: Vec<(&'p Part, &'t str)> = Vec::new();
    for (i, line) in text.split('\n').enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        while parts.next_if(|p| p.line < i).is_some() {}
        cut_here.clear();
        let mut whole = None;
        let mut spans = Vec::new();
        while let Some(p) = parts.next_if(|p| p.line == i) {
            match p.span {
                None => whole = Some(p),
                Some(span) => spans.push((span, p)),
            }
        }
        if let Some(p) = whole {
            // After a blank line, a removed line belongs to the next paragraph.
            match pending_break {
                true => deferred.push((p, line)),
                false => mark(out.len(), p, line),
            }
            continue;
        }
        let line = match spans.is_empty() {
            true => line,
            false => {
                kept.clear();
                cut_spans(line, &spans, &mut kept, &mut cut_here);
                kept.as_str()
            }
        };
        if line.is_empty() {
            deferred.extend(cut_here.iter().map(|&(_, p, piece)| (p, piece)));
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        for (p, piece) in deferred.drain(..) {
            mark(out.len(), p, piece);
        }
        pending_break = false;
        for &(at, p, piece) in &cut_here {
            mark(out.len() + at.min(line.len()), p, piece);
        }
        out.push_str(line);
    }
    for (p, piece) in deferred {
        mark(out.len(), p, piece);
    }
    out
}

/// `line` without the byte ranges `spans` (ascending), trimmed; where pieces were cut, the text
/// on either side is joined by one space (none at a space already there). Each cut piece goes
/// to `cut` with its byte offset in `out`.
fn cut_spans<'t, 'p>(
    line: &'t str,
    spans: &[((u32, u32), &'p Part)],
    out: &mut String,
    cut: &mut Vec<(usize, &'p Part, &'t str)>,
) {
    let mut at = 0usize;
    let mut after_cut = false;
    for &((s, e), part) in spans {
        let (s, e) = (s as usize, e as usize);
        let Some(before) = line.get(at..s.max(at)) else {
            continue;
        };
        push_joined(out, before, after_cut);
        if let Some(piece) = line.get(s.max(at)..e.max(at)) {
            cut.push((out.trim_end().len(), part, piece));
        }
        after_cut = true;
        at = e.max(at);
    }
    push_joined(out, line.get(at..).unwrap_or(""), after_cut);
    let trimmed = out.trim_end().len();
    out.truncate(trimmed);
}

/// Appends `text` to `out`; after a cut, with exactly one space between words.
fn push_joined(out: &mut String, text: &str, after_cut: bool) {
    if !after_cut {
        out.push_str(text);
        return;
    }
    let text = text.trim_start();
    let left = out.chars().last().is_some_and(|c| !c.is_whitespace());
    if left && !text.is_empty() {
        out.push(' ');
    }
    out.push_str(text);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn part(line: u32, span: Option<(u32, u32)>) -> Part {
        Part {
            line,
            span,
            kind: 0,
        }
    }

    #[test]
    fn whole_lines_and_pieces_are_cut() {
        let text = "Тақырып\nФото: ТАСС\n\nБірінші.Фото ПетровЕкінші.\n\nСоңғы";
        let line = "Бірінші.Фото ПетровЕкінші.";
        let s = line.find("Фото").unwrap() as u32;
        let e = line.find("Екінші").unwrap() as u32;
        let cut = Cut {
            parts: vec![part(1, None), part(3, Some((s, e)))],
        };
        assert_eq!(cut.apply(text), "Тақырып\n\nБірінші. Екінші.\n\nСоңғы");
        assert_eq!(cut.removed(), vec![(0, 2)]);
        let texts: Vec<&str> = cut.texts(text).into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts, ["Фото: ТАСС", "Фото Петров"]);
        let kept = cut.apply(text);
        let marks = cut.marks(text);
        let at: Vec<(u64, &str)> = marks.iter().map(|m| (m.at, m.text.as_str())).collect();
        let before_piece = "Тақырып\n\nБірінші.".chars().count() as u64;
        assert_eq!(at, [(7, "Фото: ТАСС"), (before_piece, "Фото Петров")]);
        let chars: Vec<char> = kept.chars().collect();
        assert_eq!(chars[..7].iter().collect::<String>(), "Тақырып");
    }

    /// Marks are where the removed text was: put back at their offsets, they give the lines
    /// of the text in order, whatever is cut.
    #[test]
    fn marks_put_back_restore_the_order_of_the_lines() {
        let text = "Фото: бір\nАлғашқы жол\nОртасы Фото: екі\n\nТағы да оқыңыз\nСоңғы жол\nБөлісу";
        let mid = "Ортасы Фото: екі";
        let s = mid.find("Фото").unwrap() as u32;
        let cut = Cut {
            parts: vec![
                part(0, None),
                part(2, Some((s, mid.len() as u32))),
                part(4, None),
                part(6, None),
            ],
        };
        let kept: Vec<char> = cut.apply(text).chars().collect();
        let mut rebuilt = String::new();
        let mut from = 0usize;
        for m in cut.marks(text) {
            let at = m.at as usize;
            rebuilt.extend(&kept[from..at]);
            rebuilt.push_str(&format!("[{}]", m.text));
            from = at;
        }
        rebuilt.extend(&kept[from..]);
        assert_eq!(
            rebuilt,
            "[Фото: бір]Алғашқы жол\nОртасы[Фото: екі]\n\n[Тағы да оқыңыз]Соңғы жол[Бөлісу]"
        );
    }

    #[test]
    fn a_piece_at_the_end_of_a_line_leaves_no_trailing_space() {
        let line = "Мәтін осында. Фото: Ақорда";
        let s = line.find("Фото").unwrap() as u32;
        let cut = Cut {
            parts: vec![part(0, Some((s, line.len() as u32)))],
        };
        assert_eq!(cut.apply(line), "Мәтін осында.");
    }
}
