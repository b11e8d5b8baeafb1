//! Furniture inside a line. Some scrapers drop the line breaks between paragraphs, so a credit, a
//! "read also" block or a social embed ends up glued between two paragraphs of text:
//! `…Семея.Фото Алексея МальченкоНо, судя…`. Such a line is cut into *pieces* at the places where
//! two paragraphs were glued (a sentence end or a lowercase letter followed, without a space, by
//! a capital, an opening quote or a digit), and the rules judge pieces as they judge lines.

use std::ops::Range;

/// The pieces of a line: stretches between glued paragraph joins, trimmed. A line without joins
/// is one piece.
pub fn pieces(line: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<(usize, char)> = None;
    let mut before_prev: Option<char> = None;
    // Inside a hashtag or handle capitals mark words, not paragraphs: #АлматыНашОбщийДом.
    let mut in_tag = false;
    let mut chars = line.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next = chars.peek().map(|&(_, n)| n);
        let word_char = {
            let (letter, digit) = crate::base::chars::letter_or_numeric(c);
            letter || digit || c == '_'
        };
        in_tag = match c {
            '#' | '@' => true,
            _ => in_tag && word_char,
        };
        // A piece that opens with a quote does not end right after it.
        let opened = prev.is_some_and(|(j, _)| j == start && start > 0);
        if let Some((_, p)) = prev
            && !opened
            && !(in_tag && word_char)
            && is_join(before_prev, p, c, next, &line[..i])
        {
            push_trimmed(line, start..i, &mut out);
            start = i;
        }
        before_prev = prev.map(|(_, p)| p);
        prev = Some((i, c));
    }
    push_trimmed(line, start..line.len(), &mut out);
    out
}

fn push_trimmed(line: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &line[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let body = s.trim();
    if !body.is_empty() {
        out.push(range.start + lead..range.start + lead + body.len());
    }
}

/// Whether a new paragraph starts at `c`, glued to `p` (the character before, itself after
/// `pp`) without a space.
fn is_join(pp: Option<char>, p: char, c: char, next: Option<char>, before: &str) -> bool {
    // The common case, a letter after a letter of the same case or after a space, is settled
    // by table lookups alone.
    let opens = matches!(c, '«' | '"' | '“') && next.is_some_and(is_upper);
    let starts = is_upper(c) || opens;
    match p {
        // "М.Әуезов", "г.Алматы", "т.б.": a short token before the full stop is an initial or
        // an abbreviation, and "3.5" is a number; "Tengrinews.kz" has a lowercase after it.
        '.' | '!' | '?' | '…' => {
            (starts || c.is_ascii_digit()) && !abbreviation_before(before, p)
        }
        // A closing quote or bracket after a word or a sentence end: `…kz")Далее`.
        '»' | '"' | '”' | ')' => {
            starts
                && pp.is_some_and(|q| {
                    q.is_alphanumeric() || matches!(q, '.' | '!' | '?' | '…' | '_')
                })
        }
        // Normalization puts back the space a scraper lost between a Latin word and a Cyrillic
        // capital ("Tengrinews.kz Фото", "(@name В городе"): still a paragraph join.
        ' ' => {
            pp.is_some_and(|q| q.is_ascii_lowercase() || q.is_ascii_digit()) && is_cyrillic_upper(c)
        }
        // "МальченкоНо", "InstagramПубликация", "14:10Родные", `kz"Удержать`: a Cyrillic
        // capital or an opening quote right after a lowercase letter or a digit. Latin capitals
        // inside words are names ("YouTube", "iPhone"), and a Latin word glued after Cyrillic is
        // link text inside a sentence ("передаетTengrinews").
        _ => (is_lower(p) || p.is_ascii_digit()) && (is_cyrillic_upper(c) || opens),
    }
}

/// A capital letter, by the case table (fast for ASCII and Cyrillic).
fn is_upper(c: char) -> bool {
    let (lower, letter, _) = crate::base::chars::fold_and_class(c);
    letter && lower != u32::from(c)
}

/// A letter that is its own lowercase (caseless scripts included).
fn is_lower(c: char) -> bool {
    let (lower, letter, _) = crate::base::chars::fold_and_class(c);
    letter && lower == u32::from(c)
}

fn is_cyrillic_upper(c: char) -> bool {
    ('\u{0400}'..='\u{04FF}').contains(&c) && is_upper(c)
}

/// Whether the full stop ending `before` closes an abbreviation or initial rather than a
/// sentence: one letter since the last non-letter ("М.", "г.", "т.б."), or a digit before it.
pub(super) fn abbreviation_before(before: &str, stop: char) -> bool {
    if stop != '.' {
        return false;
    }
    let token: Vec<char> = before
        .trim_end_matches('.')
        .chars()
        .rev()
        .take_while(|c| c.is_alphanumeric())
        .collect();
    match token.first() {
        None => false,
        Some(d) if d.is_ascii_digit() => true,
        Some(_) => token.len() == 1,
    }
}

/// Whether `text` holds a sentence end inside it: `. ` (or `!`, `?`, `…`) followed by a capital,
/// not after an initial or a short abbreviation.
pub fn has_inner_sentence_end(text: &str) -> bool {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    chars.windows(3).any(|w| {
        let [(i, p), (_, s), (_, c)] = [w[0], w[1], w[2]];
        matches!(p, '.' | '!' | '?' | '…')
            && s == ' '
            && (c.is_uppercase() || c.is_ascii_digit() || matches!(c, '«' | '"' | '—' | '–'))
            && !abbreviation_before(&text[..i], p)
    })
}

/// A time (`hh:mm`) ends `text`, as it ends a date stamp ("12 апреля 2024 14:10").
pub fn ends_with_time(text: &str) -> bool {
    let b = text.trim_end().as_bytes();
    b.len() >= 4 && {
        let t = &b[b.len() - 4..];
        t[0].is_ascii_digit() && t[1] == b':' && t[2].is_ascii_digit() && t[3].is_ascii_digit()
    }
}

/// Whether a sentence starts at `pos`: spaces before it, and before them a sentence end that is
/// no abbreviation (a closing quote or bracket may follow the full stop).
pub fn sentence_starts_at(line: &str, pos: usize) -> bool {
    let before = &line[..pos];
    let trimmed = before.trim_end();
    if trimmed.len() == before.len() {
        return false;
    }
    let body = trimmed.trim_end_matches(['»', '"', '”', ')']);
    match body.chars().last() {
        Some(stop @ ('.' | '!' | '?' | '…')) => !abbreviation_before(body, stop),
        _ => false,
    }
}

/// A piece that opens with a date stamp, alone or followed by a list separator: the stamp of a
/// related headline in a glued block ("Сегодня 09:51■…").
pub fn starts_with_stamp(piece: &str) -> bool {
    let head = piece.split(['■', '•', '|']).next().unwrap_or("");
    super::dates::is_date_line(head.trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(line: &str) -> Vec<&str> {
        pieces(line).into_iter().map(|r| &line[r]).collect()
    }

    #[test]
    fn glued_paragraphs_are_pieces() {
        assert_eq!(
            texts("в Семее.Фото Алексея ПетроваНо, судя по всему, нет."),
            [
                "в Семее.",
                "Фото Алексея Петрова",
                "Но, судя по всему, нет."
            ]
        );
        assert_eq!(
            texts("сказал он.\"Мы готовы\", - добавил он."),
            ["сказал он.", "\"Мы готовы\", - добавил он."]
        );
        assert_eq!(
            texts("#ТазаҚазақстан.Материал предоставлен акиматом"),
            ["#ТазаҚазақстан.", "Материал предоставлен акиматом"]
        );
        assert_eq!(
            texts("в 2024 году.19 января Нацбанк снизил ставку"),
            ["в 2024 году.", "19 января Нацбанк снизил ставку"]
        );
        assert_eq!(
            texts("Посмотреть эту публикацию в InstagramПубликация от Аяна (@ayana)Далее текст"),
            [
                "Посмотреть эту публикацию в Instagram",
                "Публикация от Аяна (@ayana)",
                "Далее текст"
            ]
        );
    }

    #[test]
    fn a_space_put_back_between_scripts_is_still_a_join() {
        assert_eq!(
            texts("Фото ©️ Tengrinews.kz Фото ©️ Tengrinews.kz \"Вода ушла\""),
            [
                "Фото ©️ Tengrinews.kz",
                "Фото ©️ Tengrinews.kz \"Вода ушла\""
            ]
        );
    }

    #[test]
    fn no_joins_inside_names_domains_numbers_and_abbreviations() {
        for line in [
            "по данным Tengrinews.kz в Алматы",
            "писатель М.Әуезов и г.Алматы, т.б.",
            "рост составил 3.5 процента",
            "компания YouTube и iPhone",
            "передаетTengrinews.kz со ссылкой",
            "хештеги #АлматыНашОбщийДом, #БізКөппіз",
            "пишите @ЕрланСапаров в личку",
            "Мы готовы, - сказал он. Потом ушёл.",
        ] {
            assert_eq!(texts(line), [line], "{line}");
        }
    }

    #[test]
    fn inner_sentence_ends() {
        assert!(has_inner_sentence_end("Фото выставки. Она открыта"));
        assert!(!has_inner_sentence_end("Фото М. Петрова"));
        assert!(!has_inner_sentence_end("Фото Алексея Петрова"));
    }

    #[test]
    fn time_stamps_end_blocks() {
        assert!(ends_with_time("Жестокое избиение16 апреля 2024 13:46"));
        assert!(ends_with_time("Сегодня 09:51 "));
        assert!(!ends_with_time("в 2024 году"));
    }
}
