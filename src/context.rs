//! What every command needs to know about how it was called, resolved once:
//! the language, the content, the progress file, the cache, and how to ask.
//! No command derives any of these again.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::Global;
use crate::content::Source;
use crate::error::{Error, Result};
use crate::i18n::{Lang, t};
use crate::progress::Store;
use crate::scaffold::source::Templates;
use crate::ui::{self, Ui, plain::PlainUi, terminal::TerminalUi};

pub struct Context {
    /// The interface's and the content's language.
    pub lang: Lang,
    /// The content in use: `--steps`, or the steps built into the binary.
    pub source: Source,
    /// `--progress`, `ONBOARD_PROGRESS`, else the platform data directory;
    /// `None` when there is no data directory to default to.
    progress: Option<PathBuf>,
    /// The user's cache root, if there is one (see [`crate::cache`]).
    pub cache: Option<PathBuf>,
    /// Line-based mode: asked for, `TERM=dumb`, or no terminal on stdin or stdout.
    pub plain: bool,
    /// `--plain` itself was given (`doctor` tells a choice from a default).
    pub plain_asked: bool,
    /// Colour on stdout.
    pub colour: bool,
    /// `--templates DIR`: a team's own templates for scaffold and update.
    pub templates: Option<PathBuf>,
}

impl Context {
    pub fn new(global: Global) -> Self {
        let stdin_tty = std::io::stdin().is_terminal();
        let stdout_tty = std::io::stdout().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let plain = global.plain || dumb || !stdin_tty || !stdout_tty;
        let colour = !plain && ui::colour_wanted(global.no_color, stdout_tty);
        Context {
            lang: global.lang.into(),
            source: Source::from_option(global.steps.as_deref()),
            progress: global.progress.or_else(default_progress_path),
            cache: crate::cache::root(),
            plain,
            plain_asked: global.plain,
            colour,
            templates: global.templates,
        }
    }

    /// The interface for this run: plain lines, or the terminal widgets.
    pub fn ui(&self) -> Box<dyn Ui> {
        if self.plain {
            Box::new(PlainUi::stdio())
        } else {
            Box::new(TerminalUi::new(self.colour))
        }
    }

    /// The interface for a command whose result goes to standard output
    /// (`report`): in plain mode its questions go to standard error.
    pub fn ui_beside_output(&self) -> Box<dyn Ui> {
        if self.plain {
            Box::new(PlainUi::new(std::io::stdin().lock(), std::io::stderr()))
        } else {
            Box::new(TerminalUi::new(self.colour))
        }
    }

    /// The templates in use: `--templates DIR`, or those built into the binary.
    pub fn templates(&self) -> Result<Templates> {
        match &self.templates {
            Some(dir) => Templates::from_dir(dir),
            None => Ok(Templates::embedded()),
        }
    }

    /// The progress file's path.
    pub fn progress_path(&self) -> Result<&Path> {
        self.progress
            .as_deref()
            .ok_or_else(|| Error::msg(t().core.no_data_dir))
    }

    /// The progress file, read through the user's cache.
    pub fn store(&self) -> Result<Store> {
        Ok(Store::new(self.progress_path()?.to_path_buf()).with_cache(self.cache.clone()))
    }
}

/// `$XDG_DATA_HOME/onboard/progress.toml`, else `~/.local/share/onboard/progress.toml`
/// on Linux; the platform data directory elsewhere.
pub fn default_progress_path() -> Option<PathBuf> {
    if let Some(xdg) = std::env::var_os("XDG_DATA_HOME").filter(|v| !v.is_empty()) {
        let xdg = PathBuf::from(xdg);
        if xdg.is_absolute() {
            return Some(xdg.join("onboard").join("progress.toml"));
        }
    }
    let dirs = directories::ProjectDirs::from("fr", "Fabrique numerique", "onboard")?;
    Some(dirs.data_dir().join("progress.toml"))
}
