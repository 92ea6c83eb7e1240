//! The terminal interface: dialoguer prompts, an indicatif bar, colour when
//! allowed. Every result is also said in words.

use console::{Style, Term, style};
use dialoguer::Input;
use dialoguer::theme::{ColorfulTheme, SimpleTheme, Theme};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::{Ui, Validator, keys, markdown};
use crate::error::{Error, Result};
use crate::i18n::{fill, t};

pub struct TerminalUi {
    colour: bool,
    theme: Box<dyn Theme>,
    term: Term,
}

impl TerminalUi {
    pub fn new(colour: bool) -> Self {
        console::set_colors_enabled(colour);
        console::set_colors_enabled_stderr(colour);
        crate::signals::terminal_in_use();
        let theme: Box<dyn Theme> = if colour {
            Box::new(quiz_theme())
        } else {
            Box::new(SimpleTheme)
        };
        TerminalUi {
            colour,
            theme,
            term: Term::stdout(),
        }
    }

    fn width(&self) -> usize {
        usize::from(self.term.size().1).clamp(40, 100) - 2
    }

    /// Wraps a prompt or an item for dialoguer, which counts the lines it
    /// draws by their '\n': wrapping here keeps its redraws clean.
    fn fit(&self, text: &str) -> String {
        let options = wrap_options(self.width().saturating_sub(4)).subsequent_indent("  ");
        textwrap::fill(text, options)
    }

    /// A question stays on screen once answered: it is printed here, and the
    /// dialoguer list below it is cleared after the choice.
    fn question(&self, prompt: &str, keys: Option<&str>) {
        self.line("");
        let prompt = textwrap::fill(prompt, wrap_options(self.width()));
        self.line(&self.style(Style::new().bold(), &prompt));
        if let Some(keys) = keys {
            let keys = textwrap::fill(keys, wrap_options(self.width()));
            self.line(&self.style(Style::new().dim(), &keys));
        }
    }

    /// Says which choices were taken, as the theme does for typed answers:
    /// no success mark, which would stand beside a wrong answer too, so
    /// that the verdict below is the first judgement read.
    fn echo(&self, items: &[String], picked: &[usize]) {
        let given = super::chosen(items, picked);
        let mark = self.style(Style::new().dim(), ANSWER_MARK);
        let text = format!("{mark} {} · {given}", t().core.answer_label);
        self.line(&textwrap::fill(&text, wrap_options(self.width())));
    }

    /// The screen's height in lines.
    fn height(&self) -> usize {
        usize::from(self.term.size().0).max(8)
    }

    fn fit_all(&self, items: &[String]) -> Vec<String> {
        items.iter().map(|item| self.fit(item)).collect()
    }

    fn line(&self, text: &str) {
        let _ = self.term.write_line(text);
    }

    fn style(&self, style: Style, text: &str) -> String {
        if self.colour {
            style.apply_to(text).to_string()
        } else {
            text.to_string()
        }
    }
}

/// What stands before an answer once given: neutral, neither right nor wrong.
const ANSWER_MARK: &str = "›";

/// dialoguer's colourful theme, without its success mark (✔) after every
/// answer: right or wrong is for the verdict to say. Ticked choices show
/// as [x], which says nothing about being right either.
fn quiz_theme() -> ColorfulTheme {
    let base = ColorfulTheme::default();
    ColorfulTheme {
        success_prefix: style(ANSWER_MARK.to_string()).for_stderr().dim(),
        checked_item_prefix: style("[x]".to_string()).for_stderr().cyan(),
        unchecked_item_prefix: style("[ ]".to_string()).for_stderr(),
        ..base
    }
}

/// Splits rendered lines into pages of at most `height` lines.
fn pages(lines: &[&str], height: usize) -> Vec<String> {
    lines
        .chunks(height.max(1))
        .map(|chunk| chunk.join("\n"))
        .collect()
}

/// Wraps at spaces only: "Ctrl-C" or "open-source" never break in two.
fn wrap_options(width: usize) -> textwrap::Options<'static> {
    textwrap::Options::new(width).word_splitter(textwrap::WordSplitter::NoHyphenation)
}

/// dialoguer reports Ctrl-C as an interrupted read, and end of input as such.
/// A terminal that was closed (its window, an ssh connection) while SIGHUP
/// is ignored (`nohup`) answers every read and write with EIO: that is the
/// end of the session too, the answers given being saved already.
fn prompt_error(err: dialoguer::Error) -> Error {
    let dialoguer::Error::IO(io) = err;
    match io.kind() {
        std::io::ErrorKind::Interrupted | std::io::ErrorKind::UnexpectedEof => {
            Error::Interrupted(t().core.interrupted.to_string())
        }
        _ if hung_up(&io) => Error::Interrupted(t().core.interrupted.to_string()),
        _ => Error::msg(fill(t().core.terminal_failed, &[("error", &io)])),
    }
}

fn io_error(err: std::io::Error) -> Error {
    prompt_error(dialoguer::Error::IO(err))
}

/// Whether `err` comes from a terminal that is gone. Unix answers reads
/// and writes on a hung-up terminal with EIO; but an error can also come
/// from a step taken after the hang-up and before the next read (console
/// then finds stdin no longer a terminal and tries `/dev/tty`, which fails
/// with ENXIO). So the terminal itself is asked: on a hung-up terminal,
/// `tcgetattr` fails with EIO too.
fn hung_up(err: &std::io::Error) -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        hung_up_on(err, &[std::io::stdin().as_fd(), std::io::stdout().as_fd()])
    }
    #[cfg(not(unix))]
    {
        let _ = err;
        false
    }
}

#[cfg(unix)]
fn hung_up_on(err: &std::io::Error, terminals: &[std::os::fd::BorrowedFd]) -> bool {
    use rustix::io::Errno;
    err.raw_os_error() == Some(Errno::IO.raw_os_error())
        || terminals
            .iter()
            .any(|fd| matches!(rustix::termios::tcgetattr(fd), Err(Errno::IO)))
}

impl Ui for TerminalUi {
    fn title(&mut self, text: &str) {
        self.line("");
        self.line(&self.style(Style::new().bold().cyan(), text));
    }

    fn text(&mut self, text: &str) {
        let wrapped = textwrap::fill(text.trim(), wrap_options(self.width()));
        self.line(&wrapped);
    }

    fn markdown(&mut self, source: &str) {
        self.line(&markdown::render(source, Some(self.width()), self.colour));
    }

    fn body(&mut self, source: &str) -> Result<()> {
        let rendered = markdown::render(source, Some(self.width()), self.colour);
        let lines: Vec<&str> = rendered.lines().collect();
        // The first page leaves room for the title above it, and each page
        // for the line that asks for the next.
        let height = self.height().saturating_sub(5).max(3);
        let pages = pages(&lines, height);
        let count = pages.len();
        for (i, page) in pages.iter().enumerate() {
            self.line(page);
            if i + 1 < count {
                let more = fill(t().core.page_more, &[("page", &(i + 1)), ("pages", &count)]);
                let _ = self.term.write_line(&self.style(Style::new().dim(), &more));
                keys::wait_for_enter(&self.term).map_err(io_error)?;
                let _ = self.term.clear_last_lines(1);
            }
        }
        Ok(())
    }

    fn verdict(&mut self, right: bool, text: &str) {
        let text = textwrap::fill(text, wrap_options(self.width()));
        let style = if right {
            Style::new().green().bold()
        } else {
            Style::new().red().bold()
        };
        self.line(&self.style(style, &text));
    }

    fn note(&mut self, text: &str) {
        let wrapped = textwrap::fill(text.trim(), wrap_options(self.width()));
        self.line(&self.style(Style::new().dim(), &wrapped));
    }

    fn progress(&mut self, done: usize, total: usize, label: &str) {
        // Configured while hidden, then drawn once and left on screen.
        let bar = ProgressBar::hidden();
        bar.set_length(total as u64);
        let template = if self.colour {
            "[{bar:30.green/white}] {pos}/{len} {msg}"
        } else {
            "[{bar:30}] {pos}/{len} {msg}"
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("#>-"));
        }
        bar.set_position(done as u64);
        bar.set_message(label.to_string());
        bar.set_draw_target(ProgressDrawTarget::term(self.term.clone(), 20));
        bar.abandon();
        self.line("");
    }

    fn pause(&mut self, prompt: &str) -> Result<()> {
        let _ = self.term.write_line(&format!("\n{prompt} "));
        keys::wait_for_enter(&self.term).map_err(io_error)
    }

    fn select(&mut self, prompt: &str, items: &[String], default: usize) -> Result<usize> {
        self.question(prompt, Some(t().core.keys_select));
        let fitted = self.fit_all(items);
        let picked = keys::pick(&self.term, self.theme.as_ref(), &fitted, default, false)
            .map_err(io_error)?
            .first()
            .copied()
            .unwrap_or(default);
        self.echo(items, &[picked]);
        Ok(picked)
    }

    fn multi_select(&mut self, prompt: &str, items: &[String], count: usize) -> Result<Vec<usize>> {
        self.question(prompt, Some(t().core.keys_multi));
        loop {
            let fitted = self.fit_all(items);
            let picked =
                keys::pick(&self.term, self.theme.as_ref(), &fitted, 0, true).map_err(io_error)?;
            if picked.len() == count {
                self.echo(items, &picked);
                return Ok(picked);
            }
            self.note(&fill(
                t().core.hint_count,
                &[("count", &count), ("given", &picked.len())],
            ));
            self.note(&fill(t().core.hint_pick_count, &[("count", &count)]));
        }
    }

    fn input(
        &mut self,
        prompt: &str,
        default: Option<&str>,
        validate: Validator,
    ) -> Result<String> {
        // A long prompt and a long answer on one line would wrap, and
        // dialoguer's redraw would go wrong: the prompt goes above.
        self.question(prompt, None);
        let mut input = Input::<String>::with_theme(self.theme.as_ref())
            .with_prompt(t().core.answer_label)
            .allow_empty(default.is_some())
            .validate_with(|value: &String| validate(value.trim()));
        if let Some(d) = default.filter(|d| !d.is_empty()) {
            input = input.default(d.to_string());
        }
        let _mode = keys::KeyMode::enter();
        input
            .interact_text_on(&self.term)
            .map(|s| s.trim().to_string())
            .map_err(prompt_error)
    }

    fn confirm(&mut self, prompt: &str, default: bool) -> Result<bool> {
        // dialoguer's Confirm says [y/n] in English: a two-item Select says it in words.
        let items = [t().core.yes.to_string(), t().core.no.to_string()];
        self.question(prompt, Some(t().core.keys_select));
        let first = if default { 0 } else { 1 };
        let picked = keys::pick(&self.term, self.theme.as_ref(), &items, first, false)
            .map_err(io_error)?
            .first()
            .copied()
            .unwrap_or(first);
        self.echo(&items, &[picked]);
        Ok(picked == 0)
    }
}

#[cfg(all(test, unix))]
mod tests {
    use std::io::{Error, ErrorKind};
    use std::os::fd::AsFd;

    use nix::fcntl::OFlag;
    use nix::pty::{grantpt, posix_openpt, ptsname_r, unlockpt};

    use super::hung_up_on;

    /// A pseudo-terminal's slave side, opened as onboard's stdin would be.
    fn terminal() -> (nix::pty::PtyMaster, std::fs::File) {
        let master = posix_openpt(OFlag::O_RDWR | OFlag::O_NOCTTY).unwrap();
        grantpt(&master).unwrap();
        unlockpt(&master).unwrap();
        let slave = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(ptsname_r(&master).unwrap())
            .unwrap();
        (master, slave)
    }

    /// The race that CI met: the terminal closed between drawing a list and
    /// reading its next key, so the read failed with ENXIO (no /dev/tty)
    /// and not EIO. Any error then counts as the end of the session.
    #[test]
    fn any_error_on_a_hung_up_terminal_is_the_end_of_the_session() {
        let (master, slave) = terminal();
        let enxio = Error::from_raw_os_error(rustix::io::Errno::NXIO.raw_os_error());
        assert!(
            !hung_up_on(&enxio, &[slave.as_fd()]),
            "the terminal is open"
        );
        drop(master);
        assert!(hung_up_on(&enxio, &[slave.as_fd()]), "the terminal is gone");
        let other = Error::new(ErrorKind::NotConnected, "not a terminal");
        assert!(hung_up_on(&other, &[slave.as_fd()]));
    }

    #[test]
    fn eio_is_a_hang_up_and_other_errors_on_a_live_terminal_are_not() {
        let (_master, slave) = terminal();
        let eio = Error::from_raw_os_error(rustix::io::Errno::IO.raw_os_error());
        assert!(hung_up_on(&eio, &[]));
        let denied = Error::new(ErrorKind::PermissionDenied, "denied");
        assert!(!hung_up_on(&denied, &[slave.as_fd()]));
    }
}
