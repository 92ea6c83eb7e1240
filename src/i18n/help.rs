//! English help for `--lang en`: the French help lives in the doc comments
//! of `cli.rs`; here is its English counterpart, keyed by the command path
//! and argument id. A test checks that every command and argument has one.

/// (path, text): "" is the program, "status" a command, "status.-format" an
/// argument (ids of arguments start with '-', so `--steps` and `steps` differ).
pub(crate) const EN: &[(&str, &str)] = &[
    (
        "",
        "Onboarding journey of La Fabrique numérique: vision, mission, values and manifestos, with a quiz per step. Your progress is saved after every answer: run `onboard` again to resume where you were.",
    ),
    ("-help", "Print help (-h for a summary)."),
    ("-version", "Print the version."),
    (
        "-progress",
        "Progress file (by default in your data directory).",
    ),
    (
        "-steps",
        "Content to use: a directory of steps, or a git repository (a path, a file:// address, and https:// when onboard is built with --features https).",
    ),
    (
        "-plain",
        "Line-based plain mode, without escape codes (screen readers, scripts).",
    ),
    ("-no_color", "No colour (also with the NO_COLOR variable)."),
    (
        "-templates",
        "A team's repository templates for scaffold and update: a directory laid out like templates/ (common/, github/, gitlab/, fragments/, versions.toml).",
    ),
    ("-lang", "Language of the interface and the content."),
    (
        "start",
        "Start or resume the journey (the default command).",
    ),
    ("status", "See where you stand, without any question."),
    ("status.-format", "Output format."),
    (
        "review",
        "Review the questions that are due (a few minutes).",
    ),
    ("step", "Take one step, even if already passed."),
    ("step.-id", "The step's id (see `onboard steps list`)."),
    (
        "reset",
        "Forget one step, or all progress (a .bak copy is kept).",
    ),
    (
        "reset.-id",
        "Id of the step to forget; without it, everything is forgotten.",
    ),
    ("reset.-yes", "Do not ask for confirmation."),
    ("steps", "List or check the steps' content."),
    (
        "steps.list",
        "List the steps: id, kind, title, number of questions.",
    ),
    (
        "steps.check",
        "Check a directory of steps (by default the content in use).",
    ),
    ("steps.check.-dir", "Directory to check."),
    (
        "steps.check.-strict",
        "Also refuse content that has warnings (quiz quality, typography).",
    ),
    (
        "scaffold",
        "Create an open-by-default repository, ready to publish.",
    ),
    (
        "scaffold.-path",
        "Directory to create (it must not exist, or be empty).",
    ),
    (
        "scaffold.-name",
        "Project name (by default: the directory's name).",
    ),
    ("scaffold.-description", "Short description of the project."),
    (
        "scaffold.-license",
        "Licence (SPDX id from the French administrations' list; MIT by default).",
    ),
    (
        "scaffold.-organisation",
        "Organisation that publishes the code.",
    ),
    ("scaffold.-organisation_url", "The organisation's website."),
    (
        "scaffold.-contact",
        "Contact address (security, conduct, maintenance).",
    ),
    (
        "scaffold.-repository_url",
        "Address of the repository on the forge.",
    ),
    ("scaffold.-forge", "Target forge."),
    (
        "scaffold.-author",
        "Author of the first commit: \"Name <email>\".",
    ),
    (
        "scaffold.-dry_run",
        "Print the planned files without writing anything.",
    ),
    ("scaffold.-no_git", "Do not create a git repository."),
    ("scaffold.-yes", "Ask nothing: defaults apply."),
    (
        "audit",
        "Check one or more existing repositories against the open-by-default rules.",
    ),
    (
        "audit.-path",
        "Repositories to check: one or more folders or git addresses (by default: the current folder).",
    ),
    (
        "audit.-from",
        "File that lists the repositories to check, one path or git address a line (“-”: standard input).",
    ),
    (
        "audit.-format",
        "Output format: text, json, sarif (GitHub, GitLab), or csv (the summary).",
    ),
    (
        "audit.-strict",
        "Every rule counts, the recommended ones too.",
    ),
    (
        "audit.-fix",
        "Create the missing files from scaffold's templates.",
    ),
    (
        "audit.-dry_run",
        "With --fix: print the planned files without writing anything.",
    ),
    (
        "audit.-reuse_tool",
        "Judge REUSE with the reference tool, reuse lint (installed separately).",
    ),
    (
        "audit.-name",
        "Project name (by default: the directory's name).",
    ),
    ("audit.-description", "Short description of the project."),
    (
        "audit.-license",
        "Licence (SPDX id from the French administrations' list; MIT by default).",
    ),
    (
        "audit.-organisation",
        "Organisation that publishes the code.",
    ),
    ("audit.-organisation_url", "The organisation's website."),
    (
        "audit.-contact",
        "Contact address (security, conduct, maintenance).",
    ),
    (
        "audit.-repository_url",
        "Address of the repository on the forge.",
    ),
    ("audit.-forge", "Target forge."),
    ("audit.-yes", "Ask nothing: defaults apply."),
    ("report", "Report of the journey, for your mentor."),
    ("report.-format", "Report format."),
    (
        "report.-output",
        "File to write the report to (otherwise, or with “-”, standard output).",
    ),
    (
        "report.-force",
        "Replace an existing file that is not an onboard report (a .bak copy is kept).",
    ),
    (
        "report.-no_reflections",
        "Leave your answers to the reflection questions out of the report.",
    ),
    (
        "report.-reflections",
        "Put your answers to the reflection questions in the report, without asking.",
    ),
    (
        "report.-sign",
        "Sign the report with your SSH key (by default git's user.signingkey, else ~/.ssh/id_ed25519): the signature goes to <FILE>.sig.",
    ),
    (
        "feedback",
        "Suggest an improvement to a step: a link to a new issue, already filled in.",
    ),
    (
        "feedback.-id",
        "The step's id (otherwise, the last one started).",
    ),
    (
        "feedback.-question",
        "Number of the question concerned (1 for the first).",
    ),
    (
        "feedback.-open",
        "Open the link in the browser, if there is one.",
    ),
    (
        "cohort",
        "Read a cohort's reports together: who is where, what is missed, what changed.",
    ),
    (
        "cohort.-source",
        "Folder of reports (*.json, each with its .sig when signed), or a git repository (a path, a file:// address, and https:// when onboard is built with --features https).",
    ),
    ("cohort.-format", "Output format."),
    (
        "cohort.-allowed_signers",
        "OpenSSH allowed_signers file: the reports' signatures are verified with it.",
    ),
    (
        "cohort.-output",
        "File to write to (otherwise, or with “-”, standard output).",
    ),
    (
        "cohort.-force",
        "Replace an existing file that onboard did not write (a .bak copy is kept).",
    ),
    ("completions", "Completions for your shell."),
    ("completions.-shell", "The target shell."),
    ("man", "Manual page (roff) on standard output."),
    (
        "doctor",
        "Check your setup, and say how to fix each problem.",
    ),
    ("doctor.-format", "Output format."),
    (
        "update",
        "Bring a repository made by scaffold up to the templates, keeping the team's edits.",
    ),
    ("update.-path", "Repository to update (its root directory)."),
    (
        "update.-dry_run",
        "Print what would happen to each file, without writing anything.",
    ),
    (
        "update.-yes",
        "Ask nothing: new questions take their default value.",
    ),
    (
        "update.-commit",
        "Make the merge commit (unless there is a conflict).",
    ),
    (
        "update.-base",
        "Base commit: the files as onboard wrote them (found on its own otherwise).",
    ),
    (
        "update.-author",
        "Author of the commits: \"Name <email>\" (otherwise git's configuration).",
    ),
];

pub(crate) const EN_EXAMPLES: &str = "\
Examples:
  onboard                          start or resume the journey
  onboard status                   see where you stand
  onboard review                   review the questions that are due
  onboard step ouverture-par-defaut
                                   redo one step
  onboard --plain < answers.txt    plain journey (screen reader, script)
  onboard scaffold my-project      create an open-by-default repository
  onboard audit .                  check an existing repository
  onboard report --output report.md
                                   report for your mentor";

/// The English text for `path`.
pub(crate) fn en(path: &str) -> Option<&'static str> {
    EN.iter().find(|(p, _)| *p == path).map(|(_, text)| *text)
}

/// Placeholders of values in the help, in English (`None`: keep as it is).
pub(crate) fn en_value_name(french: &str) -> Option<&'static str> {
    match french {
        "FICHIER" => Some("FILE"),
        "DOSSIER" => Some("DIR"),
        "LANGUE" => Some("LANGUAGE"),
        "CHEMIN" => Some("PATH"),
        "NOM <EMAIL>" => Some("NAME <EMAIL>"),
        "CLÉ" => Some("KEY"),
        _ => None,
    }
}
