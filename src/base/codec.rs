//! The little-endian binary codec of the files passes hand to each other (spools) and of the
//! state a resumed build reloads (checkpoints): writers into a `Vec<u8>`, readers from a byte
//! slice that give `None` on a short input, and readers from a stream.

use std::io::Read;

pub fn put_u64(out: &mut Vec<u8>, v: u64) {
    out.extend_from_slice(&v.to_le_bytes());
}

pub fn put_bytes(out: &mut Vec<u8>, b: &[u8]) {
    put_u64(out, b.len() as u64);
    out.extend_from_slice(b);
}

pub fn put_opt_str(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        None => out.push(0),
        Some(s) => {
            out.push(1);
            put_bytes(out, s.as_bytes());
        }
    }
}

pub fn take<'a>(input: &mut &'a [u8], n: usize) -> Option<&'a [u8]> {
    let (head, rest) = input.split_at_checked(n)?;
    *input = rest;
    Some(head)
}

pub fn get_u8(input: &mut &[u8]) -> Option<u8> {
    take(input, 1).map(|b| b[0])
}

pub fn get_u64(input: &mut &[u8]) -> Option<u64> {
    take(input, 8)?.try_into().ok().map(u64::from_le_bytes)
}

pub fn get_bytes<'a>(input: &mut &'a [u8]) -> Option<&'a [u8]> {
    let n = usize::try_from(get_u64(input)?).ok()?;
    take(input, n)
}

pub fn get_string(input: &mut &[u8]) -> Option<String> {
    // Validating UTF-8 byte by byte was a tenth of reading a spool back.
    simdutf8::basic::from_utf8(get_bytes(input)?)
        .ok()
        .map(str::to_owned)
}

pub fn get_opt_string(input: &mut &[u8]) -> Option<Option<String>> {
    match get_u8(input)? {
        0 => Some(None),
        _ => get_string(input).map(Some),
    }
}

pub fn read_u64(r: &mut dyn Read) -> std::io::Result<u64> {
    let mut b = [0u8; 8];
    r.read_exact(&mut b)?;
    Ok(u64::from_le_bytes(b))
}

pub fn read_u32(r: &mut dyn Read) -> std::io::Result<u32> {
    let mut b = [0u8; 4];
    r.read_exact(&mut b)?;
    Ok(u32::from_le_bytes(b))
}
