//! Character classes used by the scanner. Kept as plain `match`es so the
//! compiler turns them into jump tables; nothing here allocates.

/// Sentence-final marks that need whitespace (or end of text) after them to
/// end a sentence, because they also occur inside tokens ("3.14", "Yahoo!").
pub fn is_soft_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉')
}

/// Marks that end a sentence even with no space after them: scripts written
/// without spaces (CJK) and script-specific full stops that never occur
/// inside numbers or abbreviations.
pub fn is_hard_terminal(c: char) -> bool {
    matches!(
        c,
        '。' | '！'
            | '？'
            | '｡'
            | '؟'
            | '۔'
            | '।'
            | '॥'
            | '။'
            | '።'
            | '፧'
            | '։'
            | '܀'
            | '߹'
    )
}

pub fn is_terminal(c: char) -> bool {
    is_soft_terminal(c) || is_hard_terminal(c)
}

pub fn is_question_or_exclamation(c: char) -> bool {
    matches!(
        c,
        '!' | '?' | '‼' | '⁇' | '⁈' | '⁉' | '！' | '？' | '؟' | '፧'
    )
}

/// Bidi and zero-width format characters: invisible, so they must not change
/// any decision (Arabic news often wraps dots in U+202A/U+202C).
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}'
    )
}

/// Punctuation that closes a quotation or parenthesis and therefore belongs to
/// the sentence before it. `"` and `'` are ambiguous; the scanner only treats
/// them as closers right after a terminal mark.
pub fn is_closer(c: char) -> bool {
    matches!(
        c,
        ')' | ']'
            | '}'
            | '»'
            | '”'
            | '“'
            | '’'
            | '"'
            | '\''
            | '›'
            | '》'
            | '〉'
            | '」'
            | '』'
            | '）'
            | '】'
            | '］'
            | '〕'
    ) || is_format(c)
}

pub fn is_opener(c: char) -> bool {
    matches!(
        c,
        '(' | '['
            | '{'
            | '«'
            | '“'
            | '„'
            | '‘'
            | '‚'
            | '"'
            | '\''
            | '‹'
            | '《'
            | '〈'
            | '「'
            | '『'
            | '（'
            | '【'
            | '［'
            | '〔'
            | '¿'
            | '¡'
            | '`'
    ) || is_format(c)
}

pub fn is_dash(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '‒' | '―' | '−')
}

/// List bullets: a bullet after a space starts a new item.
pub fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '‣' | '⁃' | '◦' | '▪' | '●' | '■' | '►' | '▶' | '➢' | '✓' | '✔'
    )
}

/// Ideographs and kana: text in these scripts has no spaces, so a terminal
/// followed directly by one of them still ends the sentence.
pub fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{FF66}'..='\u{FF9F}' | '\u{AC00}'..='\u{D7AF}'
        | '\u{20000}'..='\u{2FFFF}')
}

/// Letters of a script without case (Arabic, Hebrew, Georgian, Indic, CJK…):
/// for the scanner they behave like a capital letter, i.e. they can start a
/// sentence.
pub fn is_caseless_letter(c: char) -> bool {
    c.is_alphabetic() && !c.is_uppercase() && !c.is_lowercase()
}

/// Vowels of the Latin and Cyrillic alphabets used by the supported
/// languages. A lowercase token with none of them ("млрд", "стр", "Mr") is an
/// abbreviation in every one of these languages.
pub fn is_vowel(c: char) -> bool {
    matches!(
        c.to_lowercase().next().unwrap_or(c),
        'a' | 'e'
            | 'i'
            | 'o'
            | 'u'
            | 'y'
            | 'à'..='æ'
            | 'è'..='ï'
            | 'ò'..='ö'
            | 'ø'..='ü'
            | 'ı'
            // Kazakh Latin у (2018 alphabet) and ұ (2021 alphabet).
            | 'ý'
            | 'ū'
            | 'ə'
            | 'а'
            | 'е'
            | 'ё'
            | 'и'
            | 'о'
            | 'у'
            | 'ы'
            | 'э'
            | 'ю'
            | 'я'
            | 'і'
            | 'ї'
            | 'є'
            | 'ә'
            | 'ө'
            | 'ұ'
            | 'ү'
            | 'ў'
    )
}

/// Scripts whose vowels `is_vowel` knows; the vowel-less heuristic is only
/// applied to words written entirely in them.
pub fn is_latin_or_cyrillic(c: char) -> bool {
    c.is_ascii_alphabetic() || matches!(c, '\u{00C0}'..='\u{024F}' | '\u{0400}'..='\u{052F}')
}

pub fn is_roman_numeral(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 6
        && s.chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M'))
}

/// `char::is_uppercase` with a table-free path for ASCII and Cyrillic, the
/// scripts of most text this tool sees (checked against std by a test).
pub fn is_upper(c: char) -> bool {
    match cyrillic_case(c) {
        Some(upper) => upper,
        None => c.is_uppercase(),
    }
}

/// `char::is_lowercase`, fast for ASCII and Cyrillic like [`is_upper`].
pub fn is_lower(c: char) -> bool {
    match cyrillic_case(c) {
        Some(upper) => !upper,
        None => c.is_lowercase(),
    }
}

/// Some(true) for a capital, Some(false) for a small letter, None when the
/// character is outside the fast ranges or has no case there.
fn cyrillic_case(c: char) -> Option<bool> {
    let n = u32::from(c);
    match n {
        0x41..=0x5A | 0x0400..=0x042F | 0x04C0 => Some(true),
        0x61..=0x7A | 0x0430..=0x045F | 0x04CF => Some(false),
        0x0460..=0x0481 | 0x048A..=0x04BF | 0x04D0..=0x04FF => Some(n % 2 == 0),
        0x04C1..=0x04CE => Some(n % 2 == 1),
        _ => None,
    }
}
