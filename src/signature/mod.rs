//! SSH signatures of reports (SSHSIG, as `ssh-keygen -Y sign` and git's SSH
//! signing write them), under the namespace [`NAMESPACE`]: signing a report,
//! and checking a signature against an OpenSSH allowed_signers file. Anyone
//! can check one with stock OpenSSH too, `ssh-keygen -Y verify -n onboard-report`.

mod allowed;
mod sign;
mod verify;

pub use allowed::{AllowedSigners, Problem};
pub(crate) use sign::{Key, default_key, sign};
pub use verify::{Invalid, Verdict, verify};

/// The SSHSIG namespace of onboard's reports: a signature made for another
/// purpose (a git commit, a file) never passes for a report's.
pub const NAMESPACE: &str = "onboard-report";

/// Whether `bytes` are an armored SSH signature (which `report --sign` may replace).
pub(crate) fn is_armored(bytes: &[u8]) -> bool {
    bytes.starts_with(b"-----BEGIN SSH SIGNATURE-----")
}
