//! Letter evidence: a small multinomial model over "marker" letters.
//!
//! fastText sees character n-grams but is trained on unbalanced data, so on a
//! short line it often prefers a big language (ru, uk) whose alphabet cannot
//! even spell the line. Here every profiled language gets the expected share
//! of a few letters that tell its neighbours apart (published letter
//! frequencies, rounded); the log-likelihood of the observed marker counts is
//! added to the model's log-probability. A letter a language does not write
//! gets a small floor probability instead of zero, because names and quotes
//! bring foreign letters into any text.

use super::script::{CYRL, LATN};

/// Marker letters of Cyrillic text (lowercase).
const CYRL_MARKERS: [char; 37] = [
    'ә', 'ғ', 'қ', 'ң', 'ө', 'ұ', 'ү', 'һ', 'і', 'ї', 'є', 'ґ', 'ў', 'ы', 'э', 'ъ', 'ё', 'щ', 'җ',
    'ҡ', 'ҙ', 'ҫ', 'ҳ', 'ӣ', 'ӯ', 'ҷ', 'и', 'ч', 'ј', 'љ', 'њ', 'ћ', 'ђ', 'џ', 'ѓ', 'ќ', 'ѕ',
];
/// Marker letters of Latin text; `ʻ` stands for the Uzbek okina in any spelling.
const LATN_MARKERS: [char; 13] = [
    'ı', 'ş', 'ç', 'ğ', 'ö', 'ü', 'ä', 'ß', 'q', 'x', 'w', 'ə', 'ʻ',
];
pub(crate) const N_MARKERS: usize = CYRL_MARKERS.len() + LATN_MARKERS.len();

/// Probability of a marker letter in a language that does not write it.
const FLOOR_PCT: f32 = 0.005;
/// Weight of letters in capitalised words inside a sentence (likely names).
const NAME_WEIGHT: f32 = 0.3;

type ProfileSpec = (&'static str, u8, &'static [(char, f32)]);

/// Percent of all letters. Letters not listed are not written in the language.
/// "*" is the fallback for languages without a profile of that script.
const PROFILES: &[ProfileSpec] = &[
    (
        "kk",
        CYRL,
        &[
            ('ә', 1.8),
            ('ғ', 1.1),
            ('қ', 3.0),
            ('ң', 0.9),
            ('ө', 0.8),
            ('ұ', 1.4),
            ('ү', 1.0),
            ('һ', 0.03),
            ('і', 4.0),
            ('ы', 4.5),
            ('и', 1.6),
            ('э', 0.08),
            ('ч', 0.08),
            ('ъ', 0.01),
            ('ё', 0.01),
            ('щ', 0.02),
        ],
    ),
    (
        "ky",
        CYRL,
        &[
            ('ң', 0.8),
            ('ө', 1.4),
            ('ү', 1.8),
            ('ы', 5.0),
            ('и', 4.0),
            ('э', 1.3),
            ('ч', 1.9),
            ('ё', 0.05),
            ('ъ', 0.01),
            ('щ', 0.01),
        ],
    ),
    (
        "tt",
        CYRL,
        &[
            ('ә', 3.0),
            ('ө', 1.2),
            ('ү', 2.0),
            ('җ', 0.7),
            ('ң', 1.0),
            ('һ', 0.9),
            ('ы', 4.0),
            ('и', 4.5),
            ('э', 0.4),
            ('ч', 1.4),
            ('ё', 0.05),
            ('ъ', 0.1),
            ('щ', 0.01),
        ],
    ),
    (
        "ba",
        CYRL,
        &[
            ('ә', 2.0),
            ('ғ', 0.9),
            ('ҡ', 2.5),
            ('ҙ', 2.0),
            ('ҫ', 1.2),
            ('ң', 0.9),
            ('ө', 1.0),
            ('ү', 1.5),
            ('һ', 1.6),
            ('ы', 4.0),
            ('и', 3.5),
            ('э', 0.3),
            ('ч', 0.2),
            ('ё', 0.05),
            ('ъ', 0.05),
            ('щ', 0.01),
        ],
    ),
    (
        "ru",
        CYRL,
        &[
            ('ы', 1.9),
            ('и', 7.4),
            ('э', 0.32),
            ('ч', 1.45),
            ('ъ', 0.04),
            ('ё', 0.05),
            ('щ', 0.36),
        ],
    ),
    (
        "uk",
        CYRL,
        &[
            ('і', 5.8),
            ('ї', 0.8),
            ('є', 0.4),
            ('ґ', 0.02),
            ('и', 6.0),
            ('ч', 1.2),
            ('щ', 0.8),
        ],
    ),
    (
        "be",
        CYRL,
        &[
            ('і', 6.0),
            ('ў', 2.0),
            ('ы', 2.2),
            ('э', 1.2),
            ('ч', 1.3),
            ('ё', 0.7),
        ],
    ),
    (
        "bg",
        CYRL,
        &[('ъ', 2.1), ('и', 8.3), ('щ', 0.8), ('ч', 1.4)],
    ),
    (
        "mn",
        CYRL,
        &[
            ('ө', 3.0),
            ('ү', 2.2),
            ('ы', 1.5),
            ('и', 4.0),
            ('э', 5.0),
            ('ч', 1.2),
            ('ё', 0.1),
            ('ъ', 0.03),
            ('щ', 0.01),
        ],
    ),
    (
        "uz",
        CYRL,
        &[
            ('ў', 1.5),
            ('қ', 1.9),
            ('ғ', 0.9),
            ('ҳ', 1.2),
            ('и', 7.0),
            ('э', 0.4),
            ('ч', 1.2),
            ('ъ', 0.4),
            ('ё', 0.2),
        ],
    ),
    (
        "tg",
        CYRL,
        &[
            ('ғ', 0.6),
            ('ӣ', 0.9),
            ('қ', 1.3),
            ('ӯ', 1.0),
            ('ҳ', 1.3),
            ('ҷ', 0.8),
            ('и', 6.5),
            ('э', 0.4),
            ('ч', 1.2),
            ('ъ', 0.5),
            ('ё', 0.7),
        ],
    ),
    (
        "sr",
        CYRL,
        &[
            ('ј', 3.0),
            ('љ', 0.5),
            ('њ', 0.7),
            ('ћ', 0.5),
            ('ђ', 0.1),
            ('џ', 0.05),
            ('и', 9.0),
            ('ч', 1.1),
        ],
    ),
    (
        "mk",
        CYRL,
        &[
            ('ј', 3.0),
            ('ѓ', 0.2),
            ('ќ', 0.4),
            ('ѕ', 0.05),
            ('љ', 0.3),
            ('њ', 0.6),
            ('џ', 0.05),
            ('и', 8.0),
            ('ч', 1.1),
        ],
    ),
    (
        "*",
        CYRL,
        &[
            ('ы', 1.5),
            ('и', 4.0),
            ('э', 0.5),
            ('ч', 1.0),
            ('ъ', 0.1),
            ('ё', 0.1),
            ('щ', 0.1),
            ('ә', 0.05),
            ('ғ', 0.05),
            ('қ', 0.05),
            ('ң', 0.05),
            ('ө', 0.05),
            ('ұ', 0.05),
            ('ү', 0.05),
            ('һ', 0.05),
            ('і', 0.05),
            ('ї', 0.05),
            ('є', 0.05),
            ('ґ', 0.05),
            ('ў', 0.05),
            ('җ', 0.05),
            ('ҡ', 0.05),
            ('ҙ', 0.05),
            ('ҫ', 0.05),
            ('ҳ', 0.05),
            ('ӣ', 0.05),
            ('ӯ', 0.05),
            ('ҷ', 0.05),
            ('ј', 0.05),
            ('љ', 0.05),
            ('њ', 0.05),
            ('ћ', 0.05),
            ('ђ', 0.05),
            ('џ', 0.05),
            ('ѓ', 0.05),
            ('ќ', 0.05),
            ('ѕ', 0.05),
        ],
    ),
    (
        "tr",
        LATN,
        &[
            ('ı', 5.1),
            ('ş', 1.8),
            ('ç', 1.2),
            ('ğ', 1.1),
            ('ö', 0.8),
            ('ü', 1.9),
        ],
    ),
    ("uz", LATN, &[('q', 2.0), ('x', 1.5), ('ʻ', 1.8)]),
    (
        "az",
        LATN,
        &[
            ('ə', 7.0),
            ('ı', 4.5),
            ('ş', 1.5),
            ('ç', 1.2),
            ('ğ', 0.6),
            ('ö', 0.7),
            ('ü', 1.5),
            ('q', 1.7),
            ('x', 1.0),
        ],
    ),
    (
        "de",
        LATN,
        &[
            ('ä', 0.55),
            ('ö', 0.3),
            ('ü', 0.65),
            ('ß', 0.3),
            ('w', 1.9),
            ('q', 0.02),
            ('x', 0.03),
        ],
    ),
    ("en", LATN, &[('w', 2.4), ('q', 0.1), ('x', 0.15)]),
    (
        "*",
        LATN,
        &[
            ('ı', 0.01),
            ('ş', 0.02),
            ('ç', 0.1),
            ('ğ', 0.01),
            ('ö', 0.1),
            ('ü', 0.1),
            ('ä', 0.1),
            ('ß', 0.01),
            ('q', 0.1),
            ('x', 0.2),
            ('w', 0.5),
            ('ə', 0.01),
            ('ʻ', 0.01),
        ],
    ),
];

/// Index of a lowercase marker letter, Cyrillic markers first.
fn marker_index(c: char) -> Option<usize> {
    if let Some(i) = CYRL_MARKERS.iter().position(|&m| m == c) {
        return Some(i);
    }
    LATN_MARKERS
        .iter()
        .position(|&m| m == c)
        .map(|i| CYRL_MARKERS.len() + i)
}

fn marker_range(script: u8) -> std::ops::Range<usize> {
    match script {
        CYRL => 0..CYRL_MARKERS.len(),
        LATN => CYRL_MARKERS.len()..N_MARKERS,
        _ => 0..0,
    }
}

/// Weighted letter counts of one text, split by script.
#[derive(Debug, Clone)]
pub(crate) struct LetterCounts {
    pub cyrl: f32,
    pub latn: f32,
    /// Letters of all other scripts.
    pub other: f32,
    pub markers: [f32; N_MARKERS],
}

fn is_okina(c: char) -> bool {
    matches!(c, 'ʻ' | 'ʼ' | '‘' | '’' | '\'' | '`')
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
    pub fn new(text: &str) -> Self {
        let mut counts = LetterCounts {
            cyrl: 0.0,
            latn: 0.0,
            other: 0.0,
            markers: [0.0; N_MARKERS],
        };
        let mut weight = 1.0f32;
        let mut prev = ' ';
        let mut prev_nonspace = '\n';
        let mut seen_letter = false;
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            let next = chars.peek().copied().unwrap_or(' ');
            if c.is_alphabetic() {
                if !prev.is_alphabetic() {
                    let name = seen_letter && c.is_uppercase() && !next.is_uppercase();
                    weight = if name && !opens_clause(prev_nonspace) {
                        NAME_WEIGHT
                    } else {
                        1.0
                    };
                }
                seen_letter = true;
                counts.add_letter(c, weight);
            } else if is_okina(c) && matches!(prev, 'o' | 'O' | 'g' | 'G') && next.is_alphabetic() {
                counts.markers[CYRL_MARKERS.len() + LATN_MARKERS.len() - 1] += weight;
            }
            if !c.is_whitespace() {
                prev_nonspace = c;
            }
            prev = c;
        }
        counts
    }

    fn add_letter(&mut self, c: char, weight: f32) {
        let lower = c.to_lowercase().next().unwrap_or(c);
        match super::script::script_index(lower) {
            CYRL => self.cyrl += weight,
            LATN => self.latn += weight,
            _ => {
                self.other += weight;
                return;
            }
        }
        if let Some(i) = marker_index(lower) {
            self.markers[i] += weight;
        }
    }

    /// All letters, weighted.
    pub fn letters(&self) -> f32 {
        self.cyrl + self.latn + self.other
    }

    /// Script whose markers are read: Cyrillic or Latin when it has the most letters.
    pub fn main_script(&self) -> Option<u8> {
        if self.cyrl > self.latn && self.cyrl >= self.other {
            Some(CYRL)
        } else if self.latn > 0.0 && self.latn >= self.cyrl && self.latn >= self.other {
            Some(LATN)
        } else {
            None
        }
    }
}

struct Profile {
    lang: &'static str,
    script: u8,
    logp: [f32; N_MARKERS],
    log_other: f32,
}

/// Log-probabilities of markers per profile, precomputed once.
pub(crate) struct LetterModel {
    profiles: Vec<Profile>,
}

impl LetterModel {
    pub fn new() -> Self {
        let profiles = PROFILES
            .iter()
            .map(|&(lang, script, freqs)| build(lang, script, freqs))
            .collect();
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
    /// over the letters of that profile's script only.
    pub fn log_likelihood(&self, idx: usize, counts: &LetterCounts) -> f32 {
        let Some(p) = self.profiles.get(idx) else {
            return 0.0;
        };
        let letters = if p.script == CYRL {
            counts.cyrl
        } else {
            counts.latn
        };
        let mut ll = 0.0;
        let mut marked = 0.0;
        for i in marker_range(p.script) {
            let n = counts.markers[i];
            if n > 0.0 {
                ll += n * p.logp[i];
                marked += n;
            }
        }
        ll + (letters - marked).max(0.0) * p.log_other
    }

    /// Languages that have a profile of their own in `script`.
    pub fn profiled(&self, script: u8) -> impl Iterator<Item = &'static str> + '_ {
        self.profiles
            .iter()
            .filter(move |p| p.script == script && p.lang != "*")
            .map(|p| p.lang)
    }
}

fn build(lang: &'static str, script: u8, freqs: &[(char, f32)]) -> Profile {
    let mut logp = [0.0f32; N_MARKERS];
    let mut total = 0.0f32;
    for i in marker_range(script) {
        let pct = freqs
            .iter()
            .find(|(c, _)| marker_index(*c) == Some(i))
            .map_or(FLOOR_PCT, |&(_, p)| p);
        logp[i] = (pct / 100.0).ln();
        total += pct / 100.0;
    }
    Profile {
        lang,
        script,
        logp,
        log_other: (1.0 - total).max(0.01).ln(),
    }
}
