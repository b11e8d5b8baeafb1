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
    let mut out = String::with_capacity(text.len());
    let mut pending_break = false;
    let mut parts = parts.iter().peekable();
    let mut kept = String::new();
    for (i, line) in text.split('\n').enumerate() {
        let i = u32::try_from(i).unwrap_or(u32::MAX);
        while parts.next_if(|p| p.line < i).is_some() {}
        let mut whole = false;
        let mut spans = Vec::new();
        while let Some(p) = parts.next_if(|p| p.line == i) {
            match p.span {
                None => whole = true,
                Some(span) => spans.push(span),
            }
        }
        let line = match (whole, spans.is_empty()) {
            (true, _) => continue,
            (false, true) => line,
            (false, false) => {
                kept.clear();
                cut_spans(line, &spans, &mut kept);
                kept.as_str()
            }
        };
        if line.is_empty() {
            pending_break = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if pending_break { "\n\n" } else { "\n" });
        }
        pending_break = false;
        out.push_str(line);
    }
    out
}

/// `line` without the byte ranges `spans` (ascending), trimmed; where pieces were cut, the text
/// on either side is joined by one space (none at a space already there).
fn cut_spans(line: &str, spans: &[(u32, u32)], out: &mut String) {
    let mut at = 0usize;
    let mut cut = false;
    for &(s, e) in spans {
        let (s, e) = (s as usize, e as usize);
        let Some(before) = line.get(at..s.max(at)) else {
            continue;
        };
        push_joined(out, before, cut);
        cut = true;
        at = e.max(at);
    }
    push_joined(out, line.get(at..).unwrap_or(""), cut);
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
