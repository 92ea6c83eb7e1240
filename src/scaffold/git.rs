//! git with git2: who authors the first commit, and the commit itself.
//! No network: the repository is only created and committed to locally.

use std::io::IsTerminal;
use std::path::Path;

use git2::{Repository, RepositoryInitOptions, Signature};

use super::validate;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::ui::Ui;

/// The branch of the first commit.
pub const BRANCH: &str = "main";

/// The first commit's message (repository content, in French like the files).
const MESSAGE: &str = "Premier commit : dépôt ouvert par défaut créé par onboard";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub name: String,
    pub email: String,
}

/// `user.name` and `user.email` from git's global and system configuration.
pub fn configured() -> Option<Identity> {
    let config = git2::Config::open_default().ok()?.snapshot().ok()?;
    let name = config.get_string("user.name").ok()?.trim().to_string();
    let email = config.get_string("user.email").ok()?.trim().to_string();
    if name.is_empty() || email.is_empty() {
        return None;
    }
    Some(Identity { name, email })
}

/// Who authors the commit: `--author`, else git config, else (on a
/// terminal, without `--yes`) the answers to two questions. Otherwise an
/// error that says how to fix it. An identity is never invented.
pub fn resolve(author: Option<(String, String)>, yes: bool, ui: &mut dyn Ui) -> Result<Identity> {
    if let Some((name, email)) = author {
        return Ok(Identity { name, email });
    }
    if let Some(identity) = configured() {
        return Ok(identity);
    }
    let s = &t().scaffold;
    if yes || !std::io::stdin().is_terminal() {
        return Err(Error::msg(s.no_identity));
    }
    ui.note(s.identity_missing);
    let name = ui.input(s.ask_author_name, None, &validate::person_name)?;
    let email = ui.input(s.ask_author_email, None, &validate::email)?;
    Ok(Identity { name, email })
}

/// The work tree that holds `dir`, if `dir` is inside one.
pub fn enclosing_work_tree(dir: &Path) -> Option<std::path::PathBuf> {
    let repo = Repository::discover(dir).ok()?;
    repo.workdir().map(Path::to_path_buf)
}

/// Creates a repository in `dir` on `main`, and commits `files` (relative
/// paths) in one commit, signed off by its author.
pub fn commit(dir: &Path, files: &[String], identity: &Identity) -> Result<()> {
    let fail =
        |err: git2::Error| Error::msg(fill(t().scaffold.git_failed, &[("error", &err.message())]));
    let mut options = RepositoryInitOptions::new();
    options.initial_head(BRANCH).external_template(false);
    let repo = Repository::init_opts(dir, &options).map_err(fail)?;
    // Objects are gathered in memory and written as one pack at the end:
    // one file instead of a directory and a file per object.
    let odb = repo.odb().map_err(fail)?;
    let mempack = odb.add_new_mempack_backend(1000).map_err(fail)?;
    let mut index = repo.index().map_err(fail)?;
    for file in files {
        index.add_path(Path::new(file)).map_err(fail)?;
    }
    index.write().map_err(fail)?;
    let tree_id = index.write_tree().map_err(fail)?;
    let tree = repo.find_tree(tree_id).map_err(fail)?;
    let signature = Signature::now(&identity.name, &identity.email).map_err(fail)?;
    let message = format!(
        "{MESSAGE}\n\nSigned-off-by: {} <{}>\n",
        identity.name, identity.email
    );
    repo.commit(Some("HEAD"), &signature, &signature, &message, &tree, &[])
        .map_err(fail)?;
    let mut pack = git2::Buf::new();
    mempack.dump(&repo, &mut pack).map_err(fail)?;
    let mut writer = odb.packwriter().map_err(fail)?;
    std::io::Write::write_all(&mut writer, &pack)
        .map_err(|err| fail(git2::Error::from_str(&err.to_string())))?;
    writer.commit().map_err(fail)?;
    mempack.reset().map_err(fail)?;
    Ok(())
}
