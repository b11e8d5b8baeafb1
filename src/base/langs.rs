//! The languages corpusmill can label: the 176 labels of lid.176, sorted, the codes reported for
//! them, and the scripts each is written in. Settings check language codes against this list, and
//! the language identifier labels with it.

/// lid.176 label names without `__label__`, sorted for binary search.
pub const LABELS: [&str; 176] = [
    "af", "als", "am", "an", "ar", "arz", "as", "ast", "av", "az", "azb", "ba", "bar", "bcl", "be",
    "bg", "bh", "bn", "bo", "bpy", "br", "bs", "bxr", "ca", "cbk", "ce", "ceb", "ckb", "co", "cs",
    "cv", "cy", "da", "de", "diq", "dsb", "dty", "dv", "el", "eml", "en", "eo", "es", "et", "eu",
    "fa", "fi", "fr", "frr", "fy", "ga", "gd", "gl", "gn", "gom", "gu", "gv", "he", "hi", "hif",
    "hr", "hsb", "ht", "hu", "hy", "ia", "id", "ie", "ilo", "io", "is", "it", "ja", "jbo", "jv",
    "ka", "kk", "km", "kn", "ko", "krc", "ku", "kv", "kw", "ky", "la", "lb", "lez", "li", "lmo",
    "lo", "lrc", "lt", "lv", "mai", "mg", "mhr", "min", "mk", "ml", "mn", "mr", "mrj", "ms", "mt",
    "mwl", "my", "myv", "mzn", "nah", "nap", "nds", "ne", "new", "nl", "nn", "no", "oc", "or",
    "os", "pa", "pam", "pfl", "pl", "pms", "pnb", "ps", "pt", "qu", "rm", "ro", "ru", "rue", "sa",
    "sah", "sc", "scn", "sco", "sd", "sh", "si", "sk", "sl", "so", "sq", "sr", "su", "sv", "sw",
    "ta", "te", "tg", "th", "tk", "tl", "tr", "tt", "tyv", "ug", "uk", "ur", "uz", "vec", "vep",
    "vi", "vls", "vo", "wa", "war", "wuu", "xal", "xmf", "yi", "yo", "yue", "zh",
];

/// Code reported for a label: lid.176 follows Wikipedia, whose `als` is
/// Alemannic (ISO 639-3 `gsw`), not Tosk Albanian (`als`).
pub fn code(label: usize) -> &'static str {
    match LABELS.get(label) {
        Some(&"als") => "gsw",
        Some(&l) => l,
        None => "und",
    }
}

/// Label of a reported code (`gsw` for lid.176's `als`).
pub fn by_code(code: &str) -> Option<usize> {
    match code {
        "gsw" => LABELS.binary_search(&"als").ok(),
        "als" => None,
        _ => LABELS.binary_search(&code).ok(),
    }
}

/// Index of a model label such as `__label__kk`.
pub fn index(label: &str) -> Option<usize> {
    let name = label.strip_prefix("__label__").unwrap_or(label);
    LABELS.binary_search(&name).ok()
}

/// Labels written in Cyrillic today (Serbo-Croatian and Uzbek in both scripts).
pub const CYRILLIC: [&str; 29] = [
    "av", "ba", "be", "bg", "bxr", "ce", "cv", "kk", "krc", "kv", "ky", "lez", "mhr", "mk", "mn",
    "mrj", "myv", "os", "ru", "rue", "sah", "sh", "sr", "tg", "tt", "tyv", "uk", "uz", "xal",
];

/// Labels written in Latin script (Kazakh since its Latin alphabets of 2017-2021).
pub const LATIN: [&str; 100] = [
    "af", "als", "an", "ast", "az", "bar", "bcl", "br", "bs", "ca", "cbk", "ceb", "co", "cs", "cy",
    "da", "de", "diq", "dsb", "eml", "en", "eo", "es", "et", "eu", "fi", "fr", "frr", "fy", "ga",
    "gd", "gl", "gn", "gv", "hif", "hr", "hsb", "ht", "hu", "ia", "id", "ie", "ilo", "io", "is",
    "it", "jbo", "jv", "kk", "ku", "kw", "la", "lb", "li", "lmo", "lt", "lv", "mg", "min", "ms",
    "mt", "mwl", "nah", "nap", "nds", "nl", "nn", "no", "oc", "pam", "pfl", "pl", "pms", "pt",
    "qu", "rm", "ro", "sc", "scn", "sco", "sh", "sk", "sl", "so", "sq", "su", "sv", "sw", "tk",
    "tl", "tr", "uz", "vec", "vep", "vi", "vls", "vo", "wa", "war", "yo",
];

/// Labels written in Arabic script (Kazakh in China and Mongolia).
pub const ARABIC: [&str; 13] = [
    "ar", "arz", "azb", "ckb", "fa", "kk", "lrc", "mzn", "pnb", "ps", "sd", "ug", "ur",
];
