//! Stage 1: bytes to text. UTF-8 (with or without BOM) and UTF-16 with a BOM are decoded
//! directly. Other bytes are legacy single-byte text (Windows-1251, KOI8-R, KZ-1048, …) or not
//! text at all: the encoding is guessed (chardetng) and the result is accepted only when it reads
//! as plausible text; otherwise the document is removed with a reason rather than guessed at.
//! UTF-8 text that was once mis-decoded (mojibake such as "РЎРѕРІРµС‚" or "Ã¼") is repaired
//! when the repair is exact, and removed when it cannot be.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, WINDOWS_1251, WINDOWS_1252};

use crate::base::doc::DropReason;

/// Text and the encoding it was read from: `utf-8`, `utf-16le`, `windows-1251`, `kz-1048`, …;
/// `utf-8/windows-1251` for UTF-8 repaired from mojibake made by a Windows-1251 decoder.
#[derive(Debug, Clone, PartialEq)]
pub struct Decoded {
    pub text: String,
    pub encoding: String,
}

type Failure = (DropReason, String);

/// Legacy documents need this many non-ASCII bytes before a guessed encoding is trusted.
const MIN_NON_ASCII_FOR_GUESS: usize = 8;

/// Decodes one document's bytes, or says why it cannot be used.
pub fn decode(bytes: Vec<u8>) -> Result<Decoded, Failure> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(&bytes) {
        return decode_with_bom(&bytes[bom_len..], encoding);
    }
    if let Some(pos) = memchr::memchr(0, &bytes) {
        return Err((DropReason::Binary, format!("NUL byte at offset {pos}")));
    }
    // Most documents are valid UTF-8, and the SIMD validator checks Cyrillic text several
    // times faster than the standard library; the slow one runs only to find where it fails.
    if simdutf8::basic::from_utf8(&bytes).is_ok() {
        // SAFETY: `bytes` was just validated as UTF-8.
        let text = unsafe { String::from_utf8_unchecked(bytes) };
        return repair_mojibake(text, "utf-8");
    }
    match String::from_utf8(bytes) {
        Ok(text) => repair_mojibake(text, "utf-8"),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            decode_legacy(e.as_bytes(), at)
        }
    }
}

/// Text from JSON or Parquet is already Unicode, but may carry NULs, a BOM or mojibake.
pub fn check_text(text: String) -> Result<Decoded, Failure> {
    if let Some(pos) = text.find('\0') {
        return Err((DropReason::Binary, format!("NUL character at byte {pos}")));
    }
    let text = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    repair_mojibake(text, "utf-8")
}

fn decode_with_bom(bytes: &[u8], encoding: &'static Encoding) -> Result<Decoded, Failure> {
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        let name = encoding.name().to_ascii_lowercase();
        return Err((
            DropReason::InvalidEncoding,
            format!("{name} byte order mark, but invalid {name}"),
        ));
    }
    if text.contains('\0') {
        return Err((
            DropReason::Binary,
            "NUL character after the byte order mark".into(),
        ));
    }
    let name = if encoding == UTF_16LE {
        "utf-16le"
    } else if encoding == UTF_16BE {
        "utf-16be"
    } else {
        "utf-8"
    };
    repair_mojibake(text.into_owned(), name)
}

/// Not UTF-8: guess a legacy encoding and keep the result only if it reads as text.
fn decode_legacy(bytes: &[u8], utf8_error_at: usize) -> Result<Decoded, Failure> {
    let invalid = || {
        (
            DropReason::InvalidEncoding,
            format!("invalid UTF-8 at byte {utf8_error_at} and no legacy encoding fits"),
        )
    };
    let non_ascii = bytes.iter().filter(|b| !b.is_ascii()).count();
    if non_ascii < MIN_NON_ASCII_FOR_GUESS {
        return Err(invalid());
    }
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    detector.feed(bytes, true);
    let encoding = detector.guess(None, chardetng::Utf8Detection::Deny);
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors || !plausible(&text) {
        return Err(invalid());
    }
    let (text, name) = if encoding == WINDOWS_1251 && looks_kz1048(&text) {
        (from_kz1048(&text), "kz-1048".to_string())
    } else {
        (text.into_owned(), encoding.name().to_ascii_lowercase())
    };
    Ok(Decoded {
        text,
        encoding: name,
    })
}

/// Plausible text: its non-ASCII characters are overwhelmingly letters (or common punctuation),
/// with no C1 control characters, which wrong single-byte guesses produce.
fn plausible(text: &str) -> bool {
    let mut non_ascii = 0usize;
    let mut odd = 0usize;
    for c in text.chars().filter(|c| !c.is_ascii()) {
        non_ascii += 1;
        let ok = c.is_alphabetic() || "«»–—…“”„‘’№°•·€ ".contains(c);
        if !ok || ('\u{80}'..='\u{9F}').contains(&c) {
            odd += 1;
        }
    }
    non_ascii > 0 && odd * 20 <= non_ascii
}

/// The Windows-1251 letters that KZ-1048 replaces with Kazakh ones, and their replacements.
const KZ1048: [(char, char); 16] = [
    ('Ќ', 'Қ'),
    ('Ћ', 'Һ'),
    ('ќ', 'қ'),
    ('ћ', 'һ'),
    ('Ў', 'Ұ'),
    ('ў', 'ұ'),
    ('Ј', 'Ә'),
    ('Ґ', 'Ө'),
    ('Є', 'Ғ'),
    ('Ї', 'Ү'),
    ('ґ', 'ө'),
    ('є', 'ғ'),
    ('ј', 'ә'),
    ('Ѕ', 'Ң'),
    ('ѕ', 'ң'),
    ('ї', 'ү'),
];

/// Kazakh text read as Windows-1251 shows Serbian/Macedonian letters (ј ќ ѕ ћ) where ә қ ң һ
/// belong; Russian and Ukrainian never use those.
fn looks_kz1048(text: &str) -> bool {
    text.chars()
        .filter(|c| matches!(c, 'Ќ' | 'Ћ' | 'ќ' | 'ћ' | 'Ј' | 'ј' | 'Ѕ' | 'ѕ'))
        .count()
        >= 2
}

fn from_kz1048(text: &str) -> String {
    text.chars()
        .map(|c| {
            KZ1048
                .iter()
                .find(|(from, _)| *from == c)
                .map_or(c, |(_, to)| *to)
        })
        .collect()
}

/// Second characters of a Windows-1251 pair after Р, С, Т or Ð: what the lead byte of a
/// two- or three-byte UTF-8 character reads as in that code page.
const CP1251_SECONDS: &str = "ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџЎўЈ¤Ґ¦§Ё©Є«¬®Ї°±Ііґµ¶·ё№є»јЅѕї";

/// Character pairs typical of UTF-8 read through Windows-1252 ("Ð¡", "Ã¼") or Windows-1251
/// ("РЎ"). Every first character of a pair is two bytes, `C3 xx` (Ã Â Ð Ñ Ø Ù â) or `D0 A0..A2`
/// (Р С Т), so only the places memchr finds those bytes at are looked at: a walk over every
/// character of every document was 2% of a build.
fn mojibake_pairs(text: &str) -> usize {
    let bytes = text.as_bytes();
    let next_char = |at: usize| text.get(at..).and_then(|rest| rest.chars().next());
    let mut pairs = 0;
    for i in memchr::memchr_iter(0xC3, bytes) {
        let Some(&second) = bytes.get(i + 1) else {
            continue;
        };
        let Some(c) = next_char(i + 2) else { continue };
        // Ã Â Ð Ñ Ø Ù â before a C1 control or Latin-1 sign, or Ð before a 1251 pair's second.
        let latin = matches!(second, 0x82 | 0x83 | 0x90 | 0x91 | 0x98 | 0x99 | 0xA2)
            && ('\u{80}'..='\u{BF}').contains(&c);
        let cyr = second == 0x90 && CP1251_SECONDS.contains(c);
        pairs += usize::from(latin || cyr);
    }
    // 0xD0 is always a lead byte, so D0 A0..A2 is one of Р С Т and nothing else.
    for i in memchr::memchr3_iter(0xA0, 0xA1, 0xA2, bytes) {
        if i > 0
            && bytes[i - 1] == 0xD0
            && next_char(i + 1).is_some_and(|c| CP1251_SECONDS.contains(c))
        {
            pairs += 1;
        }
    }
    pairs
}

/// Repairs UTF-8 that was decoded with a single-byte code page and re-encoded, when encoding it
/// back gives valid UTF-8; removes it when mojibake is evident but cannot be undone exactly.
fn repair_mojibake(text: String, encoding: &str) -> Result<Decoded, Failure> {
    let pairs = mojibake_pairs(&text);
    if pairs < 3 {
        return Ok(Decoded {
            text,
            encoding: encoding.to_string(),
        });
    }
    for code_page in [WINDOWS_1252, WINDOWS_1251] {
        if let Some(fixed) = undo(&text, code_page)
            && mojibake_pairs(&fixed) < pairs / 4
        {
            let name = code_page.name().to_ascii_lowercase();
            return Ok(Decoded {
                text: fixed,
                encoding: format!("{encoding}/{name}"),
            });
        }
    }
    let letters = text.chars().filter(|c| c.is_alphabetic()).count().max(1);
    if pairs * 10 >= letters {
        return Err((
            DropReason::Mojibake,
            format!("{pairs} mojibake character pairs, not repairable"),
        ));
    }
    Ok(Decoded {
        text,
        encoding: encoding.to_string(),
    })
}

/// Encodes with `code_page` and reads the bytes as UTF-8; `None` if either step is lossy.
fn undo(text: &str, code_page: &'static Encoding) -> Option<String> {
    let (bytes, _, unmappable) = code_page.encode(text);
    if unmappable {
        return None;
    }
    String::from_utf8(bytes.into_owned()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(bytes: &[u8]) -> (String, String) {
        match decode(bytes.to_vec()) {
            Ok(d) => (d.text, d.encoding),
            Err((r, detail)) => (format!("ERR {r:?}"), detail),
        }
    }

    const RU: &str = "Новый мост через Иртыш открыли в Павлодаре в пятницу.";
    const KK: &str =
        "Қазақстанда жаңа әуежай ашылды, ол жылына үш миллион жолаушыға қызмет көрсетеді.";

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(ok(b"\xEF\xBB\xBFC\xD3\x99"), ("Cә".into(), "utf-8".into()));
        assert_eq!(ok("Сәлем".as_bytes()).0, "Сәлем");
    }

    #[test]
    fn utf16_with_bom() {
        let mut le = vec![0xFF, 0xFE];
        le.extend(RU.encode_utf16().flat_map(u16::to_le_bytes));
        assert_eq!(ok(&le), (RU.into(), "utf-16le".into()));
        let mut be = vec![0xFE, 0xFF];
        be.extend(RU.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(ok(&be), (RU.into(), "utf-16be".into()));
    }

    #[test]
    fn windows_1251_and_koi8_r_are_detected() {
        let (cp, _, _) = WINDOWS_1251.encode(RU);
        assert_eq!(ok(&cp), (RU.into(), "windows-1251".into()));
        let (koi, _, _) = encoding_rs::KOI8_R.encode(RU);
        let (text, name) = ok(&koi);
        // KOI8-U is KOI8-R plus Ukrainian letters: either label reads Russian right.
        assert_eq!(text, RU);
        assert!(name.starts_with("koi8-"), "{name}");
    }

    #[test]
    fn kazakh_kz1048_is_detected() {
        // Encode Kazakh into KZ-1048 through the same table, backwards.
        let kz: String = KK
            .chars()
            .map(|c| {
                KZ1048
                    .iter()
                    .find(|(_, to)| *to == c)
                    .map_or(c, |(from, _)| *from)
            })
            .collect();
        let (bytes, _, unmappable) = WINDOWS_1251.encode(&kz);
        assert!(!unmappable);
        assert_eq!(ok(&bytes), (KK.into(), "kz-1048".into()));
    }

    #[test]
    fn garbage_bytes_are_not_guessed() {
        let noise: Vec<u8> = (0..200u32).map(|i| (i * 37 % 128 + 128) as u8).collect();
        assert!(
            ok(&noise).0.starts_with("ERR InvalidEncoding"),
            "{:?}",
            ok(&noise)
        );
        assert!(ok(b"ok\xC3(").0.starts_with("ERR InvalidEncoding"));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(matches!(
            decode(b"PK\x03\x04\0\0".to_vec()),
            Err((DropReason::Binary, _))
        ));
        assert!(matches!(
            check_text("a\0b".into()),
            Err((DropReason::Binary, _))
        ));
    }

    #[test]
    fn mojibake_through_1251_and_1252_is_repaired() {
        let (as1251, _, _) = WINDOWS_1251.decode(RU.as_bytes());
        let fixed = check_text(as1251.into_owned());
        assert_eq!(
            fixed.map(|d| (d.text, d.encoding)),
            Ok((RU.into(), "utf-8/windows-1251".into()))
        );
        let (as1252, _, _) = WINDOWS_1252.decode(RU.as_bytes());
        let fixed = check_text(as1252.into_owned());
        assert_eq!(
            fixed.map(|d| (d.text, d.encoding)),
            Ok((RU.into(), "utf-8/windows-1252".into()))
        );
    }

    /// The character walk `mojibake_pairs` replaced, as the reference it must agree with.
    fn mojibake_pairs_by_chars(text: &str) -> usize {
        let mut prev = ' ';
        let mut pairs = 0;
        for c in text.chars() {
            let latin = matches!(prev, 'Ã' | 'Â' | 'Ð' | 'Ñ' | 'Ø' | 'Ù' | 'â')
                && ('\u{80}'..='\u{BF}').contains(&c);
            let cyr = matches!(prev, 'Р' | 'С' | 'Т' | 'Ð') && CP1251_SECONDS.contains(c);
            pairs += usize::from(latin || cyr);
            prev = c;
        }
        pairs
    }

    #[test]
    fn mojibake_pairs_are_counted_as_by_a_character_walk() {
        let (as1251, _, _) = WINDOWS_1251.decode(RU.as_bytes());
        let (as1252, _, _) = WINDOWS_1252.decode(RU.as_bytes());
        for text in [
            &*as1251,
            &*as1252,
            "Ã la carte: Ñandú, São Paulo, Ðakovo, café, naïve, Zürich.",
            "РЎРўРђ СЃ Т« Ð€Ã\u{80}â\u{BF}",
            "Р",
            "Ã",
            "Тұрақ Стамбул Рим «С»",
        ] {
            assert_eq!(
                mojibake_pairs(text),
                mojibake_pairs_by_chars(text),
                "{text}"
            );
        }
        assert!(mojibake_pairs(&as1251) >= 3 && mojibake_pairs(&as1252) >= 3);
    }

    #[test]
    fn ordinary_accents_are_not_mojibake() {
        let text = "Ã la carte: Ñandú, São Paulo, Ðakovo, café, naïve, Zürich.";
        assert_eq!(check_text(text.into()).map(|d| d.text), Ok(text.into()));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(fuzz_cases()))]

        #[test]
        fn mojibake_pairs_agree_with_the_character_walk(
            text in "([ÃÂÐÑØÙâРСТаbé]|[\u{80}-\u{BF}]|[ЂЃ‚ѓ„…†‡€‰Љ‹ЊЌЋЏђ‘’“”•–—™љ›њќћџЎўЈ¤Ґ¦§Ё©Є«¬®Ї°±Ііґµ¶·ё№є»јЅѕї]|\\PC){0,60}"
        ) {
            proptest::prop_assert_eq!(mojibake_pairs(&text), mojibake_pairs_by_chars(&text));
        }

        /// Fuzz: any bytes decode or are refused with a reason; decoded text has no NUL.
        #[test]
        fn any_bytes_decode_or_are_refused(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..600)) {
            if let Ok(d) = decode(bytes) {
                proptest::prop_assert!(!d.text.contains('\0'));
            }
        }

        /// Fuzz: legacy-looking high bytes never panic the detector.
        #[test]
        fn high_bytes_never_panic(bytes in proptest::collection::vec(128u8..=255, 0..400)) {
            let _ = decode(bytes);
        }
    }

    /// Property-test cases: 256 by default, more under `scripts/fuzz` (`CORPUSMILL_FUZZ_CASES`).
    fn fuzz_cases() -> u32 {
        std::env::var("CORPUSMILL_FUZZ_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256)
    }
}
