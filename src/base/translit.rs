//! Kazakh Cyrillic to the Latin spellings Kazakh is written in on the web, so that phrase lists
//! written once in Cyrillic also match Latin-script text:
//! - `Acute`: the 2018 alphabet as amended (á ǵ ı ń ó ú ý; sh, ch), used by Kazinform and egemen;
//! - `Apostrophe`: the first 2017 alphabet (a' g' n' o' u' y' i' s' c');
//! - `Y2021`: the 2021 alphabet (ä ğ ñ ö ū ü ş ç ı);
//! - `Ascii`: what people type without a Kazakh layout (sh, ch, q, and the plain vowels).
//!
//! The tables follow the published alphabets; letters Kazakh takes only in Russian loans (ё ц
//! щ ъ ь э ю я) get the usual renderings.
//!
//! Kazakh in the Arabic script (töte jazuw, in China and Mongolia) has no letters of its own for
//! the front vowels ә ө ү і: a word with them is marked front by a hamza before it, unless it
//! holds е, к or г, which are front by themselves. Pages write that hamza as ء (U+0621) or as
//! the high hamza ٴ (U+0674); [`kazakh_arabic_variants`] gives both.

/// The Latin spellings of Kazakh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Spelling {
    Acute,
    Apostrophe,
    Y2021,
    Ascii,
}

impl Spelling {
    pub const ALL: [Spelling; 4] = [
        Spelling::Acute,
        Spelling::Apostrophe,
        Spelling::Y2021,
        Spelling::Ascii,
    ];
}

/// The Latin form of one lowercase Kazakh Cyrillic letter; `None` for anything else, which is
/// kept as it is.
fn letter(c: char, s: Spelling) -> Option<&'static str> {
    use Spelling::*;
    let common = match c {
        'а' => "a",
        'б' => "b",
        'в' => "v",
        'г' => "g",
        'д' => "d",
        'е' => "e",
        'ж' => "j",
        'з' => "z",
        'к' => "k",
        'қ' => "q",
        'л' => "l",
        'м' => "m",
        'н' => "n",
        'о' => "o",
        'п' => "p",
        'р' => "r",
        'с' => "s",
        'т' => "t",
        'ф' => "f",
        'х' | 'һ' => "h",
        'ы' => "y",
        'і' => "i",
        'ъ' | 'ь' => "",
        'э' => "e",
        _ => "",
    };
    let special = match (c, s) {
        ('ә', Acute) => "á",
        ('ә', Apostrophe) => "a'",
        ('ә', Y2021) => "ä",
        ('ә', Ascii) => "a",
        ('ғ', Acute) => "ǵ",
        ('ғ', Apostrophe) => "g'",
        ('ғ', Y2021) => "ğ",
        ('ғ', Ascii) => "g",
        ('ң', Acute) => "ń",
        ('ң', Apostrophe) => "n'",
        ('ң', Y2021) => "ñ",
        ('ң', Ascii) => "n",
        ('ө', Acute) => "ó",
        ('ө', Apostrophe) => "o'",
        ('ө', Y2021) => "ö",
        ('ө', Ascii) => "o",
        ('ү', Acute) => "ú",
        ('ү', Apostrophe) => "u'",
        ('ү', Y2021) => "ü",
        ('ү', Ascii) => "u",
        ('ұ', Y2021) => "ū",
        ('ұ', _) => "u",
        ('у', Acute) => "ý",
        ('у', Apostrophe) => "y'",
        ('у', _) => "u",
        ('и' | 'й', Acute) => "ı",
        ('и' | 'й', Apostrophe) => "i'",
        ('и' | 'й', _) => "i",
        ('ы', Y2021) => "ı",
        ('ш', Apostrophe) => "s'",
        ('ш', Y2021) => "ş",
        ('ш', _) => "sh",
        ('ч', Apostrophe) => "c'",
        ('ч', Y2021) => "ç",
        ('ч', _) => "ch",
        ('щ', Y2021) => "ş",
        ('щ', _) => "sh",
        ('ц', Apostrophe) => "c",
        ('ц', _) => "ts",
        ('ё', Acute) => "ıo",
        ('ё', _) => "io",
        ('ю', Acute) => "ıý",
        ('ю', Apostrophe) => "i'y'",
        ('ю', Y2021) => "iu",
        ('ю', Ascii) => "yu",
        ('я', Acute) => "ıa",
        ('я', Apostrophe) => "i'a",
        ('я', Y2021) => "ia",
        ('я', Ascii) => "ya",
        _ => "",
    };
    match (special, common) {
        ("", "") if !matches!(c, 'ъ' | 'ь') => None,
        ("", common) => Some(common),
        (special, _) => Some(special),
    }
}

/// `text` (lowercase Kazakh Cyrillic) in the Latin spelling `s`; other characters are kept.
pub fn to_latin(text: &str, s: Spelling) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match letter(c, s) {
            Some(l) => out.push_str(l),
            None => out.push(c),
        }
    }
    out
}

/// Whether a lowercase phrase has a Kazakh Cyrillic letter, and so other spellings.
fn has_kazakh_cyrillic(text: &str) -> bool {
    text.chars()
        .any(|c| ('а'..='я').contains(&c) || "әғқңөұүһі".contains(c))
}

/// The distinct Latin spellings of a lowercase Kazakh Cyrillic phrase (none when it has no
/// Cyrillic letter), the apostrophe spelling also with the typographic apostrophe ’.
pub fn kazakh_latin_variants(text: &str) -> Vec<String> {
    if !has_kazakh_cyrillic(text) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for s in Spelling::ALL {
        let latin = to_latin(text, s);
        let curly = (s == Spelling::Apostrophe).then(|| latin.replace('\'', "’"));
        for v in std::iter::once(latin).chain(curly) {
            if !out.contains(&v) {
                out.push(v);
            }
        }
    }
    out
}

/// The Arabic-script letters of one lowercase Kazakh Cyrillic letter; `None` for anything else.
fn arabic_letter(c: char) -> Option<&'static str> {
    Some(match c {
        'а' | 'ә' => "ا",
        'б' => "ب",
        'в' => "ۆ",
        'г' => "گ",
        'ғ' => "ع",
        'д' => "د",
        'е' | 'э' => "ە",
        'ё' => "يو",
        'ж' => "ج",
        'з' => "ز",
        'и' | 'й' => "ي",
        'к' => "ك",
        'қ' => "ق",
        'л' => "ل",
        'м' => "م",
        'н' => "ن",
        'ң' => "ڭ",
        'о' | 'ө' => "و",
        'п' => "پ",
        'р' => "ر",
        'с' => "س",
        'т' => "ت",
        'у' => "ۋ",
        'ұ' | 'ү' => "ۇ",
        'ф' => "ف",
        'х' => "ح",
        'һ' => "ھ",
        'ц' => "تس",
        'ч' => "چ",
        'ш' | 'щ' => "ش",
        'ы' | 'і' => "ى",
        'ъ' | 'ь' => "",
        'ю' => "يۋ",
        'я' => "يا",
        _ => return None,
    })
}

/// `text` (lowercase Kazakh Cyrillic) in the Arabic script with `hamza` marking front words;
/// other characters are kept.
pub fn to_arabic(text: &str, hamza: char) -> String {
    let mut out = String::with_capacity(2 * text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if arabic_letter(c).is_none() {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest
            .char_indices()
            .find(|&(_, c)| arabic_letter(c).is_none())
            .map_or(rest.len(), |(i, _)| i);
        let word = &rest[..end];
        let front = word.contains(['ә', 'ө', 'ү', 'і']) && !word.contains(['е', 'к', 'г', 'э']);
        if front {
            out.push(hamza);
        }
        out.extend(word.chars().filter_map(arabic_letter));
        rest = &rest[end..];
    }
    out
}

/// The Arabic-script forms of a lowercase Kazakh Cyrillic phrase (none when it has no Kazakh
/// Cyrillic letter), with either hamza where a word needs one.
pub fn kazakh_arabic_variants(text: &str) -> Vec<String> {
    if !has_kazakh_cyrillic(text) {
        return Vec::new();
    }
    let mut out = vec![to_arabic(text, '\u{0621}')];
    let high = to_arabic(text, '\u{0674}');
    if high != out[0] {
        out.push(high);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_follow_the_alphabets() {
        let phrase = "хабарлаған едік";
        assert_eq!(to_latin(phrase, Spelling::Acute), "habarlaǵan edik");
        assert_eq!(to_latin(phrase, Spelling::Apostrophe), "habarlag'an edik");
        assert_eq!(to_latin(phrase, Spelling::Y2021), "habarlağan edik");
        assert_eq!(to_latin(phrase, Spelling::Ascii), "habarlagan edik");
        assert_eq!(
            to_latin("тағы да оқыңыз", Spelling::Acute),
            "taǵy da oqyńyz"
        );
        assert_eq!(to_latin("бұған дейін", Spelling::Acute), "buǵan deıin");
        assert_eq!(to_latin("үшін", Spelling::Acute), "úshin");
        assert_eq!(to_latin("туралы", Spelling::Acute), "týraly");
    }

    #[test]
    fn arabic_script_marks_front_words_with_a_hamza() {
        // Words with е, к or г are front by themselves and take no hamza.
        assert_eq!(to_arabic("рет көрсетілді", 'ء'), "رەت كورسەتىلدى");
        assert_eq!(to_arabic("қыркүйек", 'ء'), "قىركۇيەك");
        assert_eq!(to_arabic("сәуір", 'ء'), "ءساۋىر");
        assert_eq!(to_arabic("сәуір", 'ٴ'), "ٴساۋىر");
        assert_eq!(to_arabic("тағы да оқыңыз:", 'ء'), "تاعى دا وقىڭىز:");
        assert_eq!(to_arabic("сөз басы", 'ء'), "ءسوز باسى");
        assert_eq!(kazakh_arabic_variants("қазан"), ["قازان"]);
        assert_eq!(
            kazakh_arabic_variants("сөз басы"),
            ["ءسوز باسى", "ٴسوز باسى"]
        );
        assert!(kazakh_arabic_variants("pic.twitter.com/").is_empty());
    }

    #[test]
    fn only_cyrillic_phrases_have_variants() {
        assert!(kazakh_latin_variants("pic.twitter.com/").is_empty());
        let v = kazakh_latin_variants("жазған едік");
        assert!(v.contains(&"jazǵan edik".to_string()));
        assert!(v.contains(&"jazg’an edik".to_string()));
        assert!(v.contains(&"jazgan edik".to_string()));
    }
}
