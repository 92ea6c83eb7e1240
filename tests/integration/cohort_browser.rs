//! The cohort's HTML page in headless Chromium (Debian's package, installed
//! by .ci/apt): it renders with no console message (its
//! Content-Security-Policy turns any request into one), its text has each
//! recruit's name and the most-missed question, and a screenshot is kept as
//! target/cohort-screenshot.png for CI's artefacts.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::cohort::{cohort_cmd, known_cohort, run_ok};
use crate::common::Env;

/// Chromium, or `None` (with a loud message) when it is missing outside CI.
fn chromium() -> Option<String> {
    for name in ["chromium", "chromium-browser", "google-chrome"] {
        if Command::new(name)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
        {
            return Some(name.to_string());
        }
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "Chromium is missing in CI: .ci/apt installs it"
    );
    eprintln!("SKIPPED: Chromium is missing (Debian: apt-get install chromium)");
    None
}

/// Runs Chromium headless on `page` with `action` (`--dump-dom`,
/// `--screenshot=…`): its standard output, and its console messages.
fn open(browser: &str, env: &Env, page: &Path, action: &[String]) -> (String, Vec<String>) {
    let profile = env.path(&format!(
        "profile-{}",
        action.len() + page.as_os_str().len()
    ));
    let out = Command::new("timeout")
        .arg("120")
        .arg(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-extensions",
            "--disable-background-networking",
            "--disable-component-update",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1280,2000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(action)
        .arg(format!("file://{}", page.display()))
        .output()
        .expect("chromium");
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let console = String::from_utf8_lossy(&out.stderr)
        .lines()
        .filter(|l| l.contains(":CONSOLE"))
        .map(str::to_string)
        .collect();
    (String::from_utf8_lossy(&out.stdout).into_owned(), console)
}

/// Text of a serialised DOM, with the entities Chromium writes back.
fn dom_text(dom: &str) -> String {
    dom.replace("&nbsp;", "\u{a0}")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn the_page_renders_offline_without_console_errors() {
    let Some(browser) = chromium() else {
        return;
    };
    let env = Env::new();
    let dir = env.path("reports");
    let content = known_cohort(&dir);
    let page = env.path("cohort.html");
    let mut cmd = cohort_cmd(&env, &dir, "html");
    cmd.arg("--output").arg(&page);
    run_ok(cmd);
    let html = fs::read_to_string(&page).unwrap();
    // Nothing to fetch, nothing to run.
    for needle in ["<script", "src=", "href=", "url(", "@import"] {
        assert!(!html.contains(needle), "{needle} in the page");
    }
    assert!(html.contains("<html lang=\"fr\">"));

    // The check sees a request when there is one: a page under the same
    // policy that asks for an image gets a console message.
    let control = env.path("control.html");
    let policy = html
        .lines()
        .find(|l| l.contains("Content-Security-Policy"))
        .unwrap();
    fs::write(
        &control,
        format!("<!DOCTYPE html><html lang=\"fr\"><head>{policy}<title>t</title></head><body><img src=\"http://192.0.2.1/x.png\" alt=\"\"></body></html>"),
    )
    .unwrap();
    let (_, console) = open(&browser, &env, &control, &["--dump-dom".into()]);
    assert!(
        console.iter().any(|l| l.contains("192.0.2.1")),
        "the control page's request was not seen: {console:?}"
    );

    let (dom, console) = open(&browser, &env, &page, &["--dump-dom".into()]);
    assert!(console.is_empty(), "console messages: {console:?}");
    let text = dom_text(&dom);
    for name in [
        "Camille Martin",
        "Dominique Petit",
        "Sacha Bernard",
        "Alex Leroy",
    ] {
        assert!(text.contains(name), "{name} missing from the page");
    }
    let most_missed = content.steps[0].questions[0].prompt.trim();
    assert!(
        text.contains(most_missed),
        "the most-missed question is not in the page"
    );
    assert!(text.contains("<h1>Cohorte</h1>") && text.contains("<h2 id=\"missed\">"));
    assert!(text.contains("role=\"img\"") && text.contains("<desc id=\"chart-missed-desc\">"));

    let shot = screenshot_path();
    let _ = fs::remove_file(&shot);
    let (_, console) = open(
        &browser,
        &env,
        &page,
        &[format!("--screenshot={}", shot.display())],
    );
    assert!(console.is_empty(), "console messages: {console:?}");
    let png = fs::read(&shot).expect("the screenshot");
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}

/// target/cohort-screenshot.png (or under CARGO_TARGET_DIR).
fn screenshot_path() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    let target = if target.is_absolute() {
        target
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join(target)
    };
    fs::create_dir_all(&target).unwrap();
    target.join("cohort-screenshot.png")
}
