use std::process::ExitCode;

// musl's allocator is slow under threads (see Cargo.toml).
#[cfg(target_env = "musl")]
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = onboard::cli::parse();
    match onboard::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            onboard::signals::restore_terminal();
            // Messages quote file names and content: shown, never obeyed.
            let line = err.to_string();
            if !line.is_empty() {
                let line = onboard::text::visible(&line, true);
                onboard::output::eprintln(&format!("onboard: {line}"));
            }
            ExitCode::from(err.exit_code())
        }
    }
}
