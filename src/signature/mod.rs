//! SSH signatures of reports (SSHSIG, the format of `ssh-keygen -Y` and of
//! git's SSH commit signing), in the namespace [`NAMESPACE`]: checking them
//! against an OpenSSH allowed_signers file.

mod allowed;
mod verify;

pub use allowed::{AllowedSigners, Problem};
pub use verify::{Invalid, Verdict, verify};

/// The SSHSIG namespace of onboard's reports: `ssh-keygen -Y sign -n onboard-report`.
pub const NAMESPACE: &str = "onboard-report";
