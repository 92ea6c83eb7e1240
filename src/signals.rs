//! Ctrl-C and SIGTERM: keep the progress, restore the terminal, say how to
//! resume, and exit with 130 or 143.
//!
//! Saves hold [`saving`] while they write, and the signal thread takes it
//! before exiting, so the process never stops half-way through a save.

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

use crate::i18n::t;

static SAVING: Mutex<()> = Mutex::new(());
static CURSOR_MAY_BE_HIDDEN: AtomicBool = AtomicBool::new(false);

/// Held by whoever writes the progress file.
pub fn saving() -> MutexGuard<'static, ()> {
    SAVING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The terminal interface calls this, so that an interruption shows the cursor again.
pub fn terminal_in_use() {
    CURSOR_MAY_BE_HIDDEN.store(true, Ordering::SeqCst);
}

/// Set inside the signal handlers themselves, so that they are known before
/// an interrupted read returns to the main thread.
static TERM_RECEIVED: AtomicBool = AtomicBool::new(false);
static INT_RECEIVED: AtomicBool = AtomicBool::new(false);
/// Held by whoever is exiting because of a signal: only one thread does.
static EXITING: Mutex<()> = Mutex::new(());

/// How long the signal thread lets the main thread leave a terminal read.
const MAIN_THREAD_GRACE: std::time::Duration = std::time::Duration::from_secs(1);

/// Called after each save: a signal that arrived during the save ends the
/// process now, in the main thread, rather than at the next prompt.
pub fn exit_if_signalled() {
    if TERM_RECEIVED.load(Ordering::SeqCst) || INT_RECEIVED.load(Ordering::SeqCst) {
        terminate();
    }
}

/// Called on the way out with an error, before the message: shows the
/// cursor again if the terminal interface may have hidden it (nothing is
/// written in plain mode).
///
/// When the error comes from a signal, the exit is the signal's, and this
/// does not return. A terminal read interrupted by SIGTERM returns to the
/// main thread as "interrupted", possibly before the signal thread runs; and
/// the console crate then raises SIGINT, taking the interruption for Ctrl-C.
/// So SIGTERM wins over SIGINT, whichever thread gets here first: 143.
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
/// resume, and exits: 143 after SIGTERM, else 130.
fn terminate() -> ! {
    let _exiting = EXITING
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let _guard = saving();
    show_cursor();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err);
    let _ = writeln!(err, "onboard: {}", t().core.interrupted);
    let code = if TERM_RECEIVED.load(Ordering::SeqCst) {
        143
    } else {
        130
    };
    std::process::exit(code);
}

/// Starts the thread that turns SIGINT and SIGTERM into a clean exit.
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    static INSTALLED: std::sync::Once = std::sync::Once::new();
    INSTALLED.call_once(|| {
        // The flags first: the handlers run in the order they were added,
        // so a flag is set before the signal thread hears of its signal.
        let _ = signal_hook::flag::register(SIGTERM, &TERM_RECEIVED);
        let _ = signal_hook::flag::register(SIGINT, &INT_RECEIVED);
        let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
            return;
        };
        std::thread::spawn(move || {
            if signals.forever().next().is_some() {
                if CURSOR_MAY_BE_HIDDEN.load(Ordering::SeqCst) {
                    // The terminal interface may be in the middle of a raw
                    // read. The signal interrupts it in the main thread,
                    // which puts the terminal back in line mode on its way
                    // out and exits through `restore_terminal`: give it
                    // the time, or the shell is left without echo.
                    std::thread::sleep(MAIN_THREAD_GRACE);
                }
                terminate();
            }
        });
    });
}
