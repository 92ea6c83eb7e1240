//! Checks a report's SSHSIG signature: well formed, in onboard's
//! namespace, made by a key of the allowed_signers file, over these bytes.

use jiff::Timestamp;
use ssh_key::{PublicKey, SshSig};

use super::NAMESPACE;
use super::allowed::{AllowedSigners, Found};

/// What a report's signature is worth.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Made over these bytes by a key that the allowed_signers file lists
    /// for `principal` (its principals field).
    Verified { principal: String },
    /// The signature matches the bytes, but no allowed_signers file was
    /// given: nothing says whose key made it.
    Unverified,
    /// No `.sig` beside the report.
    NotSigned,
    /// A signature that cannot be trusted, and why.
    Invalid { reason: Invalid },
}

/// Why a signature is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Invalid {
    /// It does not match the report's bytes (a changed byte, another file's signature).
    BadSignature,
    /// Its key is not in the allowed_signers file (or not valid now).
    UnknownKey,
    /// It was made for another use than onboard's reports (`-n`), or the
    /// allowed_signers file allows its key only for other namespaces.
    WrongNamespace,
    /// The `.sig` cannot be read, or is not an SSH signature.
    Unreadable,
}

/// The verdict on `signature` (the bytes of a `.sig` file) for `message`.
pub fn verify(
    message: &[u8],
    signature: &[u8],
    allowed: Option<&AllowedSigners>,
    now: Timestamp,
) -> Verdict {
    let invalid = |reason| Verdict::Invalid { reason };
    let Ok(sig) = SshSig::from_pem(signature) else {
        return invalid(Invalid::Unreadable);
    };
    if sig.namespace() != NAMESPACE {
        return invalid(Invalid::WrongNamespace);
    }
    let key = PublicKey::from(sig.public_key().clone());
    if key.verify(NAMESPACE, message, &sig).is_err() {
        return invalid(Invalid::BadSignature);
    }
    let Some(allowed) = allowed else {
        return Verdict::Unverified;
    };
    match allowed.find(sig.public_key(), NAMESPACE, now) {
        Found::Allowed(principal) => Verdict::Verified { principal },
        Found::OtherNamespace => invalid(Invalid::WrongNamespace),
        Found::Expired | Found::Unknown => invalid(Invalid::UnknownKey),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A key made for these tests with `ssh-keygen -t ed25519`, and
    /// signatures of [`MESSAGE`] made with `ssh-keygen -Y sign`.
    const KEY: &str =
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAQhE0NkaUEM4tPgVj7QrQtnVLG5rJltbkKAPMdPCKVr test";
    const MESSAGE: &[u8] = b"{\"report_version\": 2}\n";
    const SIGNED: &str = "-----BEGIN SSH SIGNATURE-----
U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgBCETQ2RpQQzi0+BWPtCtC2dUsb
msmW1uQoA8x08IpWsAAAAOb25ib2FyZC1yZXBvcnQAAAAAAAAABnNoYTUxMgAAAFMAAAAL
c3NoLWVkMjU1MTkAAABAF0ryaDX95lCPJ7MmPBDPCw/ar6JjSerObxNJad4NYF0qTxjdXg
IEaod5TGCwKUs8/taRFURWRM6tx9HMD4FOBQ==
-----END SSH SIGNATURE-----
";
    /// The same, signed with `-n git`.
    const FOR_GIT: &str = "-----BEGIN SSH SIGNATURE-----
U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAgBCETQ2RpQQzi0+BWPtCtC2dUsb
msmW1uQoA8x08IpWsAAAADZ2l0AAAAAAAAAAZzaGE1MTIAAABTAAAAC3NzaC1lZDI1NTE5
AAAAQFDok0PL3jGt17dMn4aEE2D9rAWCRD0JKzSzMjQuyM4QkUt1iazofl/3addguj0oxi
AwrmZJHvoCyuNSpE6t2g4=
-----END SSH SIGNATURE-----
";

    fn now() -> Timestamp {
        "2026-06-01T00:00:00Z".parse().unwrap()
    }

    fn signers(text: &str) -> AllowedSigners {
        AllowedSigners::parse(text).0
    }

    #[test]
    fn each_verdict() {
        let team = signers(&format!("camille@example.org {KEY}\n"));
        let nobody = signers("");
        let check = |msg: &[u8], sig: &str, allowed: Option<&AllowedSigners>| {
            verify(msg, sig.as_bytes(), allowed, now())
        };
        assert_eq!(
            check(MESSAGE, SIGNED, Some(&team)),
            Verdict::Verified {
                principal: "camille@example.org".into()
            }
        );
        assert_eq!(check(MESSAGE, SIGNED, None), Verdict::Unverified);
        let invalid = |reason| Verdict::Invalid { reason };
        let changed = b"{\"report_version\": 3}\n";
        assert_eq!(
            check(changed, SIGNED, Some(&team)),
            invalid(Invalid::BadSignature)
        );
        assert_eq!(check(changed, SIGNED, None), invalid(Invalid::BadSignature));
        assert_eq!(
            check(MESSAGE, SIGNED, Some(&nobody)),
            invalid(Invalid::UnknownKey)
        );
        assert_eq!(
            check(MESSAGE, FOR_GIT, Some(&team)),
            invalid(Invalid::WrongNamespace)
        );
        assert_eq!(
            check(MESSAGE, "not a signature", Some(&team)),
            invalid(Invalid::Unreadable)
        );
        let git_only = signers(&format!("c@x namespaces=\"git\" {KEY}\n"));
        assert_eq!(
            check(MESSAGE, SIGNED, Some(&git_only)),
            invalid(Invalid::WrongNamespace)
        );
    }
}
