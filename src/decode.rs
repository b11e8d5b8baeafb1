//! Stage 1: bytes to text. Strict UTF-8: a document that is not valid UTF-8 or holds NUL bytes is
//! removed with a reason rather than guessed at, so nothing garbled reaches a split.

use crate::doc::DropReason;

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Decodes one document's bytes, or says why it cannot be used.
pub fn decode(bytes: Vec<u8>) -> Result<String, (DropReason, String)> {
    if let Some(pos) = memchr_nul(&bytes) {
        return Err((DropReason::Binary, format!("NUL byte at offset {pos}")));
    }
    let mut bytes = bytes;
    if bytes.starts_with(BOM) {
        bytes.drain(..BOM.len());
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        (
            DropReason::InvalidUtf8,
            format!("invalid UTF-8 at byte {at}"),
        )
    })
}

/// Text from JSON or Parquet is already Unicode, but may still carry NULs or a BOM.
pub fn check_text(text: String) -> Result<String, (DropReason, String)> {
    if let Some(pos) = text.find('\0') {
        return Err((DropReason::Binary, format!("NUL character at byte {pos}")));
    }
    match text.strip_prefix('\u{FEFF}') {
        Some(rest) => Ok(rest.to_string()),
        None => Ok(text),
    }
}

fn memchr_nul(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom() {
        assert_eq!(decode(b"\xEF\xBB\xBFC\xD3\x99".to_vec()), Ok("Cә".into()));
    }

    #[test]
    fn invalid_utf8_names_offset() {
        let err = decode(b"ok\xC3(".to_vec()).err();
        assert_eq!(
            err,
            Some((DropReason::InvalidUtf8, "invalid UTF-8 at byte 2".into()))
        );
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
}
