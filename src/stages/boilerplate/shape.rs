//! Furniture recognised by its shape rather than its words, in any language: date and time
//! lines, lines that are only links or handles, hashtag lists, and the attribution line of an
//! embedded post (`— Name (@handle) January 12, 2026`).

/// What a line's shape says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Date,
    Link,
    Hashtags,
    /// The closing line of an embedded post; the post's text is the line before it.
    PostAttribution,
}

impl Shape {
    /// The removal kind the shape is counted under.
    pub fn kind(self) -> &'static str {
        match self {
            Shape::Date => "date",
            Shape::Link => "link",
            Shape::Hashtags => "tags",
            Shape::PostAttribution => "embed",
        }
    }
}

/// The furniture shape of a line (normalized, at most a few hundred characters), if any. Each
/// shape needs a character most text lines lack, which is looked for first, on bytes.
pub fn of(line: &str) -> Option<Shape> {
    let b = line.as_bytes();
    if b.len() <= 4 * super::dates::DATE_LINE_MAX_CHARS
        && b.iter().any(u8::is_ascii_digit)
        && super::dates::is_date_line(line)
    {
        return Some(Shape::Date);
    }
    let handle = memchr::memchr(b'@', b).is_some();
    if handle && is_post_attribution(line) {
        return Some(Shape::PostAttribution);
    }
    if (handle || memchr::memchr(b'/', b).is_some()) && is_link_only(line) {
        return Some(Shape::Link);
    }
    if memchr::memchr(b'#', b).is_some() && is_hashtag_list(line) {
        return Some(Shape::Hashtags);
    }
    None
}

/// A web address, a bare domain path or a handle.
fn is_address(token: &str) -> bool {
    let t = token.trim_matches(|c: char| matches!(c, '(' | ')' | ',' | '.' | '«' | '»' | '"'));
    t.contains("://")
        || t.starts_with("www.")
        || t.starts_with('@') && t.chars().count() > 1
        || t.contains('/') && t.split('/').next().is_some_and(is_domain)
}

fn is_domain(host: &str) -> bool {
    let (Some(name), Some(tld)) = (host.split('.').next(), host.rsplit('.').next()) else {
        return false;
    };
    if name.len() == host.len() {
        return false;
    }
    !name.is_empty() && (2..=6).contains(&tld.len()) && tld.chars().all(|c| c.is_ascii_lowercase())
}

/// Nothing but addresses, handles, emoji and punctuation: a link line, a "follow us" block.
fn is_link_only(line: &str) -> bool {
    let mut addresses = 0;
    for token in line.split_whitespace() {
        if is_address(token) {
            addresses += 1;
        } else if token.chars().any(char::is_alphanumeric) {
            return false;
        }
    }
    addresses > 0
}

/// Two or more hashtags making up at least half of the words.
fn is_hashtag_list(line: &str) -> bool {
    let (mut tags, mut words) = (0, 0);
    for token in line.split_whitespace() {
        if token.chars().any(char::is_alphanumeric) {
            words += 1;
            tags += usize::from(token.starts_with('#') && token.chars().nth(1).is_some());
        }
    }
    tags >= 2 && 2 * tags >= words
}

/// `— Name (@handle) January 12, 2026`: a dash, a name, a handle in brackets, a date.
fn is_post_attribution(line: &str) -> bool {
    let Some(rest) = line.strip_prefix(['—', '–', '-']) else {
        return false;
    };
    let Some(open) = rest.find("(@") else {
        return false;
    };
    let Some(close) = rest[open..].find(')') else {
        return false;
    };
    let date = rest[open + close + 1..].trim();
    !date.is_empty()
        && line.chars().count() <= 160
        && date.chars().any(|c| c.is_ascii_digit())
        && date
            .split(|c: char| !c.is_alphabetic())
            .filter(|w| !w.is_empty())
            .all(|w| super::dates::is_date_word(&crate::base::chars::lowercase(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes_of_furniture() {
        assert_eq!(of("14:37, 13 Qańtar 2026 | GMT +5"), Some(Shape::Date));
        assert_eq!(
            of("— Jane Roe (@janeroe) January 12, 2026"),
            Some(Shape::PostAttribution)
        );
        assert_eq!(
            of("🔗 https://t.co/abc123 pic.twitter.com/xyz789"),
            Some(Shape::Link)
        );
        assert_eq!(of("@qalanews"), Some(Shape::Link));
        assert_eq!(of("#жаңалық #спорт #футбол"), Some(Shape::Hashtags));
    }

    #[test]
    fn text_is_not_furniture_by_shape() {
        for line in [
            "Толығырақ: https://example.kz/news/1 сайтында",
            "Бұл туралы @qalanews жазды.",
            "— Біз дайынбыз, — деді ол.",
            "#1 рейтингтегі команда жеңді",
            "2019",
        ] {
            assert_eq!(of(line), None, "{line}");
        }
    }
}
