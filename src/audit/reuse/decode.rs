//! Bytes to text, never refusing: UTF-8 (with or without its byte order
//! mark), UTF-16 and UTF-32 with a byte order mark, and anything else as
//! Latin-1, where every byte is a character. A file with a NUL byte in its
//! first 8 KiB and no byte order mark is binary: it holds no header (reuse
//! asks libmagic or charset-normalizer the same question).

/// How much of a file decides whether it is binary.
pub(crate) const SNIFF: usize = 8 * 1024;

/// The text of `bytes`, or `None` for a binary file. When `cut`, the bytes
/// are the head of a longer file (a size cap): a UTF-8 character cut at the
/// end is dropped, not taken for Latin-1.
pub(crate) fn decode(bytes: &[u8], cut: bool) -> Option<String> {
    let bom = [
        &b"\xEF\xBB\xBF"[..],
        b"\xFF\xFE",
        b"\xFE\xFF",
        b"\x00\x00\xFE\xFF",
    ];
    let marked = bom.iter().any(|mark| bytes.starts_with(mark));
    if !marked && bytes[..bytes.len().min(SNIFF)].contains(&0) {
        return None;
    }
    Some(text(bytes, cut))
}

/// The text of `bytes`, whatever they hold: the byte order mark decides,
/// else UTF-8, else Latin-1. Licence files are read this way too.
pub(crate) fn text(bytes: &[u8], cut: bool) -> String {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_or_latin1(rest, cut);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE\x00\x00") {
        return utf32(rest, u32::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\x00\x00\xFE\xFF") {
        return utf32(rest, u32::from_be_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8_or_latin1(bytes, cut)
}

fn utf8_or_latin1(bytes: &[u8], cut: bool) -> String {
    match std::str::from_utf8(bytes) {
        Ok(text) => text.to_string(),
        // Only the last character is cut: the head of a UTF-8 file.
        Err(err) if cut && err.error_len().is_none() => {
            String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned()
        }
        Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> String {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect()
}

fn utf32(bytes: &[u8], unit: fn([u8; 4]) -> u32) -> String {
    bytes
        .chunks_exact(4)
        .map(|q| char::from_u32(unit([q[0], q[1], q[2], q[3]])).unwrap_or('\u{FFFD}'))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_every_encoding_and_spots_binaries() {
        assert_eq!(decode(b"a\xC3\xA9", false).unwrap(), "aé");
        assert_eq!(decode(b"\xEF\xBB\xBFa", false).unwrap(), "a");
        assert_eq!(
            decode(b"\xA9 2024 \xC9lise", false).unwrap(),
            "© 2024 Élise"
        );
        assert_eq!(decode(b"\xFF\xFEa\x00\xE9\x00", false).unwrap(), "aé");
        assert_eq!(decode(b"\xFE\xFF\x00a\x00\xE9", false).unwrap(), "aé");
        assert_eq!(
            decode(b"\xFF\xFE\x00\x00a\x00\x00\x00", false).unwrap(),
            "a"
        );
        // A head cut by the cap drops its last, incomplete character; a
        // whole Latin-1 file keeps its last letter.
        assert_eq!(decode(b"ab\xC3", true).unwrap(), "ab");
        assert_eq!(decode(b"Libert\xe9", false).unwrap(), "Liberté");
        assert!(decode(b"\x89PNG\r\n\x1a\n\x00\x00", false).is_none());
        assert_eq!(decode(b"", false).unwrap(), "");
    }
}
