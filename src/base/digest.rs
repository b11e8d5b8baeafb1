//! Digests as the dataset writes them: lowercase hex, and the SHA-256 of a file.

use std::io::Read;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::base::error::{Error, Result};

/// Lower-case hex of a byte string.
pub fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// The 32 bytes of a SHA-256 written as 64 hex digits (either case); `None` for anything else.
pub fn from_hex(text: &str) -> Option<[u8; 32]> {
    let digits = text.as_bytes();
    if digits.len() != 64 {
        return None;
    }
    let value = |d: u8| (d as char).to_digit(16).map(|v| v as u8);
    let mut out = [0u8; 32];
    for (byte, pair) in out.iter_mut().zip(digits.chunks_exact(2)) {
        *byte = value(pair[0])? << 4 | value(pair[1])?;
    }
    Some(out)
}

/// Size and SHA-256 of a file, streamed.
pub fn hash_file(path: &Path) -> Result<(u64, String)> {
    let mut file = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 1 << 20];
    let mut total = 0u64;
    loop {
        let n = file.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((total, hex(&hasher.finalize())))
}

#[cfg(test)]
mod tests {
    #[test]
    fn hex_reads_back_what_it_wrote_and_nothing_else() {
        let bytes: [u8; 32] = std::array::from_fn(|i| (i * 37) as u8);
        assert_eq!(super::from_hex(&super::hex(&bytes)), Some(bytes));
        assert_eq!(
            super::from_hex(&super::hex(&bytes).to_uppercase()),
            Some(bytes)
        );
        assert_eq!(super::from_hex("ab"), None);
        assert_eq!(super::from_hex(&"g".repeat(64)), None);
        assert_eq!(super::from_hex(&"+f".repeat(32)), None);
    }

    #[test]
    fn hex_is_lowercase_pairs() {
        assert_eq!(super::hex(&[0, 15, 255]), "000fff");
    }
}
