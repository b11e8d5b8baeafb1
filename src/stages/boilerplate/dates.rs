//! Dates and times in site furniture: "14:37, 13 Qańtar 2026 | GMT +5", "Понедельник, 23 января
//! 2023, 19:00", "Сегодня 09:51". Two uses: a short line whose every word is a date word is a
//! date line (furniture on its own), and when lines are counted, month and day names are folded
//! like digits, so the date line of every article of a site counts as one template.
//!
//! The words are month names, weekdays and "today/yesterday" in the languages the users scrape
//! (Kazakh in Cyrillic, Latin and Arabic spellings, Russian, Kyrgyz, Uzbek, Tatar, Ukrainian, English) and
//! a few major ones, plus the filler of date lines (year, at, GMT). Month names are matched by
//! stem, so the case forms of Russian and the suffixes of the Turkic languages ("января",
//! "қаңтарда", "апрелинде") need no list of their own.

use std::collections::HashSet;
use std::sync::OnceLock;

/// Stems of month names; a word is a month when it is a stem followed by at most
/// `MAX_SUFFIX` letters ("январ" + "я", "қаңтар" + "дың").
const MONTH_STEMS: &str = "
    январ феврал март апрел июн июл август сентябр октябр ноябр декабр
    қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан
    qańtar aqpan naýryz sáýir mamyr maýsym shilde tamyz qyrkúıek qazan qarasha jeltoqsan
    qantar nauryz sauir mausym qyrkuiek zheltoqsan qañtar säuır qyrküiek
    qan'tar nay'ryz sa'y'ir may'sym qyrku'i'ek s'ilde
    гыйнвар
    січ лют берез квіт травн червн лип серпн верес жовтн листопад груд
    yanvar fevral aprel iyun iyul avgust sentyabr oktyabr noyabr dekabr
    january february april june july august september october november december
    januar februar märz juni juli oktober dezember
    ocak şubat nisan mayıs haziran temmuz ağustos eylül ekim kasım aralık
    janvier février avril juillet août septembre octobre novembre décembre
    enero febrero marzo abril junio julio agosto septiembre octubre noviembre diciembre
";

/// Letters a month stem may be followed by: case endings and Turkic suffixes.
const MAX_SUFFIX: usize = 4;
/// A date line is at most this long.
pub const DATE_LINE_MAX_CHARS: usize = 64;

/// Whole words: short month forms, weekdays, relative days and the filler of date lines.
const DATE_WORDS: &str = "
    май мая мае маю маем may mai mars mayo
    янв фев мар апр авг сен сент окт ноя дек
    jan feb mar apr jun jul aug sep sept oct nov dec
    понедельник вторник среда среду четверг пятница пятницу суббота субботу воскресенье
    пн вт ср чт пт сб вс
    дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі
    dúısenbi seısenbi sársenbi beısenbi juma senbi jeksenbi
    duisenbi seisenbi sarsenbi beisenbi jeksenbi
    дүйшөмбү шейшемби шаршемби бейшемби жума ишемби жекшемби
    dushanba seshanba chorshanba payshanba shanba yakshanba
    monday tuesday wednesday thursday friday saturday sunday
    mon tue wed thu fri sat sun
    сегодня вчера завтра бүгін кеше ертең búgin bugin keshe erteń бүгүн эртең
    bugun kecha ertaga today yesterday tomorrow
    г гг год года году жыл жылы жылғы ж jyl jyly j жылдын жылы yil yili
    в во at on um le saat сағат саат soat
    gmt utc msk pdt pst edt est cet cest ast alm am pm
    обновлено опубликовано жаңартылған жарияланған jańartylǵan jarııalanǵan updated published
";

/// Kazakh month stems, date words and filler, also matched in the Arabic script (töte, written
/// from these by `translit`: "قاڭتار", "ءساۋىر", "جۇما", "ساعات").
const KAZAKH_STEMS: &str =
    "қаңтар ақпан наурыз сәуір мамыр маусым шілде тамыз қыркүйек қазан қараша желтоқсан";
const KAZAKH_WORDS: &str = "дүйсенбі сейсенбі сәрсенбі бейсенбі жұма сенбі жексенбі бүгін кеше \
                            ертең жаңартылған жарияланған";
const KAZAKH_FILLER: &str = "жыл жылы жылғы сағат";

type WordSet = HashSet<Box<str>, std::hash::BuildHasherDefault<crate::base::chars::Fnv>>;

struct Vocabulary {
    stems: WordSet,
    words: WordSet,
    /// Filler in the Arabic script (the Cyrillic and Latin filler is in `is_filler`).
    arabic_filler: WordSet,
}

fn vocabulary() -> &'static Vocabulary {
    static VOCABULARY: OnceLock<Vocabulary> = OnceLock::new();
    VOCABULARY.get_or_init(|| {
        let words = |list: &'static str| list.split_whitespace().map(Box::from);
        let arabic = |list: &'static str| {
            list.split_whitespace()
                .flat_map(crate::base::translit::kazakh_arabic_variants)
                .map(String::into_boxed_str)
                .collect::<Vec<_>>()
        };
        let arabic_filler = arabic(KAZAKH_FILLER);
        Vocabulary {
            stems: words(MONTH_STEMS).chain(arabic(KAZAKH_STEMS)).collect(),
            words: words(DATE_WORDS)
                .chain(arabic(KAZAKH_WORDS))
                .chain(arabic_filler.iter().cloned())
                .collect(),
            arabic_filler: arabic_filler.into_iter().collect(),
        }
    })
}

/// Whether a lowercase word names a month, a weekday or a relative day, or is date filler.
pub fn is_date_word(lower: &str) -> bool {
    let v = vocabulary();
    if v.words.contains(lower) {
        return true;
    }
    is_month(lower, v)
}

/// Whether a lowercase word is a month name or one of its inflected forms (not filler: "жыл"
/// must not fold, so "5 жыл" and "5 ай" stay different lines).
pub fn is_month_or_day(lower: &str) -> bool {
    let v = vocabulary();
    is_month(lower, v)
        || (v.words.contains(lower) && !is_filler(lower) && !v.arabic_filler.contains(lower))
}

fn is_month(lower: &str, v: &Vocabulary) -> bool {
    // A stem is at least three letters, and at most MAX_SUFFIX letters shorter than the word.
    let n = lower.chars().count();
    let shortest = n.saturating_sub(MAX_SUFFIX).max(3);
    lower
        .char_indices()
        .map(|(i, _)| i)
        .chain(std::iter::once(lower.len()))
        .skip(shortest)
        .any(|end| v.stems.contains(&lower[..end]))
}

/// Words that fill date lines but are no dates themselves.
fn is_filler(lower: &str) -> bool {
    const FILLER: &[&str] = &[
        "г",
        "гг",
        "год",
        "года",
        "году",
        "жыл",
        "жылы",
        "жылғы",
        "ж",
        "jyl",
        "jyly",
        "j",
        "жылдын",
        "yil",
        "yili",
        "в",
        "во",
        "at",
        "on",
        "um",
        "le",
        "saat",
        "сағат",
        "саат",
        "soat",
    ];
    FILLER.contains(&lower)
}

/// A line that is only a date and/or a time: every word is a date word, it has digits, and it
/// either names a month or day or shows a time (`14:37`) or a numeric date (`13.01.2026`).
/// Separators (`,` `|` `/` `-` `•` `+`) are allowed; anything else makes it text, but for the
/// name of a section before or after a `•` or `|`.
pub fn is_date_line(line: &str) -> bool {
    if line.len() > 4 * DATE_LINE_MAX_CHARS || line.chars().count() > DATE_LINE_MAX_CHARS {
        return false;
    }
    if only_date(line) {
        return true;
    }
    // "Teatr • 13 Qyrkúıek, 2021": the section a site files the story under, beside its date.
    match line.split_once(['•', '|']) {
        Some((head, tail)) => {
            (is_section(head) && only_date(tail)) || (only_date(head) && is_section(tail))
        }
        None => false,
    }
}

/// A section name: one or two words of letters, nothing else (three words are already a
/// headline's start: "Театр маусымы ашылды").
fn is_section(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty()
        && text.split_whitespace().count() <= 2
        && text
            .chars()
            .all(|c| crate::base::chars::is_letter(c) || c == ' ' || c == '-')
}

fn only_date(line: &str) -> bool {
    let mut has_digit = false;
    let mut named = false;
    for word in line.split(|c: char| !crate::base::chars::is_letter(c) && c != '\'') {
        if word.is_empty() {
            continue;
        }
        let lower = crate::base::chars::lowercase(word);
        if !is_date_word(&lower) {
            return false;
        }
        named |= is_month_or_day(&lower);
    }
    for c in line.chars() {
        match c {
            c if c.is_numeric() => has_digit = true,
            c if c.is_alphabetic() || c.is_whitespace() => {}
            ',' | '،' | '|' | '/' | '-' | '–' | '—' | '•' | '+' | ':' | '.' | '(' | ')' | '\'' =>
                {}
            _ => return false,
        }
    }
    has_digit && (named || has_time(line) || has_numeric_date(line))
}

/// `hh:mm` somewhere in the line.
fn has_time(line: &str) -> bool {
    let b = line.as_bytes();
    b.windows(4).enumerate().any(|(i, w)| {
        w[0].is_ascii_digit()
            && w[1] == b':'
            && w[2].is_ascii_digit()
            && w[3].is_ascii_digit()
            && b.get(i + 4).is_none_or(|c| !c.is_ascii_digit())
    })
}

/// `dd.mm.yyyy` or `yyyy-mm-dd` somewhere in the line.
fn has_numeric_date(line: &str) -> bool {
    line.split(|c: char| !(c.is_ascii_digit() || c == '.' || c == '-' || c == '/'))
        .any(|t| {
            let parts: Vec<&str> = t.split(['.', '-', '/']).filter(|p| !p.is_empty()).collect();
            parts.len() == 3 && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn month_names_match_by_stem_in_every_spelling() {
        for w in [
            "января",
            "январь",
            "қаңтарда",
            "qańtar",
            "qantar",
            "апрелинде",
            "july",
            "мая",
        ] {
            assert!(is_date_word(w), "{w}");
        }
        for w in ["марафон", "жаңалық", "январствовать", "ма", "яна"]
        {
            assert!(!is_date_word(w), "{w}");
        }
    }

    #[test]
    fn date_lines_are_only_dates_and_times() {
        for line in [
            "14:37, 13 Qańtar 2026 | GMT +5",
            "Понедельник, 23 января 2023, 19:00",
            "Сегодня 09:51",
            "13.01.2026",
            "12 апреля 2024 14:10",
            "Жаңартылған: 5 наурыз 2025 ж.",
            "Teatr • 13 Qyrkúıek, 2021",
            "Саясат | 12:40, 5 наурыз 2024",
            "ءساۋىر 12، 2021",
            "جۇما, 30 قاڭتار 2026",
        ] {
            assert!(is_date_line(line), "{line}");
        }
        for line in [
            "2019",
            "12 апреля в Астане открылся парк",
            "Астана – 1957",
            "5 жыл",
            "Время чтения: 3 минуты",
            "Жаңа кітап • 2021",
            "Театр маусымы ашылды • 13 қыркүйек 2021",
            "Оқиға: 13 қыркүйек 2021",
        ] {
            assert!(!is_date_line(line), "{line}");
        }
    }
}
