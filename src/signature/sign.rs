//! Signing with the recruit's SSH key. A key file is read and used with
//! RustCrypto's `ssh-key` crate (no hand-written cryptography, no external
//! program, the same on every system); a key that lives only in ssh-agent
//! is used through OpenSSH's own `ssh-keygen -Y sign`, which speaks to the
//! agent. The passphrase of an encrypted key is asked through the caller,
//! held in memory that is wiped after use, and never written anywhere.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use ssh_key::private::{KeypairData, RsaKeypair};
use ssh_key::{HashAlg, LineEnding, PrivateKey, SshSig};
use zeroize::Zeroizing;

use super::NAMESPACE;
use crate::error::{Error, Result};
use crate::files::{Refused, open_regular, read_capped};
use crate::i18n::{fill, t};

/// OpenSSH private keys are a few kilobytes (RSA 16384 bits: about 13 kB).
const MAX_KEY: u64 = 64 * 1024;

/// The key to sign with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Key {
    /// A private key file.
    File(PathBuf),
    /// A public key (OpenSSH's one-line form) whose private half is held
    /// by ssh-agent: `key::ssh-…` in git's `user.signingkey`, or a `.pub` file.
    Agent(String),
}

/// Asks the passphrase of the key file given, or `None` when there is no
/// terminal to ask it in.
pub(crate) type Passphrase<'a> = &'a mut dyn FnMut(&Path) -> Result<Option<Zeroizing<String>>>;

impl Key {
    /// The key `--sign` names, or git's `user.signingkey` names: a `.pub`
    /// file stands for its private half in ssh-agent, as for git.
    pub(crate) fn from_path(path: &Path) -> Key {
        if path.extension().is_some_and(|e| e == "pub")
            && let Some(public) = read_small(path)
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
        {
            return Key::Agent(public.trim().to_string());
        }
        Key::File(path.to_path_buf())
    }

    /// What git's `user.signingkey` says: a literal public key (`key::…`, or
    /// `ssh-…` as older git releases wrote it), else a path (`~/` is the home).
    pub(crate) fn from_git_setting(value: &str, home: Option<&Path>) -> Key {
        let value = value.trim();
        if let Some(literal) = value.strip_prefix("key::") {
            return Key::Agent(literal.trim().to_string());
        }
        if ["ssh-", "ecdsa-", "sk-"]
            .iter()
            .any(|p| value.starts_with(p))
        {
            return Key::Agent(value.to_string());
        }
        let path = match (value.strip_prefix("~/"), home) {
            (Some(rest), Some(home)) => home.join(rest),
            _ => PathBuf::from(value),
        };
        Key::from_path(&path)
    }
}

/// The default key: git's `user.signingkey`, else `~/.ssh/id_ed25519`.
pub(crate) fn default_key() -> Key {
    let home = directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf());
    let setting = git2::Config::open_default()
        .and_then(|c| c.get_string("user.signingkey"))
        .ok()
        .filter(|v| !v.trim().is_empty());
    match setting {
        Some(value) => Key::from_git_setting(&value, home.as_deref()),
        None => Key::File(home.unwrap_or_default().join(".ssh").join("id_ed25519")),
    }
}

/// Signs `message` with `key`: the armored SSHSIG (namespace
/// `onboard-report`, SHA-512), as `ssh-keygen -Y sign` writes it.
pub(crate) fn sign(key: &Key, message: &[u8], passphrase: Passphrase) -> Result<String> {
    match key {
        Key::File(path) => sign_with_file(path, message, passphrase),
        Key::Agent(public) => sign_with_agent(public, message),
    }
}

fn read_small(path: &Path) -> std::io::Result<Vec<u8>> {
    let file = open_regular(path, true).map_err(|refused| match refused {
        Refused::Io(err) => err,
        Refused::NotRegular => std::io::Error::from(std::io::ErrorKind::InvalidInput),
    })?;
    read_capped(file, MAX_KEY)?
        .ok_or_else(|| std::io::Error::from(std::io::ErrorKind::FileTooLarge))
}

fn sign_with_file(path: &Path, message: &[u8], passphrase: Passphrase) -> Result<String> {
    let texts = &t().report;
    let shown = path.display();
    let bytes = read_small(path).map_err(|err| {
        if err.kind() == std::io::ErrorKind::NotFound {
            Error::msg(fill(texts.key_missing, &[("path", &shown)]))
        } else {
            Error::file(texts.key_read, path, err, texts.key_read_hint)
        }
    })?;
    let mut key = PrivateKey::from_openssh(&bytes).map_err(|err| {
        Error::msg(fill(
            texts.key_not_private,
            &[("path", &shown), ("error", &err)],
        ))
    })?;
    if key.is_encrypted() {
        let Some(secret) = passphrase(path)? else {
            return Err(Error::msg(fill(
                texts.key_encrypted_no_terminal,
                &[("path", &shown)],
            )));
        };
        key = key
            .decrypt(secret.as_bytes())
            .map_err(|_| Error::msg(fill(texts.wrong_passphrase, &[("path", &shown)])))?;
    }
    let signed = match key.key_data() {
        KeypairData::Rsa(rsa) => sign_rsa(rsa, key.public_key().key_data(), message),
        _ => key.sign(NAMESPACE, HashAlg::Sha512, message),
    };
    signed
        .and_then(|sig| sig.to_pem(LineEnding::LF))
        .map_err(|err| {
            Error::msg(fill(
                texts.sign_failed,
                &[("path", &shown), ("error", &err)],
            ))
        })
}

/// An RSA signature (rsa-sha2-512, PKCS#1 v1.5, as OpenSSH makes them) of
/// the SSHSIG data, with the RSA crate that `ssh-key` itself uses, given
/// both primes (see Cargo.toml about ssh-key 0.6.7).
fn sign_rsa(
    key: &RsaKeypair,
    public: &ssh_key::public::KeyData,
    message: &[u8],
) -> ssh_key::Result<SshSig> {
    use rsa::signature::{SignatureEncoding, Signer};
    let big = |m: &ssh_key::Mpint| rsa::BigUint::try_from(m);
    let private = rsa::RsaPrivateKey::from_components(
        big(&key.public.n)?,
        big(&key.public.e)?,
        big(&key.private.d)?,
        vec![big(&key.private.p)?, big(&key.private.q)?],
    )
    .map_err(|_| ssh_key::Error::Crypto)?;
    let data = SshSig::signed_data(NAMESPACE, HashAlg::Sha512, message)?;
    let signature = rsa::pkcs1v15::SigningKey::<sha2::Sha512>::new(private)
        .try_sign(&data)
        .map_err(|_| ssh_key::Error::Crypto)?;
    let algorithm = ssh_key::Algorithm::Rsa {
        hash: Some(HashAlg::Sha512),
    };
    let signature = ssh_key::Signature::new(algorithm, signature.to_vec())?;
    SshSig::new(public.clone(), NAMESPACE, HashAlg::Sha512, signature)
}

/// `ssh-keygen -Y sign` with the public key in a private temporary file:
/// the message on its standard input, the signature on its standard output.
/// No shell: the arguments go to the program as they are.
fn sign_with_agent(public: &str, message: &[u8]) -> Result<String> {
    let texts = &t().report;
    let shown = public.chars().take(60).collect::<String>();
    let failed = |error: &dyn std::fmt::Display| {
        let error = crate::text::visible(&error.to_string(), false).into_owned();
        Error::msg(fill(
            texts.agent_failed,
            &[("key", &shown), ("error", &error)],
        ))
    };
    let dir = tempfile::tempdir().map_err(|err| failed(&err))?;
    let key_file = dir.path().join("key.pub");
    crate::files::write_atomic(&key_file, format!("{}\n", public.trim()).as_bytes(), true)
        .map_err(|err| failed(&err))?;
    let mut child = Command::new("ssh-keygen")
        .args(["-q", "-Y", "sign", "-n", NAMESPACE, "-f"])
        .arg(&key_file)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|err| {
            Error::msg(fill(
                texts.agent_needs_keygen,
                &[("key", &shown), ("error", &err)],
            ))
        })?;
    if let Some(mut stdin) = child.stdin.take() {
        // ssh-keygen reads all of its input before it writes anything.
        stdin.write_all(message).map_err(|err| failed(&err))?;
    }
    let out = child.wait_with_output().map_err(|err| failed(&err))?;
    let signature = String::from_utf8_lossy(&out.stdout).into_owned();
    if !out.status.success() || !super::is_armored(signature.as_bytes()) {
        let said = String::from_utf8_lossy(&out.stderr);
        return Err(failed(&said.trim()));
    }
    Ok(signature)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_settings_name_a_file_or_a_key_in_the_agent() {
        let home = Path::new("/home/camille");
        assert_eq!(
            Key::from_git_setting("key::ssh-ed25519 AAAAC3 camille", Some(home)),
            Key::Agent("ssh-ed25519 AAAAC3 camille".into())
        );
        assert_eq!(
            Key::from_git_setting("ssh-ed25519 AAAAC3", Some(home)),
            Key::Agent("ssh-ed25519 AAAAC3".into())
        );
        assert_eq!(
            Key::from_git_setting(" ~/.ssh/travail ", Some(home)),
            Key::File(home.join(".ssh/travail"))
        );
        assert_eq!(
            Key::from_git_setting("/cles/id_rsa", None),
            Key::File(PathBuf::from("/cles/id_rsa"))
        );
    }

    #[test]
    fn a_missing_key_names_the_file_and_how_to_make_one() {
        let dir = tempfile::tempdir().unwrap();
        let missing = dir.path().join("id_ed25519");
        let mut never = |_: &Path| -> Result<Option<Zeroizing<String>>> { panic!("not asked") };
        let err = sign(&Key::File(missing.clone()), b"x", &mut never).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(&missing.display().to_string()), "{text}");
        assert!(text.contains("ssh-keygen -t ed25519"), "{text}");
    }

    #[test]
    fn a_file_that_is_not_a_private_key_is_said_so() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cle");
        std::fs::write(&path, "pas une clé").unwrap();
        let mut never = |_: &Path| -> Result<Option<Zeroizing<String>>> { panic!("not asked") };
        let text = sign(&Key::File(path), b"x", &mut never)
            .unwrap_err()
            .to_string();
        assert!(text.contains("ssh-keygen -p -f"), "{text}");
    }
}
