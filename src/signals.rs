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

/// Shows the cursor again if the terminal interface may have hidden it.
/// Writes nothing in plain mode.
pub fn restore_terminal() {
    if CURSOR_MAY_BE_HIDDEN.load(Ordering::SeqCst) {
        let _ = console::Term::stderr().show_cursor();
        let _ = console::Term::stdout().show_cursor();
    }
}

/// Starts the thread that turns SIGINT and SIGTERM into a clean exit.
pub fn install() {
    use signal_hook::consts::{SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGINT, SIGTERM]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let _guard = saving();
            restore_terminal();
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err);
            let _ = writeln!(err, "onboard: {}", t().core.interrupted);
            let code = if signal == SIGTERM { 143 } else { 130 };
            std::process::exit(code);
        }
    });
}
