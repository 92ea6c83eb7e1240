//! The one way onboard writes to standard output and standard error.
//!
//! A reader that has gone away (`onboard audit . | head -1`) ends the
//! command quietly, with exit 0: nobody is left to tell. Any other failure
//! to write standard output is an error that says so (exit 1). Nothing here
//! panics, whatever happens to the streams.

use std::io::Write;
use std::path::Path;

use crate::error::{Error, Result};
use crate::i18n::t;

/// Writes `text` to standard output, in one go.
pub(crate) fn print(text: &str) -> Result<()> {
    let mut out = std::io::stdout().lock();
    written(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}

/// Writes `text` and a new line to standard output.
pub(crate) fn println(text: &str) -> Result<()> {
    print(&format!("{text}\n"))
}

/// Writes a whole byte buffer to standard output (man pages, completions).
pub(crate) fn print_bytes(bytes: &[u8]) -> Result<()> {
    let mut out = std::io::stdout().lock();
    written(out.write_all(bytes).and_then(|()| out.flush()))
}

/// Writes a line to standard error. A failure is not reported: standard
/// error is where it would be reported.
pub fn eprintln(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{text}");
}

fn written(result: std::io::Result<()>) -> Result<()> {
    match result {
        Ok(()) => Ok(()),
        Err(err) if err.kind() == std::io::ErrorKind::BrokenPipe => Err(Error::OutputClosed),
        Err(err) => Err(Error::file(
            t().core.cannot_write,
            Path::new(t().core.standard_output),
            err,
            t().core.hint_standard_output,
        )),
    }
}
