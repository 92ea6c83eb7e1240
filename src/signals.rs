//! Ctrl-C, SIGTERM, SIGHUP and SIGQUIT: keep the progress, restore the
//! terminal, say how to resume, and exit with 128 + the signal's number
//! (130 for Ctrl-C, 143, 129, 131).
//!
//! Saves through a guard: whoever writes something that must not be left
//! half-done (the progress file, a scaffolded repository) first takes a
//! [`SaveGuard`] with [`hold`], and keeps it for exactly the duration of
//! the write. The signal thread takes the same lock before exiting, so the
//! process never stops half-way through a save: a signal that arrives
//! meanwhile waits.
//!
//! When the guard is dropped, the save is complete, and the guard applies a
//! signal received meanwhile: it ends the process (143 after SIGTERM, else
//! 130) in the thread that saved, before that thread reaches its next prompt
//! (where a terminal may already be in raw mode). So persistence code never
//! controls the process itself: it only says how long a save lasts.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::i18n::t;

static SAVING: Mutex<()> = Mutex::new(());
static CURSOR_MAY_BE_HIDDEN: AtomicBool = AtomicBool::new(false);

/// A save in progress: see the module documentation.
///
/// **Dropping it may end the process**: if SIGINT or SIGTERM arrived while
/// it was held, `drop` restores the terminal, says how to resume, and calls
/// [`std::process::exit`] (143 after SIGTERM, else 130), so destructors of
/// the caller's other values do not run. It does not exit while the thread
/// is unwinding from a panic (the panic goes on, and the signal thread
/// exits once the lock is free). Hold it only around the write itself.
#[must_use = "the save is only protected while the guard is held"]
pub(crate) struct SaveGuard {
    lock: Option<MutexGuard<'static, ()>>,
}

/// Takes the save lock, waiting for another save (or for the signal
/// thread's exit) to finish.
pub(crate) fn hold() -> SaveGuard {
    SaveGuard {
        lock: Some(lock_saving()),
    }
}

impl Drop for SaveGuard {
    fn drop(&mut self) {
        // Released first: `terminate` takes the lock again.
        drop(self.lock.take());
        if !std::thread::panicking() {
            exit_if_signalled();
        }
    }
}

fn lock_saving() -> MutexGuard<'static, ()> {
    SAVING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The terminal's settings from before a prompt put it in key mode (see
/// `ui::keys`), put back on the way out whichever thread exits.
#[cfg(unix)]
static LINE_MODE: Mutex<Option<rustix::termios::Termios>> = Mutex::new(None);

/// Remembers the settings to put back on an exit by signal (`None` once
/// they are back).
#[cfg(unix)]
pub(crate) fn remember_line_mode(mode: Option<rustix::termios::Termios>) {
    *LINE_MODE.lock().unwrap_or_else(|p| p.into_inner()) = mode;
}

#[cfg(unix)]
fn restore_line_mode() {
    let mode = LINE_MODE.lock().unwrap_or_else(|p| p.into_inner()).take();
    if let Some(mode) = mode {
        use rustix::termios::{OptionalActions, tcsetattr};
        let _ = tcsetattr(std::io::stdin(), OptionalActions::Drain, &mode);
    }
}

#[cfg(not(unix))]
fn restore_line_mode() {}

/// The terminal interface calls this, so that an interruption shows the cursor again.
pub(crate) fn terminal_in_use() {
    CURSOR_MAY_BE_HIDDEN.store(true, Ordering::SeqCst);
}

/// Set inside the signal handlers themselves, so that they are known before
/// an interrupted read returns to the main thread.
static TERM_RECEIVED: AtomicBool = AtomicBool::new(false);
static INT_RECEIVED: AtomicBool = AtomicBool::new(false);
static HUP_RECEIVED: AtomicBool = AtomicBool::new(false);
static QUIT_RECEIVED: AtomicBool = AtomicBool::new(false);
/// What [`terminate`] says, when not the journey's "progress is kept".
static MESSAGE: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();

/// Sets what an interruption says (scaffold: nothing was created).
pub(crate) fn on_interruption_say(message: &'static str) {
    let _ = MESSAGE.set(message);
}

/// Held by whoever is exiting because of a signal: only one thread does.
static EXITING: Mutex<()> = Mutex::new(());

/// How long the signal thread lets the main thread leave a terminal read.
const MAIN_THREAD_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Ends the process if a signal arrived: called when a [`SaveGuard`] is
/// dropped, and on the way out with an error.
fn exit_if_signalled() {
    if exit_code().is_some() {
        terminate();
    }
}

/// The exit code of the signal received, if any: 128 + its number. Any
/// other signal wins over SIGINT, which the console crate raises itself
/// when a read is interrupted (see [`restore_terminal`]).
fn exit_code() -> Option<i32> {
    [
        (&HUP_RECEIVED, 129),
        (&QUIT_RECEIVED, 131),
        (&TERM_RECEIVED, 143),
        (&INT_RECEIVED, 130),
    ]
    .into_iter()
    .find(|(flag, _)| flag.load(Ordering::SeqCst))
    .map(|(_, code)| code)
}

/// Called on the way out with an error, before the message: shows the
/// cursor again if the terminal interface may have hidden it (nothing is
/// written in plain mode).
///
/// When the error comes from a signal, the exit is the signal's, and this
/// does not return. A terminal read interrupted by SIGTERM returns to the
/// main thread as "interrupted", possibly before the signal thread runs; and
/// the console crate then raises SIGINT, taking the interruption for Ctrl-C.
/// So SIGTERM (or SIGHUP, SIGQUIT) wins over SIGINT, whichever thread gets
/// here first: 143 (129, 131).
pub fn restore_terminal() {
    exit_if_signalled();
    show_cursor();
}

fn show_cursor() {
    if CURSOR_MAY_BE_HIDDEN.load(Ordering::SeqCst) {
        let _ = console::Term::stderr().show_cursor();
        let _ = console::Term::stdout().show_cursor();
    }
}

/// Waits for a save in progress, restores the terminal, says how to
/// resume, and exits with the signal's code (see [`exit_code`]).
fn terminate() -> ! {
    let _exiting = EXITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let _saving = lock_saving();
    restore_line_mode();
    show_cursor();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err);
    let message = MESSAGE.get().copied().unwrap_or(t().core.interrupted);
    let _ = writeln!(err, "onboard: {message}");
    std::process::exit(exit_code().unwrap_or(130));
}

/// Starts the thread that turns SIGINT, SIGTERM, SIGHUP and SIGQUIT into a
/// clean exit. The thread is started first: when it cannot be (too many
/// processes for the user, `ulimit -u`), no handler is installed, and the
/// signals keep the system's default action rather than being caught by
/// nobody. Atomic writes still leave the old file or the new one.
#[cfg(unix)]
pub(crate) fn install() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    use signal_hook::iterator::Signals;
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let (tx, rx) = std::sync::mpsc::channel::<Signals>();
        let spawned = std::thread::Builder::new()
            .name("signals".to_string())
            .spawn(move || {
                if let Ok(mut signals) = rx.recv()
                    && signals.forever().next().is_some()
                {
                    after_signal();
                }
            });
        if spawned.is_err() {
            return;
        }
        // A signal ignored by whoever started onboard (`nohup` ignores
        // SIGHUP, a shell's `&` SIGINT) stays ignored.
        let ignored = ignored_at_start();
        // The flags first: the handlers run in the order they were added,
        // so a flag is set before the signal thread hears of its signal.
        for (signal, flag) in [
            (SIGTERM, &TERM_RECEIVED),
            (SIGINT, &INT_RECEIVED),
            (SIGHUP, &HUP_RECEIVED),
            (SIGQUIT, &QUIT_RECEIVED),
        ]
        .into_iter()
        .filter(|&(signal, _)| !ignored.contains(&signal))
        {
            let _ = signal_hook::flag::register(signal, flag);
        }
        let handled = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
            .into_iter()
            .filter(|signal| !ignored.contains(signal));
        // On failure the sender is dropped, and the thread ends.
        if let Ok(signals) = Signals::new(handled) {
            let _ = tx.send(signals);
        }
    });
}

/// The signals this process ignores, as Linux says in /proc/self/status
/// (`SigIgn`, a mask: bit n-1 for signal n); elsewhere, none are known.
/// Read before any handler is installed, they are those it was started
/// with (`nohup`, a shell's `&`). Public for the tests that send signals.
#[cfg(unix)]
pub fn ignored_at_start() -> Vec<i32> {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let mask = status
        .lines()
        .find_map(|line| line.strip_prefix("SigIgn:"))
        .and_then(|hex| u64::from_str_radix(hex.trim(), 16).ok())
        .unwrap_or(0);
    (1..=64).filter(|n| mask & (1 << (n - 1)) != 0).collect()
}

/// Windows has no signals: Ctrl-C and Ctrl-Break reach the console control
/// handler, which the `ctrlc` crate runs in a thread of its own. The same
/// promise holds: a save in progress ends first, then 130. Closing the
/// console window reaches the same handler, but Windows ends the process as
/// soon as the crate's handler has returned, without waiting for the save:
/// atomic writes still leave the old file or the new one.
#[cfg(windows)]
pub(crate) fn install() {
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        let _ = ctrlc::set_handler(|| {
            INT_RECEIVED.store(true, Ordering::SeqCst);
            after_signal();
        });
    });
}

/// In the signal thread, once a signal has arrived.
fn after_signal() {
    if CURSOR_MAY_BE_HIDDEN.load(Ordering::SeqCst) {
        // The terminal interface may be in the middle of a raw read. The
        // signal interrupts it in the main thread, which puts the terminal
        // back in line mode on its way out and exits through
        // `restore_terminal`: give it the time, or the shell is left
        // without echo.
        std::thread::sleep(MAIN_THREAD_GRACE);
    }
    terminate();
}

#[cfg(test)]
mod tests {
    use super::*;

    const CHILD: &str = "ONBOARD_TEST_SAVE_GUARD_CHILD";

    /// Runs in a child process (the flags are process-wide): a guard dropped
    /// while unwinding lets the panic go on; a guard dropped normally ends
    /// the process with the signal's code.
    #[test]
    fn a_guard_applies_the_signal_when_dropped_but_not_while_unwinding() {
        if std::env::var_os(CHILD).is_some() {
            INT_RECEIVED.store(true, Ordering::SeqCst);
            let unwound = std::panic::catch_unwind(|| {
                let _saving = hold();
                panic!("while saving");
            });
            assert!(unwound.is_err());
            println!("survived the unwinding");
            TERM_RECEIVED.store(true, Ordering::SeqCst);
            drop(hold());
            println!("survived the drop");
            return;
        }
        let out = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "signals::tests::a_guard_applies_the_signal_when_dropped_but_not_while_unwinding",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(CHILD, "1")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(stdout.contains("survived the unwinding"), "{stdout}");
        assert!(!stdout.contains("survived the drop"), "{stdout}");
        assert_eq!(out.status.code(), Some(143), "{stdout}");
    }
}
