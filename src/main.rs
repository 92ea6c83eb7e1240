use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = onboard::cli::parse();
    match onboard::commands::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            onboard::signals::restore_terminal();
            let line = err.to_string();
            if !line.is_empty() {
                onboard::output::eprintln(&format!("onboard: {line}"));
            }
            ExitCode::from(err.exit_code())
        }
    }
}
