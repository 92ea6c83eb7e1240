//! Short content digests: names in the cache and the steps' fingerprints.

/// The first `bytes` bytes of the SHA-256 of `data`, in hexadecimal: names
/// in the cache, and the steps' hashes (which progress files keep).
pub fn short_digest(data: &[u8], bytes: usize) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(data);
    digest
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}
