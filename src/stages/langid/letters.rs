//! Letter evidence: a small multinomial model over "marker" letters.
//!
//! fastText sees character n-grams but is trained on unbalanced data, so on a
//! short line it often prefers a big language (ru, uk) whose alphabet cannot
//! even spell the line. Here every profiled language gets the expected share
//! of a few letters that tell its neighbours apart (published letter
//! frequencies, rounded); the log-likelihood of the observed marker counts is
//! added to the model's log-probability. A letter a language does not write
//! gets a small floor probability instead of zero, because names and quotes
//! bring foreign letters into any text. Two more binomial features ride
//! along for Cyrillic: doubled vowels (Kyrgyz and Mongolian long vowels) and
//! the share of words that keep Turkic vowel harmony, which separates Kyrgyz
//! or Kazakh written without their special letters from Russian.

use super::lexicon::{Lexicon, ROWS, WordHits};
use super::script::{ARAB, CYRL, HANI, HIRA, KANA, LATN, SCRIPTS, ZYYY, script_index};
use crate::base::chars::fold_case;

/// Marker letters of Cyrillic text (lowercase).
const CYRL_MARKERS: [char; 46] = [
    'в', 'ь', 'я', 'ю', 'ф', 'х', 'ц', 'ж', 'ш', 'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'ї',
    'є', 'ґ', 'ў', 'ы', 'э', 'ъ', 'ё', 'щ', 'җ', 'ҡ', 'ҙ', 'ҫ', 'ҳ', 'ӣ', 'ӯ', 'ҷ', 'и', 'ч', 'ј',
    'љ', 'њ', 'ћ', 'ђ', 'џ', 'ѓ', 'ќ', 'ѕ',
];
/// Marker letters of Latin text; `ʻ` stands for the Uzbek okina in any
/// spelling and `~` for every other non-ASCII Latin letter, since how often
/// a language leaves ASCII is itself telling (English and Indonesian almost
/// never; Czech, Polish, Vietnamese all the time). Of the plain ASCII
/// letters, h (th, sh, wh) is three times as common in English as in the
/// Romance languages, which write k and y hardly at all outside loans; k
/// and y are common in Turkish, while German almost never writes y.
/// á ǵ ń ó ú ý are the letters of Latin Kazakh (ә ғ ң ө ү у); ǵ is Kazakh
/// alone, the others are shared with Spanish, Czech, Polish or Hungarian,
/// which have their own shares. `′` stands for the apostrophe of the 2018
/// Kazakh alphabet (a' n' u' y' i' s' c'; o' and g' count as the okina).
const LATN_MARKERS: [char; 24] = [
    'ı', 'ş', 'ç', 'ğ', 'ö', 'ü', 'ä', 'ß', 'q', 'x', 'w', 'h', 'k', 'y', 'ə', 'á', 'ǵ', 'ń', 'ó',
    'ú', 'ý', '′', 'ʻ', '~',
];
/// Marker letters of Arabic-script text, for Kazakh (töte jazuw) against
/// Uyghur and the rest. Kazakh writes the front-vowel mark hamza (ء, or the
/// high hamza ٴ, counted as ء) on front-vowel words without ە ك گ, or the
/// hamza vowels ٵ ٶ ٷ (counted as ٵ); ع for ғ, ى for ы and і, ۇ for ұ
/// and ү, ۋ for у and в, ڭ for ң. Uyghur writes ئ before every vowel that
/// opens a syllable, ې ۈ ۆ, ھ, and غ for ғ. Persian and Urdu write ی ک ه
/// (Urdu also ے), Arabic ة.
const ARAB_MARKERS: [char; 19] = [
    'ء', 'ٵ', 'ع', 'غ', 'ې', 'ۈ', 'ۆ', 'ئ', 'ھ', 'ى', 'ۇ', 'ۋ', 'ڭ', 'ە', 'ی', 'ک', 'ة', 'ے', 'ه',
];
const LATN_START: usize = CYRL_MARKERS.len();
const ARAB_START: usize = LATN_START + LATN_MARKERS.len();
const OTHER_LATIN: usize = ARAB_START - 1;
const OKINA: usize = ARAB_START - 2;
const KK_APOSTROPHE: usize = ARAB_START - 3;
pub(crate) const N_MARKERS: usize = ARAB_START + ARAB_MARKERS.len();

/// Back (1) or front (2) vowel of the Turkic vowel harmony; 0 for
/// consonants and for vowels that go with both (и, у, я, ю, ё).
fn vowel_class(c: char) -> u8 {
    match c {
        'а' | 'о' | 'ы' | 'ұ' => 1,
        'е' | 'э' | 'ө' | 'ү' | 'і' | 'ә' => 2,
        _ => 0,
    }
}

/// Stands in profiles for "a vowel written twice" (аа оо уу ыы ээ өө үү),
/// how Kyrgyz and Mongolian spell long vowels; Kazakh, Tatar and Russian
/// double vowels only in loans.
const DOUBLED: char = '²';
const DOUBLED_DEFAULT_PCT: f32 = 0.05;
/// Stands in profiles for the percentage of words with two or more vowels
/// whose vowels are all back or all front. Turkic and Mongolic words keep
/// vowel harmony (loans aside); in Slavic words the classes mix freely.
const HARMONY: char = '≈';
const HARMONY_DEFAULT_PCT: f32 = 50.0;

/// Weight of the evidence from Latin letters that are not markers. The
/// Latin profiles are coarse (one class for every other diacritic, and a
/// shared fallback for most languages), so "no marker seen" says less there
/// than in Cyrillic text.
const LATIN_OTHER_WEIGHT: f32 = 0.5;

/// Probability of a marker letter in a language that does not write it.
const FLOOR_PCT: f32 = 0.005;
/// Weight of letters in capitalised words inside a sentence (likely names).
const NAME_WEIGHT: f32 = 0.3;

/// `lang script: letter percent ...`, percent of all letters of running
/// text. A marker of the script that is not listed is not written in the
/// language. `*` is the fallback for languages without a profile. A `+`
/// marks languages whose letters are distinctive enough to make them a
/// candidate even when the model ranks them low.
#[rustfmt::skip]
const PROFILES: &[&str] = &[
    "+kk Cyrl: ≈88 ә1.8 ғ1.1 қ3.0 ң0.9 ө0.8 ұ1.4 ү1.0 һ0.03 і4.0 ы4.5 и2.0 э0.15 ч0.15 ъ0.02 ё0.02 щ0.03 \
     в1.0 ь0.15 я0.4 ю0.15 ф0.3 х0.3 ц0.3 ж2.0 ш1.8",
    "+ky Cyrl: ≈88 ²1.8 ң0.8 ө1.4 ү1.8 ы5.0 и4.0 э1.3 ч1.9 ё0.05 ъ0.02 щ0.03 \
     в0.6 ь0.2 я0.4 ю0.2 ф0.2 х0.2 ц0.3 ж2.2 ш1.8",
    "+tt Cyrl: ≈80 ә3.0 ө1.2 ү2.0 җ0.7 ң1.0 һ0.9 ы4.0 и4.5 э0.4 ч1.4 ё0.05 ъ0.1 щ0.01 \
     в1.2 ь0.4 я0.7 ю0.2 ф0.2 х0.5 ц0.1 ж0.6 ш2.0",
    "+ba Cyrl: ≈82 ә2.0 ғ0.9 ҡ2.5 ҙ2.0 ҫ1.2 ң0.9 ө1.0 ү1.5 һ1.6 ы4.0 и3.5 э0.3 ч0.2 ё0.05 ъ0.05 щ0.01 \
     в0.5 ь0.1 я0.6 ю0.1 ф0.1 х0.2 ц0.1 ж0.2 ш1.2",
    "+ru Cyrl: ≈45 ы1.9 и7.4 э0.32 ч1.45 ъ0.04 ё0.05 щ0.36 \
     в4.5 ь1.7 я2.0 ю0.6 ф0.3 х1.0 ц0.5 ж0.9 ш0.7",
    "+uk Cyrl: ≈45 і5.8 ї0.8 є0.4 ґ0.02 и6.0 ч1.2 щ0.8 \
     в5.0 ь1.8 я2.0 ю0.8 ф0.3 х1.0 ц0.6 ж0.9 ш0.7",
    "+be Cyrl: ≈45 і6.0 ў2.0 ы2.2 э1.2 ч1.3 ё0.7 \
     в3.6 ь1.8 я2.5 ю0.7 ф0.3 х1.0 ц0.8 ж0.8 ш0.7",
    "+bg Cyrl: ≈45 ъ2.1 и8.3 щ0.8 ч1.4 \
     в4.0 ь0.1 я2.0 ю0.4 ф0.2 х1.0 ц0.6 ж0.8 ш0.6",
    "+mn Cyrl: ≈85 ²2.5 ө3.0 ү2.2 ы1.5 и4.0 э5.0 ч1.2 ё0.1 ъ0.03 щ0.01 \
     в2.0 ь1.5 я0.8 ю0.3 ф0.1 х2.5 ц1.0 ж1.0 ш1.2",
    "+uz Cyrl: ≈55 ²0.1 ў1.5 қ1.9 ғ0.9 ҳ1.2 и7.0 э0.4 ч1.2 ъ0.4 ё0.2 \
     в2.5 ь0.1 я0.6 ю0.3 ф0.4 х2.0 ц0.4 ж1.0 ш2.0",
    "+tg Cyrl: ≈50 ғ0.6 ӣ0.9 қ1.3 ӯ1.0 ҳ1.3 ҷ0.8 и6.5 э0.4 ч1.2 ъ0.5 ё0.7 \
     в3.0 ь0.05 я0.5 ю0.2 ф0.3 х2.0 ц0.2 ж0.5 ш1.3",
    "+sr Cyrl: ≈45 ј3.0 љ0.5 њ0.7 ћ0.5 ђ0.1 џ0.05 и9.0 ч1.1 в4.0 ф0.3 х0.8 ц1.0 ж0.5 ш0.5",
    "+mk Cyrl: ≈45 ј3.0 ѓ0.2 ќ0.4 ѕ0.05 љ0.3 њ0.6 џ0.05 и8.0 ч1.1 в4.0 ф0.3 х0.8 ц0.8 ж0.5 ш0.5",
    "* Cyrl: ≈60 ²0.2 ы1.5 и4.0 э0.5 ч1.0 ъ0.1 ё0.1 щ0.1 в2.5 ь0.8 я1.0 ю0.4 ф0.2 х1.0 ц0.5 ж1.0 ш1.0 \
     ә0.05 ғ0.05 қ0.05 ң0.05 ө0.05 ұ0.05 ү0.05 һ0.05 і0.05 ї0.05 є0.05 ґ0.05 ў0.05 җ0.05 ҡ0.05 \
     ҙ0.05 ҫ0.05 ҳ0.05 ӣ0.05 ӯ0.05 ҷ0.05 ј0.05 љ0.05 њ0.05 ћ0.05 ђ0.05 џ0.05 ѓ0.05 ќ0.05 ѕ0.05",
    "+kk Latn: á1.8 ǵ1.1 ń0.9 ó0.8 ú1.0 ý2.2 ı3.0 q3.0 h2.0 k3.0 y4.5 x0.02 w0.02 ~0.05 ′0.05 ʻ0.02",
    "kk Latn: ′9.0 ʻ1.9 q3.0 h0.3 k3.0 y6.7 x0.02 w0.02 ~0.05",
    "+tr Latn: ı5.1 ş1.8 ç1.2 ğ1.1 ö0.8 ü1.9 ~0.2 h1.2 k4.7 y3.3 ′0.02",
    "+uz Latn: q2.0 x1.5 ʻ1.8 ~0.1 h3.5 k2.5 y2.0 ′0.2",
    "+az Latn: ə7.0 ı4.5 ş1.5 ç1.2 ğ0.6 ö0.7 ü1.5 q1.7 x1.0 ~0.1 h1.0 k3.4 y2.5 ′0.01",
    "+de Latn: ä0.55 ö0.3 ü0.65 ß0.3 w1.9 q0.02 x0.03 ~0.05 h4.6 k1.4 y0.04 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.01",
    "+en Latn: w2.4 q0.1 x0.15 ~0.02 h6.1 k0.77 y2.0 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.1",
    "fr Latn: ~3.5 ç0.08 q0.9 x0.4 w0.05 ü0.01 ö0.01 ä0.01 h0.74 k0.05 y0.13 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.1",
    "es Latn: ~1.5 q0.9 x0.2 w0.02 ü0.02 h0.7 k0.02 y1.0 á0.5 ó0.8 ú0.17 ý0.01 ń0.01 ′0.01",
    "it Latn: ~1.2 q0.5 x0.02 w0.02 h0.64 k0.01 y0.02 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.05",
    "pt Latn: ~2.7 ç0.4 q1.2 x0.25 w0.02 h1.3 k0.02 y0.01 á0.4 ó0.3 ú0.1 ý0.01 ń0.01 ′0.01",
    "ca Latn: ~1.9 ç0.2 q0.5 x0.4 w0.02 ü0.05 h0.8 k0.02 y0.5 á0.01 ó0.5 ú0.1 ý0.01 ń0.01 ′0.05",
    "nl Latn: ~0.15 q0.01 x0.03 w1.5 ö0.01 ü0.01 ä0.01 h2.4 k2.2 y0.04 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.1",
    "pl Latn: ~6.0 w4.5 q0.01 x0.01 h1.1 k3.0 y3.8 ó0.85 ń0.2 á0.01 ú0.01 ý0.01 ′0.01",
    "cs Latn: ~6.8 q0.01 x0.02 w0.02 h1.3 k3.7 y1.0 á0.87 ý1.0 ú0.2 ó0.01 ń0.01 ′0.01",
    "sk Latn: ~4.0 ä0.1 q0.01 x0.02 w0.02 h2.0 k3.7 y2.0 á2.0 ý1.2 ú0.7 ó0.1 ń0.01 ′0.01",
    "ro Latn: ~5.0 q0.01 x0.1 w0.03 h0.5 k0.02 y0.02 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "hu Latn: ~3.4 ö0.9 ü0.3 q0.01 x0.02 w0.02 h1.3 k4.5 y1.9 á3.4 ó0.9 ú0.26 ý0.01 ń0.01 ′0.01",
    "lt Latn: ~8.0 q0.01 x0.01 w0.01 h0.03 k4.0 y1.4 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "lv Latn: ~9.0 q0.01 x0.01 w0.01 h0.02 k3.7 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "sl Latn: ~2.5 q0.01 x0.01 w0.02 h1.0 k3.7 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "hr Latn: ~3.0 q0.01 x0.01 w0.02 h0.8 k3.7 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "bs Latn: ~3.0 q0.01 x0.01 w0.02 h0.8 k3.7 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "sh Latn: ~3.0 q0.01 x0.01 w0.02 h0.8 k3.7 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "sv Latn: ~3.0 ä1.8 ö1.3 q0.01 x0.1 w0.1 h2.1 k3.1 y0.7 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "da Latn: ~2.5 q0.01 x0.05 w0.1 h1.6 k3.4 y0.7 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "no Latn: ~2.5 q0.01 x0.05 w0.1 h1.6 k3.4 y0.7 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "fi Latn: ~0.5 ä3.6 ö0.4 q0.01 x0.01 w0.01 h1.8 k5.0 y1.7 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "et Latn: ~1.5 ä1.0 ö0.3 ü0.9 q0.01 x0.01 w0.01 h1.8 k4.7 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "id Latn: ~0.02 q0.01 x0.02 w0.4 h2.5 k3.5 y1.4 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "ms Latn: ~0.02 q0.01 x0.02 w0.4 h2.5 k3.5 y1.4 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "tl Latn: ~0.05 q0.01 x0.02 w0.7 h1.5 k2.3 y2.5 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "eo Latn: ~2.0 q0.01 x0.01 w0.01 h0.4 k4.2 y0.01 á0.01 ó0.01 ú0.01 ý0.01 ń0.01 ′0.02",
    "+kk Arab: ء0.8 ٵ0.3 ع1.1 غ0.05 ى9.0 ۇ2.4 ۋ3.2 ڭ0.9 ە8.0 ۆ0.1 ھ0.05 ی0.05 ک0.05 ه0.05",
    "+ug Arab: ئ5.0 ې2.5 ۈ1.2 ۆ0.8 ھ1.5 غ1.0 ى7.0 ۇ3.0 ۋ1.5 ڭ0.5 ە6.0 ع0.05 ی0.05 ک0.05 ه0.05",
    "* Arab: ء0.3 ٵ0.01 ع2.5 غ0.5 ې0.05 ۈ0.01 ۆ0.05 ئ0.3 ھ0.2 ى0.5 ۇ0.01 ۋ0.01 ڭ0.01 ە0.05 ی4.0 \
     ک1.5 ة1.5 ے0.5 ه4.0",
    "* Latn: ı0.01 ş0.02 ç0.1 ğ0.01 ö0.1 ü0.1 ä0.1 ß0.01 q0.1 x0.2 w0.5 ə0.01 ʻ0.01 ~1.5 h2.0 k2.5 y1.0 á0.1 ó0.1 ú0.05 ý0.05 ń0.02 ′0.05",
];

/// Language, script, whether it joins as a candidate, and (letter, percent) pairs.
type ProfileSpec = (&'static str, u8, bool, Vec<(char, f32)>);

/// Parses one `PROFILES` entry into language, script and (letter, percent).
fn parse_profile(spec: &'static str) -> Option<ProfileSpec> {
    let (head, body) = spec.split_once(':')?;
    let (lang, script) = head.split_once(' ')?;
    let (joins, lang) = match lang.strip_prefix('+') {
        Some(l) => (true, l),
        None => (false, lang),
    };
    let script = match script {
        "Cyrl" => CYRL,
        "Latn" => LATN,
        "Arab" => ARAB,
        _ => return None,
    };
    let mut freqs = Vec::new();
    for item in body.split_whitespace() {
        let mut chars = item.chars();
        let c = chars.next()?;
        freqs.push((c, chars.as_str().parse().ok()?));
    }
    Some((lang, script, joins, freqs))
}

/// Marker index + 1 of each code point of the Cyrillic blocks (0 = not a marker).
const CYRL_INDEX: [u8; 0x130] = {
    let mut t = [0u8; 0x130];
    let mut i = 0;
    while i < CYRL_MARKERS.len() {
        t[CYRL_MARKERS[i] as usize - 0x400] = i as u8 + 1;
        i += 1;
    }
    t
};

/// Index of a lowercase marker letter, Cyrillic markers first.
fn marker_index(c: char) -> Option<usize> {
    let cp = c as usize;
    if (0x400..0x530).contains(&cp) {
        return CYRL_INDEX[cp - 0x400].checked_sub(1).map(usize::from);
    }
    if c.is_ascii_lowercase() && !matches!(c, 'q' | 'w' | 'x' | 'h' | 'k' | 'y') {
        return None;
    }
    if (0x600..0x700).contains(&cp) {
        // The hamza vowels ٵ ٶ ٷ are one marker.
        let c = if ('ٵ'..='ٷ').contains(&c) { 'ٵ' } else { c };
        return ARAB_MARKERS
            .iter()
            .position(|&m| m == c)
            .map(|i| ARAB_START + i);
    }
    match LATN_MARKERS.iter().position(|&m| m == c) {
        Some(i) => Some(CYRL_MARKERS.len() + i),
        None if !c.is_ascii() && script_index(c) == LATN => Some(OTHER_LATIN),
        None => None,
    }
}

fn marker_range(script: u8) -> std::ops::Range<usize> {
    match script {
        CYRL => 0..LATN_START,
        LATN => LATN_START..ARAB_START,
        ARAB => ARAB_START..N_MARKERS,
        _ => 0..0,
    }
}

/// What the letter scan needs to know of one character, looked up once. Eight bytes, so
/// that it travels in a register instead of through the stack.
#[derive(Debug, Clone, Copy, PartialEq)]
struct CharInfo {
    /// Its lowercase (`fold_case`).
    lower: char,
    /// `script_index` of the character.
    script: u8,
    /// Marker index + 1 of the lowercase letter, 0 when it is none (or not Cyrillic or Latin).
    marker: u8,
    vowel: u8,
    /// `LONG` and `SPACE` bits.
    flags: u8,
}

/// A vowel whose doubling marks a long vowel.
const LONG: u8 = 1;
/// Whitespace.
const SPACE: u8 = 2;

impl CharInfo {
    fn of(c: char) -> CharInfo {
        let script = script_index(c);
        // The high hamza ٴ is the Kazakh front-vowel mark that most pages write as ء.
        let lower = if c == 'ٴ' { 'ء' } else { fold_case(c) };
        let marker = match script {
            CYRL | LATN | ARAB => marker_index(lower).map_or(0, |i| i as u8 + 1),
            _ => 0,
        };
        let long = matches!(lower, 'а' | 'о' | 'у' | 'ы' | 'э' | 'ө' | 'ү');
        CharInfo {
            lower,
            script,
            marker,
            vowel: vowel_class(lower),
            flags: if long { LONG } else { 0 } | if c.is_whitespace() { SPACE } else { 0 },
        }
    }
}

/// `CharInfo` of every code point below U+0700 (ASCII, Latin, Cyrillic, Arabic): one lookup
/// per character instead of five, in the scan that every sentence goes through.
static CHAR_INFO: std::sync::LazyLock<Vec<CharInfo>> = std::sync::LazyLock::new(|| {
    (0..0x700u32)
        .map(|cp| CharInfo::of(char::from_u32(cp).unwrap_or('\0')))
        .collect()
});

/// Weighted letter counts of one text, split by script.
#[derive(Debug, Clone)]
pub(crate) struct LetterCounts {
    pub cyrl: f32,
    pub latn: f32,
    /// Letters of all other scripts, and of those the Arabic letters.
    pub other: f32,
    pub arab: f32,
    /// Han characters, and Japanese kana.
    pub han: f32,
    pub kana: f32,
    pub markers: [f32; N_MARKERS],
    /// Cyrillic vowels written twice (Kyrgyz and Mongolian long vowels).
    pub doubled: f32,
    /// Cyrillic words with two or more back/front vowels: [harmonic, mixed].
    pub harmony: [f32; 2],
    /// Indices of the markers seen, ascending, so profiles skip the zero counts; those of
    /// Cyrillic, Latin and Arabic end at `present_ends` in turn, the order of `marker_range`.
    present: [u8; N_MARKERS],
    present_ends: [u8; 3],
    /// Sum of the marker counts per script, in the same order: the same for every profile.
    marked: [f32; 3],
    /// Function words seen per word list.
    pub hits: [u16; ROWS],
    /// Words with a listed ending per word list.
    pub suffix_hits: [u16; ROWS],
    /// Words that start with a lowercase letter or a letter without case:
    /// running text, as opposed to names, initials and capitalised headings.
    pub running_words: u16,
    /// Whether some word follows an `@`, or a dot after a letter or digit
    /// with lowercase ASCII next (e-mail addresses, domains, file names).
    pub addresses: bool,
    /// Letters of any script, unweighted, and how many of them are capitals.
    pub raw_letters: u16,
    pub capitals: u16,
    /// Characters of the text, and its characters per script (`script_index`): what a
    /// document's weights and script are summed from, without another walk over its text.
    pub chars: u32,
    pub scripts: [u32; SCRIPTS.len()],
}

fn is_okina(c: char) -> bool {
    matches!(c, 'ʻ' | 'ʼ' | '‘' | '’' | '\'' | '`')
}

/// Whether an apostrophe after `prev`, ending the lowercase `word` so far, is a letter mark
/// of the 2018 Kazakh alphabet (a' n' u' y' i' s' c'), as in "u'shin", "memleketin'",
/// "bai'". Not English "n't" or "-s'" at a word's end, and not the French and Italian
/// elisions "c'", "s'", "n'", "qu'" (an apostrophe after one consonant opens the word there;
/// Kazakh has such a mark after one letter only on the vowels a' u' y' i'). Proper nouns with
/// Turkish case endings ("Ankara'da") are capitalised and not asked about.
fn kazakh_apostrophe(word: &[u8], prev: char, next: char, next_letter: bool) -> bool {
    let ends_word_ok = matches!(prev, 'n' | 'i');
    let shape_ok = match prev {
        'n' => next != 't',
        'a' | 'u' | 'y' | 'i' | 's' | 'c' => true,
        _ => false,
    };
    let opening = match word {
        [_] => matches!(prev, 'a' | 'u' | 'y' | 'i'),
        b"qu" => false,
        _ => true,
    };
    shape_ok && opening && (next_letter || ends_word_ok)
}

/// Whether a capitalised word at this point is probably a name rather than
/// the start of a sentence, quote or line.
fn opens_clause(prev: char) -> bool {
    matches!(
        prev,
        '.' | '!' | '?' | '…' | '«' | '"' | '“' | '„' | '—' | '–' | '-' | ':' | '(' | '\n'
    )
}

impl LetterCounts {
    /// Letters that Latin Kazakh writes and English, German or French text does not: the
    /// acute letters, dotless ı and the apostrophe of the 2018 alphabet.
    pub fn kazakh_latin_letters(&self) -> f32 {
        const KAZAKH: [usize; 8] = [
            LATN_START,
            LATN_START + 15,
            LATN_START + 16,
            LATN_START + 17,
            LATN_START + 18,
            LATN_START + 19,
            LATN_START + 20,
            KK_APOSTROPHE,
        ];
        KAZAKH.iter().map(|&i| self.markers[i]).sum()
    }

    /// Letters of the Latin Turkic alphabets (ı ş ç ğ ö ü ä q x ə, the Kazakh ones, the okina
    /// of Uzbek): without any, a Latin text gives the Turkic group's share no reason to matter.
    pub fn turkic_latin_letters(&self) -> f32 {
        let turkic = [0, 1, 2, 3, 4, 5, 6, 8, 9, 14].map(|k| self.markers[LATN_START + k]);
        turkic.iter().sum::<f32>() + self.markers[OKINA] + self.kazakh_latin_letters()
    }

    /// Counts letters and, in the same pass, the function words of `lexicon`.
    pub fn new(text: &str, lexicon: &Lexicon) -> Self {
        let mut scan = Scanner::new(lexicon);
        for (at, c) in text.char_indices() {
            scan.step(c, || char_at(text, at + c.len_utf8()));
        }
        scan.finish()
    }

    /// All letters, weighted.
    pub fn letters(&self) -> f32 {
        self.cyrl + self.latn + self.other
    }

    /// Script whose markers are read: Cyrillic or Latin when it has the most letters.
    /// Cyrillic wins against up to twice as many Latin letters: Kazakh and
    /// Russian news is full of Latin brand and site names, while Latin-script
    /// text rarely quotes Cyrillic.
    pub fn main_script(&self) -> Option<u8> {
        if self.cyrl > 0.0 && 2.0 * self.cyrl >= self.latn && self.cyrl >= self.other {
            Some(CYRL)
        } else if self.latn > 0.0 && self.latn >= self.cyrl && self.latn >= self.other {
            Some(LATN)
        } else if self.arab > 0.0 && self.arab >= self.cyrl && 2.0 * self.arab >= self.other {
            Some(ARAB)
        } else {
            None
        }
    }
}

struct Profile {
    lang: &'static str,
    script: u8,
    /// Added as a candidate when the model leaves it out.
    joins: bool,
    /// How many profiles right after this one are other spellings of its language and script.
    variants: usize,
    logp: [f32; N_MARKERS],
    /// 1 for markers of the script the language does not write.
    foreign: [f32; N_MARKERS],
    log_other: f32,
    /// ln p and ln (1 - p) of a doubled vowel at a Cyrillic letter.
    log_doubled: [f32; 2],
    /// ln p and ln (1 - p) that a Cyrillic word keeps vowel harmony.
    log_harmony: [f32; 2],
}

/// Letter evidence for one language: the log-likelihood of the marker
/// counts, and how many (weighted) letters the language does not write.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct LetterScore {
    pub ll: f32,
    pub foreign: f32,
}

/// The character at byte `at` of `text`, or a space at its end.
fn char_at(text: &str, at: usize) -> char {
    text.get(at..)
        .and_then(|rest| rest.chars().next())
        .unwrap_or(' ')
}

/// State of the single pass over a text that `LetterCounts::new` makes. It runs over every
/// character of every sentence, so its counts are plain fields that no call outside this
/// module sees, and its methods are inlined: the compiler can then keep them in registers
/// instead of loading and storing a dozen of them per character. They repeat the fields of
/// `LetterCounts` rather than nest one, which left more of them in memory (the scan ran 5%
/// slower).
struct Scanner<'a> {
    lexicon: &'a Lexicon,
    table: &'a [CharInfo],
    words: WordHits,
    cyrl: f32,
    latn: f32,
    other: f32,
    arab: f32,
    han: f32,
    kana: f32,
    markers: [f32; N_MARKERS],
    doubled: f32,
    harmony: [f32; 2],
    running_words: u16,
    addresses: bool,
    raw_letters: u16,
    capitals: u16,
    chars: u32,
    /// Characters per script, but for Latin, Cyrillic and none, the bulk of the text,
    /// which have counters of their own.
    scripts: [u32; SCRIPTS.len()],
    latn_chars: u32,
    cyrl_chars: u32,
    zyyy_chars: u32,
    /// Weight of the letters of the current word.
    weight: f32,
    prev: char,
    /// The character before `prev`, to tell `site.com` from `..Word`.
    before_prev: char,
    prev_lc: char,
    prev_letter: bool,
    prev_nonspace: char,
    seen_letter: bool,
    /// Whether the current word starts with a capital (a name: "Ankara'da").
    word_capitalised: bool,
    /// Vowel classes of the current word (bit 0 back, bit 1 front) and its vowel count.
    classes: u8,
    vowels: u8,
}

impl<'a> Scanner<'a> {
    fn new(lexicon: &'a Lexicon) -> Self {
        Scanner {
            lexicon,
            table: &CHAR_INFO,
            words: WordHits::new(),
            cyrl: 0.0,
            latn: 0.0,
            other: 0.0,
            arab: 0.0,
            han: 0.0,
            kana: 0.0,
            markers: [0.0; N_MARKERS],
            doubled: 0.0,
            harmony: [0.0; 2],
            running_words: 0,
            addresses: false,
            raw_letters: 0,
            capitals: 0,
            chars: 0,
            scripts: [0; SCRIPTS.len()],
            latn_chars: 0,
            cyrl_chars: 0,
            zyyy_chars: 0,
            weight: 1.0,
            prev: ' ',
            before_prev: ' ',
            prev_lc: ' ',
            prev_letter: false,
            prev_nonspace: '\n',
            seen_letter: false,
            word_capitalised: false,
            classes: 0,
            vowels: 0,
        }
    }

    /// Takes character `c`; `next` gives the one after it (a space at the end), which only
    /// word starts and apostrophes look at.
    #[inline(always)]
    fn step(&mut self, c: char, next: impl Fn() -> char) {
        let info = match self.table.get(c as usize) {
            Some(&info) => info,
            None => CharInfo::of(c),
        };
        self.chars = self.chars.saturating_add(1);
        let letter = info.script != ZYYY;
        if letter {
            self.letter(c, info, next);
        } else {
            self.zyyy_chars = self.zyyy_chars.saturating_add(1);
            if is_okina(c) && self.words.in_word() {
                self.apostrophe(c, next());
            } else {
                self.words.end(self.lexicon);
            }
        }
        if info.flags & SPACE == 0 {
            self.prev_nonspace = c;
        }
        self.before_prev = self.prev;
        self.prev = c;
        self.prev_letter = letter;
    }

    #[inline(always)]
    fn letter(&mut self, c: char, info: CharInfo, next: impl Fn() -> char) {
        let lc = info.lower;
        if !self.prev_letter {
            self.start_word(c, lc, next);
        }
        self.seen_letter = true;
        self.raw_letters = self.raw_letters.saturating_add(1);
        self.capitals = self.capitals.saturating_add(u16::from(lc != c));
        self.add_letter(info);
        // Parts of addresses, handles and file names are not running
        // text: `com` in `gmail.com` is no Portuguese preposition.
        if self.weight > 0.0 {
            self.words.push(lc);
        }
        self.classes |= info.vowel;
        self.vowels = self.vowels.saturating_add(u8::from(info.vowel != 0));
        if info.flags & LONG != 0 && self.prev_letter && lc == self.prev_lc {
            self.doubled += self.weight;
        }
        self.prev_lc = lc;
    }

    #[inline(always)]
    fn add_letter(&mut self, info: CharInfo) {
        let weight = self.weight;
        match info.script {
            CYRL => {
                self.cyrl += weight;
                self.cyrl_chars = self.cyrl_chars.saturating_add(1);
            }
            LATN => {
                self.latn += weight;
                self.latn_chars = self.latn_chars.saturating_add(1);
            }
            script => {
                if let Some(n) = self.scripts.get_mut(usize::from(script)) {
                    *n = n.saturating_add(1);
                }
                self.other += weight;
                match script {
                    HANI => self.han += weight,
                    HIRA | KANA => self.kana += weight,
                    ARAB => self.arab += weight,
                    _ => {}
                }
                if script != ARAB {
                    return;
                }
            }
        }
        if let Some(m) = usize::from(info.marker)
            .checked_sub(1)
            .and_then(|i| self.markers.get_mut(i))
        {
            *m += weight;
        }
    }

    /// An apostrophe inside a word: the Uzbek okina after o or g, the 2018 Kazakh apostrophe
    /// after a n u y i s c, and part of the word either way.
    #[inline(always)]
    fn apostrophe(&mut self, c: char, next: char) {
        let next_letter = script_index(next) != ZYYY;
        if matches!(self.prev, 'o' | 'O' | 'g' | 'G') && next_letter {
            self.markers[OKINA] += self.weight;
        } else if !self.word_capitalised
            && kazakh_apostrophe(self.words.current(), self.prev, next, next_letter)
        {
            self.markers[KK_APOSTROPHE] += self.weight;
        }
        self.words.push(c);
    }

    /// Closes the previous word and weighs the new one.
    #[inline(always)]
    fn start_word(&mut self, c: char, lc: char, next: impl Fn() -> char) {
        self.end_word();
        // Past an apostrophe inside a word ("u'shin") the word goes on.
        if !is_okina(self.prev) {
            self.word_capitalised = lc != c;
        }
        let capitalised = lc != c && {
            let next = next();
            fold_case(next) == next
        };
        // Handles, hashtags, URLs and file names are not language; a dot
        // only joins a name when it follows a letter or digit, so a word
        // after an ellipsis still counts.
        let dotted = self.prev == '.' && self.before_prev.is_alphanumeric();
        let joined = matches!(self.prev, '@' | '#' | '/' | '_') || dotted;
        // Only what `is_address` would cut: lowercase ASCII after the dot
        // (`gmail.com`, `report.pdf`), not "т.б." or "жылы.Бұл".
        self.addresses |= (dotted && c.is_ascii_lowercase()) || self.prev == '@';
        if !joined && lc == c {
            self.running_words = self.running_words.saturating_add(1);
        }
        self.weight = if joined {
            0.0
        } else if capitalised && self.seen_letter && !opens_clause(self.prev_nonspace) {
            NAME_WEIGHT
        } else {
            1.0
        };
    }

    /// Records a finished word's vowel harmony, if it had two or more vowels
    /// that belong to a class.
    #[inline(always)]
    fn end_word(&mut self) {
        if self.vowels >= 2 {
            self.harmony[usize::from(self.classes == 3)] += self.weight;
        }
        self.classes = 0;
        self.vowels = 0;
    }

    fn finish(mut self) -> LetterCounts {
        self.words.end(self.lexicon);
        self.end_word();
        let mut scripts = self.scripts;
        scripts[usize::from(LATN)] = self.latn_chars;
        scripts[usize::from(CYRL)] = self.cyrl_chars;
        scripts[usize::from(ZYYY)] = self.zyyy_chars;
        let mut present = [0; N_MARKERS];
        let mut present_ends = [0u8; 3];
        let mut marked = [0.0f32; 3];
        let mut n_present = 0;
        for (k, script) in [CYRL, LATN, ARAB].into_iter().enumerate() {
            for i in marker_range(script) {
                let n = self.markers[i];
                if n > 0.0 {
                    present[n_present] = i as u8;
                    n_present += 1;
                    marked[k] += n;
                }
            }
            present_ends[k] = n_present as u8;
        }
        LetterCounts {
            cyrl: self.cyrl,
            latn: self.latn,
            other: self.other,
            arab: self.arab,
            han: self.han,
            kana: self.kana,
            markers: self.markers,
            doubled: self.doubled,
            harmony: self.harmony,
            present,
            present_ends,
            marked,
            hits: self.words.hits,
            suffix_hits: self.words.suffix_hits,
            running_words: self.running_words,
            addresses: self.addresses,
            raw_letters: self.raw_letters,
            capitals: self.capitals,
            chars: self.chars,
            scripts,
        }
    }
}

/// Log-probabilities of markers per profile, precomputed once.
pub(crate) struct LetterModel {
    profiles: Vec<Profile>,
}

impl LetterModel {
    pub fn new() -> Self {
        let mut profiles: Vec<Profile> = PROFILES
            .iter()
            .filter_map(|&spec| parse_profile(spec))
            .map(|(lang, script, joins, freqs)| build(lang, script, joins, &freqs))
            .collect();
        for i in 0..profiles.len() {
            let (lang, script) = (profiles[i].lang, profiles[i].script);
            let rest = profiles[i + 1..].iter();
            profiles[i].variants = rest
                .take_while(|p| p.lang == lang && p.script == script)
                .count();
        }
        LetterModel { profiles }
    }

    /// Profile index for `lang` in `script`, falling back to the script's generic profile.
    pub fn profile_index(&self, lang: &str, script: u8) -> Option<usize> {
        let find = |l: &str| {
            self.profiles
                .iter()
                .position(|p| p.lang == l && p.script == script)
        };
        find(lang).or_else(|| find("*"))
    }

    /// Log-likelihood of the marker counts under profile `idx`, computed
    /// over the letters of that profile's script only. A language listed
    /// with several profiles in a row for one script (Latin Kazakh: the acute
    /// alphabet, the apostrophe alphabet, plain ASCII) is written in any of
    /// them, and a text in one spelling, so the profile that fits best
    /// counts, each letter it does not write costing `foreign_cost`.
    pub fn log_likelihood(
        &self,
        idx: usize,
        counts: &LetterCounts,
        foreign_cost: f32,
    ) -> LetterScore {
        let Some(first) = self.profiles.get(idx) else {
            return LetterScore::default();
        };
        let fit = |s: &LetterScore| s.ll - foreign_cost * s.foreign;
        let mut best = first.log_likelihood(counts);
        let variants = self.profiles[idx + 1..].iter().take(first.variants);
        for p in variants {
            let score = p.log_likelihood(counts);
            if fit(&score) > fit(&best) {
                best = score;
            }
        }
        best
    }

    /// Languages of `script` whose letters can make them candidates.
    pub fn profiled(&self, script: u8) -> impl Iterator<Item = &'static str> + '_ {
        self.profiles
            .iter()
            .filter(move |p| p.script == script && p.joins)
            .map(|p| p.lang)
    }
}

impl Profile {
    /// Log-likelihood of the marker counts, over the letters of this profile's script.
    fn log_likelihood(&self, counts: &LetterCounts) -> LetterScore {
        let letters = match self.script {
            CYRL => counts.cyrl,
            LATN => counts.latn,
            _ => counts.arab,
        };
        let (k, from) = match self.script {
            CYRL => (0, 0),
            LATN => (1, counts.present_ends[0]),
            _ => (2, counts.present_ends[1]),
        };
        let mut ll = 0.0;
        let mut foreign = 0.0;
        for &i in &counts.present[usize::from(from)..usize::from(counts.present_ends[k])] {
            let i = usize::from(i);
            let n = counts.markers[i];
            ll += n * self.logp[i];
            foreign += n * self.foreign[i];
        }
        let marked = counts.marked[k];
        let other_weight = if self.script == LATN {
            LATIN_OTHER_WEIGHT
        } else {
            1.0
        };
        ll += other_weight * (letters - marked).max(0.0) * self.log_other;
        if self.script == CYRL {
            let d = counts.doubled;
            ll += d * self.log_doubled[0] + (letters - d).max(0.0) * self.log_doubled[1];
            ll += counts.harmony[0] * self.log_harmony[0] + counts.harmony[1] * self.log_harmony[1];
        }
        LetterScore { ll, foreign }
    }
}

fn build(lang: &'static str, script: u8, joins: bool, freqs: &[(char, f32)]) -> Profile {
    let doubled = freqs
        .iter()
        .find(|f| f.0 == DOUBLED)
        .map_or(DOUBLED_DEFAULT_PCT, |f| f.1)
        / 100.0;
    let harmony = freqs
        .iter()
        .find(|f| f.0 == HARMONY)
        .map_or(HARMONY_DEFAULT_PCT, |f| f.1)
        / 100.0;
    let mut logp = [0.0f32; N_MARKERS];
    let mut foreign = [0.0f32; N_MARKERS];
    let mut total = 0.0f32;
    for i in marker_range(script) {
        let pseudo = |c: char| c == DOUBLED || c == HARMONY;
        let listed = freqs
            .iter()
            .find(|(c, _)| !pseudo(*c) && marker_index(*c) == Some(i));
        foreign[i] = if listed.is_some() { 0.0 } else { 1.0 };
        let pct = listed.map_or(FLOOR_PCT, |&(_, p)| p);
        logp[i] = (pct / 100.0).ln();
        total += pct / 100.0;
    }
    Profile {
        lang,
        script,
        joins,
        variants: 0,
        logp,
        foreign,
        log_doubled: [doubled.ln(), (1.0 - doubled).ln()],
        log_harmony: [harmony.ln(), (1.0 - harmony).ln()],
        log_other: (1.0 - total).max(0.01).ln(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn kazakh_latin_letters_are_the_acute_ones_dotless_i_and_the_apostrophe() {
        assert_eq!(
            [
                LATN_MARKERS[0],
                LATN_MARKERS[15],
                LATN_MARKERS[20],
                LATN_MARKERS[21]
            ],
            ['ı', 'á', 'ý', '′']
        );
        let lexicon = Lexicon::new();
        assert!(LetterCounts::new("Ǵalym jańa kitap jazdy", &lexicon).kazakh_latin_letters() > 0.0);
        assert_eq!(
            LetterCounts::new("The council met on Monday", &lexicon).kazakh_latin_letters(),
            0.0
        );
    }

    #[test]
    fn char_info_fits_one_register() {
        assert_eq!(std::mem::size_of::<CharInfo>(), 8);
    }

    proptest! {
        /// The scan counts Latin, Cyrillic and no-script characters apart from the rest; summed
        /// back they must equal a plain count of every character's script.
        #[test]
        fn scan_counts_characters_per_script_as_a_plain_count_does(
            text in "(\\PC|\\s|ʻ|’|o‘|日本|カナ|Ωμέγα|Қаз|@|\\.){0,60}"
        ) {
            let counts = LetterCounts::new(&text, &Lexicon::new());
            prop_assert_eq!(counts.scripts, super::super::script::count_scripts(&text));
            prop_assert_eq!(counts.chars as usize, text.chars().count());
        }
    }

    #[test]
    fn every_profile_parses_and_lists_only_markers_of_its_script() {
        for spec in PROFILES {
            let (_, script, _, freqs) = parse_profile(spec).expect(spec);
            for (c, pct) in freqs {
                if c == DOUBLED || c == HARMONY {
                    continue;
                }
                let i = marker_index(c).unwrap_or(usize::MAX);
                assert!(marker_range(script).contains(&i), "{c} in {spec}");
                assert!(pct > 0.0 && pct < 20.0, "{c} in {spec}");
            }
        }
    }

    #[test]
    fn dots_hide_only_names_they_join() {
        let lexicon = Lexicon::new();
        assert_eq!(LetterCounts::new("..Привет", &lexicon).letters(), 6.0);
        assert_eq!(LetterCounts::new("x.com", &lexicon).letters(), 1.0);
    }

    #[test]
    fn address_parts_are_not_function_words() {
        let lexicon = Lexicon::new();
        // `com` is Portuguese "with", `de` a function word of several lists.
        let counts = LetterCounts::new("joao@gmail.com site.de", &lexicon);
        assert!(counts.hits.iter().all(|&h| h == 0));
        assert!(counts.suffix_hits.iter().all(|&h| h == 0));
    }

    #[test]
    fn h_k_y_are_latin_markers() {
        let lexicon = Lexicon::new();
        let counts = LetterCounts::new("khaki yak", &lexicon);
        let n = |c| counts.markers[marker_index(c).unwrap_or(usize::MAX)];
        assert_eq!((n('h'), n('k'), n('y')), (1.0, 3.0, 1.0));
        assert_eq!(marker_index('a'), None);
    }

    #[test]
    fn names_count_less_than_words() {
        let lexicon = Lexicon::new();
        let plain = LetterCounts::new("бұл", &lexicon);
        let name = LetterCounts::new("Мен Ұлан", &lexicon);
        assert_eq!(plain.markers[marker_index('ұ').unwrap_or(0)], 1.0);
        assert_eq!(name.markers[marker_index('ұ').unwrap_or(0)], NAME_WEIGHT);
    }
}
