//! The terminal interface's lists and its "press Enter", read key by key.
//!
//! The console crate puts the terminal in raw mode for each key it reads,
//! and raw mode turns off what the terminal does with Ctrl-D, Ctrl-Z and
//! Ctrl-\ (end of input, suspend, quit): dialoguer's lists then swallow
//! them. Here they keep their meaning:
//!
//! - Ctrl-D ends the input, as in plain mode (progress kept, exit 130);
//! - Ctrl-Z suspends onboard (the terminal is in line mode between two
//!   keys, and the cursor is shown first), and the list is drawn again
//!   when the shell resumes it (`fg`);
//! - Ctrl-\ quits like SIGQUIT (exit 131, see [`crate::signals`]).
//!
//! Ctrl-C is the console crate's: it raises SIGINT itself.

use std::io;

use console::{Key, Term};
use dialoguer::theme::Theme;

const CTRL_D: char = '\u{4}';
const CTRL_Z: char = '\u{1a}';
const CTRL_BACKSLASH: char = '\u{1c}';

/// The terminal in key mode (raw input, output processed as usual) for the
/// whole of a prompt. The console crate switches to raw mode only while it
/// reads one key, so a key that came while a list was being drawn met the
/// terminal in line mode: echoed, or taken by the terminal itself (Ctrl-D
/// as end of file, Ctrl-Z as a stop without the cursor shown). console
/// puts back, after each key, the mode it found: this one. Dropping the
/// guard puts the line mode back; an exit by signal does too
/// ([`crate::signals`]).
pub(super) struct KeyMode {
    #[cfg(unix)]
    line: Option<rustix::termios::Termios>,
}

impl KeyMode {
    /// Enters key mode on standard input, if it is a terminal.
    pub(super) fn enter() -> KeyMode {
        #[cfg(unix)]
        {
            let line = rustix::termios::tcgetattr(io::stdin()).ok();
            let mode = KeyMode { line };
            if !mode.keys() {
                return KeyMode { line: None };
            }
            crate::signals::remember_line_mode(mode.line.clone());
            mode
        }
        #[cfg(not(unix))]
        KeyMode {}
    }

    /// Switches to key mode; false if the terminal refused.
    #[cfg(unix)]
    fn keys(&self) -> bool {
        use rustix::termios::{OptionalActions, tcsetattr};
        let Some(line) = &self.line else {
            return false;
        };
        let mut raw = line.clone();
        raw.make_raw();
        raw.output_modes = line.output_modes;
        tcsetattr(io::stdin(), OptionalActions::Drain, &raw).is_ok()
    }

    /// Puts the line mode back, as before a suspension.
    fn lines(&self) {
        #[cfg(unix)]
        if let Some(line) = &self.line {
            use rustix::termios::{OptionalActions, tcsetattr};
            let _ = tcsetattr(io::stdin(), OptionalActions::Drain, line);
        }
    }

    /// Back in key mode after a suspension.
    fn resume(&self) {
        #[cfg(unix)]
        let _ = self.keys();
    }
}

impl Drop for KeyMode {
    fn drop(&mut self) {
        self.lines();
        #[cfg(unix)]
        if self.line.is_some() {
            crate::signals::remember_line_mode(None);
        }
    }
}

/// What a key asks of the process, if anything.
enum Control {
    EndOfInput,
    Suspend,
    Quit,
}

fn control(key: &Key) -> Option<Control> {
    match key {
        Key::Char(CTRL_D) => Some(Control::EndOfInput),
        Key::Char(CTRL_Z) => Some(Control::Suspend),
        Key::Char(CTRL_BACKSLASH) => Some(Control::Quit),
        _ => None,
    }
}

/// Acts on a control key: `Err` ends the prompt (end of input, quit);
/// `Ok` comes back after a suspension.
fn obey(term: &Term, mode: &KeyMode, control: Control) -> io::Result<()> {
    match control {
        Control::EndOfInput => Err(io::Error::new(io::ErrorKind::UnexpectedEof, "Ctrl-D")),
        Control::Suspend => {
            let _ = term.show_cursor();
            let _ = term.flush();
            mode.lines();
            stop_self();
            mode.resume();
            Ok(())
        }
        Control::Quit => {
            let _ = term.show_cursor();
            let _ = term.flush();
            quit_self();
            // Where SIGQUIT is ignored, Ctrl-\ still ends the prompt.
            Err(io::Error::new(io::ErrorKind::Interrupted, "Ctrl-\\"))
        }
    }
}

#[cfg(unix)]
fn stop_self() {
    use rustix::process::{Signal, getpid, kill_process};
    let _ = kill_process(getpid(), Signal::TSTP);
}

#[cfg(unix)]
fn quit_self() {
    use rustix::process::{Signal, getpid, kill_process};
    let _ = kill_process(getpid(), Signal::QUIT);
}

#[cfg(not(unix))]
fn stop_self() {}

#[cfg(not(unix))]
fn quit_self() {}

/// Keys can only be read from a terminal (console gives `Key::Unknown`
/// for ever otherwise), as dialoguer also checks.
fn terminal(term: &Term) -> io::Result<()> {
    if term.is_term() {
        Ok(())
    } else {
        Err(io::Error::new(
            io::ErrorKind::NotConnected,
            "not a terminal",
        ))
    }
}

/// Waits for Enter; other keys are ignored, control keys obeyed.
pub(super) fn wait_for_enter(term: &Term) -> io::Result<()> {
    terminal(term)?;
    let mode = KeyMode::enter();
    loop {
        let key = term.read_key()?;
        if key == Key::Enter {
            return Ok(());
        }
        if let Some(control) = control(&key) {
            obey(term, &mode, control)?;
        }
    }
}

/// A list to pick from with the arrow keys (or j and k), Enter to answer:
/// one item, or with `multiple`, the items ticked with Space. Returns the
/// indices picked, in list order. The list is cleared once answered.
pub(super) fn pick(
    term: &Term,
    theme: &dyn Theme,
    items: &[String],
    default: usize,
    multiple: bool,
) -> io::Result<Vec<usize>> {
    terminal(term)?;
    if items.is_empty() {
        return Ok(Vec::new());
    }
    let mode = KeyMode::enter();
    let mut list = List {
        term,
        mode: &mode,
        theme,
        items,
        cursor: default.min(items.len() - 1),
        ticked: vec![false; items.len()],
        drawn: 0,
    };
    term.hide_cursor()?;
    let answer = list.run(multiple);
    let _ = list.clear();
    let _ = term.show_cursor();
    let _ = term.flush();
    answer
}

struct List<'a> {
    term: &'a Term,
    mode: &'a KeyMode,
    theme: &'a dyn Theme,
    items: &'a [String],
    cursor: usize,
    ticked: Vec<bool>,
    /// Lines on screen from the last drawing.
    drawn: usize,
}

impl List<'_> {
    fn run(&mut self, multiple: bool) -> io::Result<Vec<usize>> {
        let count = self.items.len();
        loop {
            self.draw(multiple)?;
            let key = self.term.read_key()?;
            match key {
                Key::ArrowDown | Key::Tab | Key::Char('j') => {
                    self.cursor = (self.cursor + 1) % count
                }
                Key::ArrowUp | Key::BackTab | Key::Char('k') => {
                    self.cursor = (self.cursor + count - 1) % count;
                }
                Key::Home => self.cursor = 0,
                Key::End => self.cursor = count - 1,
                Key::Char(' ') if multiple => self.ticked[self.cursor] = !self.ticked[self.cursor],
                Key::Enter if multiple => {
                    return Ok((0..count).filter(|&i| self.ticked[i]).collect());
                }
                Key::Enter | Key::Char(' ') => return Ok(vec![self.cursor]),
                other => {
                    if let Some(control) = control(&other) {
                        obey(self.term, self.mode, control)?;
                        // Back from a suspension: the shell wrote below
                        // the list, so it is drawn again underneath.
                        self.drawn = 0;
                        self.term.hide_cursor()?;
                    }
                }
            }
            self.clear()?;
        }
    }

    /// The items that fit on the screen, around the cursor.
    fn window(&self) -> std::ops::Range<usize> {
        let height = usize::from(self.term.size().0).saturating_sub(2).max(3);
        let count = self.items.len();
        let start = self
            .cursor
            .saturating_sub(height - 1)
            .min(count.saturating_sub(height));
        start..count.min(start + height)
    }

    fn draw(&mut self, multiple: bool) -> io::Result<()> {
        let mut text = String::new();
        for i in self.window() {
            let mut line = String::new();
            let item = &self.items[i];
            let active = i == self.cursor;
            let _ = if multiple {
                self.theme
                    .format_multi_select_prompt_item(&mut line, item, self.ticked[i], active)
            } else {
                self.theme
                    .format_select_prompt_item(&mut line, item, active)
            };
            text.push_str(&line);
            text.push('\n');
        }
        self.drawn = text.lines().count();
        self.term.write_str(&text)?;
        self.term.flush()
    }

    fn clear(&mut self) -> io::Result<()> {
        let lines = std::mem::take(&mut self.drawn);
        self.term.clear_last_lines(lines)
    }
}
