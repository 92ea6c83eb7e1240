//! What every command needs to know about how it was called: options,
//! environment, and whether a person sits at a terminal.

use std::io::IsTerminal;
use std::path::PathBuf;

use crate::cli::Global;
use crate::error::{Error, Result};
use crate::i18n::t;
use crate::ui::{self, Ui, plain::PlainUi, terminal::TerminalUi};

pub struct Context {
    pub global: Global,
    /// Line-based mode: asked for, `TERM=dumb`, or no terminal on stdin or stdout.
    pub plain: bool,
    /// Colour on stdout.
    pub colour: bool,
}

impl Context {
    pub fn new(global: Global) -> Self {
        let stdin_tty = std::io::stdin().is_terminal();
        let stdout_tty = std::io::stdout().is_terminal();
        let dumb = std::env::var("TERM").is_ok_and(|t| t == "dumb");
        let plain = global.plain || dumb || !stdin_tty || !stdout_tty;
        let colour = !plain && ui::colour_wanted(global.no_color, stdout_tty);
        Context {
            global,
            plain,
            colour,
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

    /// `--progress`, `ONBOARD_PROGRESS`, else the platform data directory.
    pub fn progress_path(&self) -> Result<PathBuf> {
        if let Some(path) = &self.global.progress {
            return Ok(path.clone());
        }
        default_progress_path().ok_or_else(|| Error::msg(t().core.no_data_dir))
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
