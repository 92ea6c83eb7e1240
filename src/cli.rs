//! Command-line types only: parsing is clap's job, running is `commands`'.

use std::path::PathBuf;

use crate::i18n::Lang;
use crate::policy::Forge;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Exemples :
  onboard                          commencer ou reprendre le parcours
  onboard status                   voir où tu en es
  onboard review                   revoir les questions dont c'est le tour
  onboard step ouverture-par-defaut
                                   refaire une étape précise
  onboard --plain < reponses.txt   parcours en mode texte (lecteur d'écran, script)
  onboard scaffold mon-projet      créer un dépôt ouvert par défaut
  onboard audit .                  vérifier un dépôt existant
  onboard report --output rapport.md
                                   rapport pour ta ou ton mentor";

// The command line: the top-level options, then at most one command. (No
// doc comment: it would be the top level's help, which is `Root`'s.)
#[derive(Debug, Parser)]
#[command(name = "onboard")]
pub struct Cli {
    #[command(flatten)]
    pub root: Root,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Parcours d'accueil de la Fabrique numérique : vision, mission, valeurs et
/// manifestes, avec un quiz par étape. Ta progression est gardée après chaque
/// réponse : relance `onboard` pour reprendre là où tu en étais.
//
// The top-level command's settings and options live here, not on `Cli`, so
// that `parse` can build the top level without its fifteen commands.
#[derive(Debug, Args)]
#[command(
    version,
    after_help = EXAMPLES,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_value_name = "COMMANDE",
    override_usage = "onboard [OPTIONS] [COMMANDE]"
)]
#[group(skip)]
pub struct Root {
    /// Afficher l'aide (-h pour un résumé).
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// Afficher la version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(flatten)]
    pub global: Global,
}

/// Options valables pour toutes les commandes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Fichier de progression (par défaut dans ton dossier de données).
    #[arg(long, global = true, env = "ONBOARD_PROGRESS", value_name = "FICHIER")]
    pub progress: Option<PathBuf>,

    /// Contenu à utiliser : un dossier d'étapes, ou un dépôt git (un chemin, une adresse file://, et https:// si onboard est compilé avec --features https).
    #[arg(long, global = true, env = "ONBOARD_STEPS", value_name = "DOSSIER")]
    pub steps: Option<String>,

    /// Modèles de dépôt d'une équipe pour scaffold et update : un dossier organisé comme templates/ (common/, github/, gitlab/, fragments/, versions.toml).
    #[arg(long, global = true, env = "ONBOARD_TEMPLATES", value_name = "DOSSIER")]
    pub templates: Option<PathBuf>,

    /// Mode texte ligne à ligne, sans codes d'échappement (lecteurs d'écran, scripts).
    #[arg(long, global = true)]
    pub plain: bool,

    /// Pas de couleur (aussi avec la variable NO_COLOR).
    #[arg(long, global = true)]
    pub no_color: bool,

    /// Langue de l'interface et du contenu.
    #[arg(
        long,
        global = true,
        env = "ONBOARD_LANG",
        value_name = "LANGUE",
        default_value = "fr"
    )]
    pub lang: LangArg,
}

/// `--lang`'s values; the rest of the program uses [`Lang`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    /// Français
    Fr,
    /// English
    En,
}

impl From<LangArg> for Lang {
    fn from(arg: LangArg) -> Lang {
        match arg {
            LangArg::Fr => Lang::Fr,
            LangArg::En => Lang::En,
        }
    }
}

// The commands. Each one's options are a struct of their own (none for
// `start`, `review` and `man`), so that `parse` can build one command
// without the others; `SUBCOMMANDS` lists them by name. (No doc comment: it
// would become the top level's help.)
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Commencer ou reprendre le parcours (commande par défaut).
    Start,
    /// Voir où tu en es, sans rien demander.
    Status(StatusArgs),
    /// Revoir les questions dont c'est le tour (quelques minutes).
    Review,
    /// Faire une étape précise, même déjà réussie.
    Step(StepArgs),
    /// Oublier une étape, ou toute la progression (une copie .bak est gardée).
    Reset(ResetArgs),
    /// Lister ou vérifier le contenu des étapes.
    Steps(StepsArgs),
    /// Créer un dépôt ouvert par défaut, prêt à publier.
    Scaffold(ScaffoldArgs),
    /// Vérifier un ou plusieurs dépôts existants avec les règles de l'ouverture par défaut.
    Audit(AuditArgs),
    /// Rapport du parcours, pour ta ou ton mentor.
    Report(ReportArgs),
    /// Proposer une amélioration d'une étape : un lien vers un nouveau ticket déjà rempli.
    Feedback(FeedbackArgs),
    /// Lire ensemble les rapports d'une cohorte : qui en est où, ce qui est manqué, ce qui a changé.
    Cohort(CohortArgs),
    /// Complétions pour ton shell.
    Completions(CompletionsArgs),
    /// Page de manuel (format roff) sur la sortie standard.
    Man,
    /// Mettre un dépôt créé par scaffold à jour des modèles, en gardant les modifications de l'équipe.
    Update(UpdateArgs),
    /// Vérifier ton installation et dire comment corriger chaque problème.
    Doctor(DoctorArgs),
}

/// Each command by name, with what adds its options to a bare
/// `clap::Command` of that name: [`parse`] builds only the one asked for.
/// A test holds it to the derived [`Command`].
pub(crate) const SUBCOMMANDS: &[(&str, AddOptions)] = &[
    ("start", no_options),
    ("status", StatusArgs::augment_args),
    ("review", no_options),
    ("step", StepArgs::augment_args),
    ("reset", ResetArgs::augment_args),
    ("steps", StepsArgs::augment_args),
    ("scaffold", ScaffoldArgs::augment_args),
    ("audit", AuditArgs::augment_args),
    ("report", ReportArgs::augment_args),
    ("feedback", FeedbackArgs::augment_args),
    ("cohort", CohortArgs::augment_args),
    ("completions", CompletionsArgs::augment_args),
    ("man", no_options),
    ("update", UpdateArgs::augment_args),
    ("doctor", DoctorArgs::augment_args),
];

/// What adds a command's options to it (clap's `Args::augment_args`).
pub(crate) type AddOptions = fn(clap::Command) -> clap::Command;

fn no_options(command: clap::Command) -> clap::Command {
    command
}

// The options of each command. No doc comments on the structs: a struct's
// doc comment would replace the command's help.

#[derive(Debug, Clone, Args)]
pub struct StatusArgs {
    /// Format de sortie.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

#[derive(Debug, Clone, Args)]
pub struct StepArgs {
    /// Identifiant de l'étape (voir `onboard steps list`).
    #[arg(value_name = "ID")]
    pub id: String,
}

#[derive(Debug, Clone, Args)]
pub struct ResetArgs {
    /// Identifiant de l'étape à oublier ; sans lui, tout est oublié.
    pub id: Option<String>,
    /// Ne pas demander de confirmation.
    #[arg(long, short)]
    pub yes: bool,
}

#[derive(Debug, Clone, Args)]
pub struct StepsArgs {
    #[command(subcommand)]
    pub command: StepsCommand,
}

#[derive(Debug, Clone, Args)]
pub struct AuditArgs {
    /// Dépôts à vérifier : un ou plusieurs dossiers ou adresses git (par défaut : le dossier courant).
    #[arg(value_name = "CHEMIN")]
    pub path: Vec<PathBuf>,
    /// Fichier qui liste les dépôts à vérifier, un chemin ou une adresse git par ligne (« - » : l'entrée standard).
    #[arg(long, value_name = "FICHIER")]
    pub from: Option<PathBuf>,
    /// Format de sortie : text, json, sarif (GitHub, GitLab), ou csv (la synthèse).
    #[arg(long, value_enum, default_value = "text")]
    pub format: AuditFormat,
    /// Toutes les règles comptent, les conseillées aussi.
    #[arg(long)]
    pub strict: bool,
    /// Créer les fichiers manquants à partir des modèles de scaffold.
    #[arg(long, conflicts_with = "format")]
    pub fix: bool,
    /// Avec --fix : afficher les fichiers prévus sans rien écrire.
    #[arg(long, requires = "fix")]
    pub dry_run: bool,
    /// Juger REUSE avec l'outil de référence « reuse lint » (installé à part).
    #[arg(long)]
    pub reuse_tool: bool,
    #[command(flatten)]
    pub answers: AnswerArgs,
}

#[derive(Debug, Clone, Args)]
pub struct ReportArgs {
    /// Format du rapport.
    #[arg(long, value_enum, default_value = "md")]
    pub format: MdOrJson,
    /// Fichier où écrire le rapport (sinon, ou avec « - », la sortie standard).
    #[arg(long, short, value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Remplacer un fichier existant qui n'est pas un rapport d'onboard (une copie .bak est gardée).
    #[arg(long)]
    pub force: bool,
    /// Laisser hors du rapport tes réponses aux questions de réflexion.
    #[arg(long)]
    pub no_reflections: bool,
    /// Mettre dans le rapport tes réponses aux questions de réflexion, sans le demander.
    #[arg(long, conflicts_with = "no_reflections")]
    pub reflections: bool,
    /// Signer le rapport avec ta clé SSH (par défaut celle de git user.signingkey, sinon ~/.ssh/id_ed25519) : la signature va dans <FICHIER>.sig.
    #[arg(long, value_name = "CLÉ", num_args = 0..=1)]
    pub sign: Option<Option<PathBuf>>,
}

#[derive(Debug, Clone, Args)]
pub struct FeedbackArgs {
    /// Identifiant de l'étape (sinon, la dernière commencée).
    #[arg(value_name = "ID")]
    pub id: Option<String>,
    /// Numéro de la question concernée (1 pour la première).
    #[arg(long, value_name = "N")]
    pub question: Option<usize>,
    /// Ouvrir le lien dans le navigateur, s'il y en a un.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// Le shell visé.
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Clone, Args)]
pub struct DoctorArgs {
    /// Format de sortie.
    #[arg(long, value_enum, default_value = "text")]
    pub format: TextOrJson,
}

#[derive(Debug, Clone, Subcommand)]
pub enum StepsCommand {
    /// Lister les étapes : identifiant, type, titre, nombre de questions.
    List,
    /// Vérifier un dossier d'étapes (par défaut le contenu utilisé).
    Check {
        /// Dossier à vérifier.
        #[arg(value_name = "DOSSIER")]
        dir: Option<PathBuf>,
        /// Refuser aussi le contenu qui a des avertissements (qualité du quiz, typographie).
        #[arg(long)]
        strict: bool,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum AuditFormat {
    Text,
    Json,
    Sarif,
    /// The summary of many repositories, one row each.
    Csv,
}

/// Options de `onboard cohort`.
#[derive(Debug, Clone, Args)]
pub struct CohortArgs {
    /// Dossier des rapports (*.json, chacun avec son .sig s'il est signé), ou dépôt git (un chemin, une adresse file://, et https:// si onboard est compilé avec --features https).
    #[arg(value_name = "SOURCE")]
    pub source: String,
    /// Format de sortie.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CohortFormat,
    /// Fichier allowed_signers d'OpenSSH : les signatures des rapports sont vérifiées avec lui.
    #[arg(long, value_name = "FICHIER")]
    pub allowed_signers: Option<PathBuf>,
    /// Fichier où écrire (sinon, ou avec « - », la sortie standard).
    #[arg(long, short, value_name = "FICHIER")]
    pub output: Option<PathBuf>,
    /// Remplacer un fichier existant qu'onboard n'a pas écrit (une copie .bak est gardée).
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CohortFormat {
    Text,
    Markdown,
    Json,
    Csv,
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MdOrJson {
    Md,
    Json,
}

/// `--forge`'s values; the rest of the program uses [`Forge`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ForgeArg {
    Github,
    Gitlab,
}

impl From<ForgeArg> for Forge {
    fn from(arg: ForgeArg) -> Forge {
        match arg {
            ForgeArg::Github => Forge::Github,
            ForgeArg::Gitlab => Forge::Gitlab,
        }
    }
}

/// Options de `onboard scaffold`. Ce qui manque est demandé, sauf avec --yes.
#[derive(Debug, Clone, Args)]
pub struct ScaffoldArgs {
    /// Dossier à créer (il ne doit pas exister, ou être vide).
    #[arg(value_name = "CHEMIN")]
    pub path: PathBuf,
    #[command(flatten)]
    pub answers: AnswerArgs,
    /// Auteur ou autrice du premier commit : "Nom <email>".
    #[arg(long, value_name = "NOM <EMAIL>")]
    pub author: Option<String>,
    /// Afficher les fichiers prévus sans rien écrire.
    #[arg(long)]
    pub dry_run: bool,
    /// Ne pas créer de dépôt git.
    #[arg(long)]
    pub no_git: bool,
}

/// Options de `onboard update`.
#[derive(Debug, Clone, Args)]
pub struct UpdateArgs {
    /// Dépôt à mettre à jour (son dossier racine).
    #[arg(default_value = ".", value_name = "CHEMIN")]
    pub path: PathBuf,
    /// Afficher ce qui arriverait à chaque fichier, sans rien écrire.
    #[arg(long)]
    pub dry_run: bool,
    /// Ne rien demander : les nouvelles questions prennent leur valeur par défaut.
    #[arg(long, short)]
    pub yes: bool,
    /// Faire le commit de fusion (sauf en cas de conflit).
    #[arg(long)]
    pub commit: bool,
    /// Commit de base : les fichiers tels qu'onboard les a écrits (trouvé tout seul sinon).
    #[arg(long, value_name = "COMMIT")]
    pub base: Option<String>,
    /// Auteur ou autrice des commits : "Nom <email>" (sinon la configuration git).
    #[arg(long, value_name = "NOM <EMAIL>")]
    pub author: Option<String>,
}

/// Les réponses dont les fichiers sont faits, pour `scaffold` et `audit --fix`.
#[derive(Debug, Clone, Args)]
pub struct AnswerArgs {
    /// Nom du projet (par défaut : le nom du dossier).
    #[arg(long)]
    pub name: Option<String>,
    /// Description courte du projet.
    #[arg(long)]
    pub description: Option<String>,
    /// Licence (identifiant SPDX de la liste des administrations ; MIT par défaut).
    #[arg(long, value_name = "SPDX")]
    pub license: Option<String>,
    /// Organisation qui publie le code.
    #[arg(long)]
    pub organisation: Option<String>,
    /// Site web de l'organisation.
    #[arg(long, value_name = "URL")]
    pub organisation_url: Option<String>,
    /// Adresse de contact (sécurité, conduite, maintenance).
    #[arg(long, value_name = "EMAIL")]
    pub contact: Option<String>,
    /// Adresse du dépôt sur la forge.
    #[arg(long, value_name = "URL")]
    pub repository_url: Option<String>,
    /// Forge visée.
    #[arg(long, value_enum)]
    pub forge: Option<ForgeArg>,
    /// Ne rien demander : les valeurs par défaut s'appliquent.
    #[arg(long, short)]
    pub yes: bool,
}

/// Parses the process's arguments, with help in the language asked for
/// (`--lang` or `ONBOARD_LANG`); exits on `--help`, `--version` and usage
/// errors (code 2), as clap does.
pub fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let lang = requested_lang(args.iter().map(|a| a.to_string_lossy().into_owned()));
    crate::i18n::set_lang(lang);
    // Most runs parse without a word from clap: they are parsed by the top
    // level and the one command named, without the other commands (building
    // and filling all fifteen commands was most of clap's part of a quick
    // command's start). Anything clap has to say (help, version, a usage
    // error) comes from the whole, localised tree.
    if let Some(Ok(cli)) = parse_quick(&args) {
        return cli;
    }
    match parse_with(localized(Cli::command(), lang), &args) {
        Ok(cli) => cli,
        Err(err) => exit_with(&err),
    }
}

/// Parses with the top level and the command named in `args` only; `None`
/// when that command cannot be told before parsing (an unknown name, an
/// option the top level does not know).
fn parse_quick(args: &[std::ffi::OsString]) -> Option<Result<Cli, clap::Error>> {
    let mut command = Root::augment_args(clap::Command::new("onboard"));
    if let Some(name) = command_name(&command, args)? {
        let (name, add_options) = SUBCOMMANDS.iter().find(|(known, _)| *known == name)?;
        command = command.subcommand(add_options(clap::Command::new(*name)));
    }
    Some(parse_with(command, args))
}

/// The command named in `args`: the first word that is neither a top-level
/// option nor its value. `Some(None)`: no command (the journey). `None`:
/// something the top level does not know comes first.
fn command_name<'a>(
    root: &clap::Command,
    args: &'a [std::ffi::OsString],
) -> Option<Option<&'a str>> {
    let mut words = args.iter().skip(1);
    while let Some(word) = words.next() {
        let word = word.to_str()?;
        let Some(long) = word.strip_prefix("--") else {
            return if word.starts_with('-') {
                None
            } else {
                Some(Some(word))
            };
        };
        let (name, inline_value) = match long.split_once('=') {
            Some((name, _)) => (name, true),
            None => (long, false),
        };
        let option = root.get_arguments().find(|a| a.get_long() == Some(name))?;
        if option.get_action().takes_values() && !inline_value {
            words.next();
        }
    }
    Some(None)
}

fn parse_with(mut command: clap::Command, args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
    let parsed = command
        .try_get_matches_from_mut(args)
        .and_then(|matches| Cli::from_arg_matches(&matches));
    // The command tree would live until the process ends anyway; freeing
    // its allocations one by one costs more than the parse.
    std::mem::forget(command);
    parsed
}

/// Prints clap's help, version or usage error and exits with its code
/// (0 for help and version, 2 for a usage error). Help that cannot be
/// written is an error, not a silent success; a reader that has gone away
/// (`onboard --help | head -1`) is not.
fn exit_with(err: &clap::Error) -> ! {
    let code = match err.print() {
        Ok(()) => err.exit_code(),
        Err(io) if io.kind() == std::io::ErrorKind::BrokenPipe => 0,
        Err(io) => {
            let target = if err.use_stderr() {
                crate::i18n::t().core.standard_error
            } else {
                crate::i18n::t().core.standard_output
            };
            crate::output::eprintln(&format!(
                "onboard: {}",
                crate::error::Error::file(
                    crate::i18n::t().core.cannot_write,
                    std::path::Path::new(target),
                    io,
                    crate::i18n::t().core.hint_standard_output,
                )
            ));
            1
        }
    };
    std::process::exit(code)
}

/// The language asked for, read before clap parses (help is built first).
pub(crate) fn requested_lang(args: impl Iterator<Item = String>) -> Lang {
    let mut lang = std::env::var("ONBOARD_LANG").unwrap_or_default();
    let mut args = args.peekable();
    while let Some(arg) = args.next() {
        if arg == "--lang" {
            lang = args.peek().cloned().unwrap_or_default();
        } else if let Some(value) = arg.strip_prefix("--lang=") {
            lang = value.to_string();
        }
    }
    if lang == "en" { Lang::En } else { Lang::Fr }
}

/// The command with help headings, and in English its texts too.
pub(crate) fn localized(command: clap::Command, lang: Lang) -> clap::Command {
    match lang {
        Lang::Fr => headings(command, Lang::Fr),
        Lang::En => headings(english(command, ""), Lang::En),
    }
}

/// The help layout with headings in `lang`, for a command and its subcommands.
fn headings(command: clap::Command, lang: Lang) -> clap::Command {
    let (usage, commands, arguments, options) = match lang {
        Lang::Fr => (
            "Utilisation\u{a0}:",
            "Commandes\u{a0}:",
            "Arguments\u{a0}:",
            "Options\u{a0}:",
        ),
        Lang::En => ("Usage:", "Commands:", "Arguments:", "Options:"),
    };
    let mut template = format!("{{before-help}}{{about-with-newline}}\n{usage} {{usage}}\n");
    if command.has_subcommands() {
        template.push_str(&format!("\n{commands}\n{{subcommands}}\n"));
    }
    if command.get_positionals().next().is_some() {
        template.push_str(&format!("\n{arguments}\n{{positionals}}\n"));
    }
    template.push_str(&format!("\n{options}\n{{options}}{{after-help}}"));
    command
        .help_template(template)
        .mut_subcommands(|sub| headings(sub, lang))
}

/// Replaces the French help by the English catalogue's.
fn english(command: clap::Command, path: &str) -> clap::Command {
    use crate::i18n::help;
    let key = |id: &str| {
        if path.is_empty() {
            id.to_string()
        } else {
            format!("{path}.{id}")
        }
    };
    let ids: Vec<String> = command
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    let mut command = command;
    if let Some(about) = help::en(path) {
        let short = about.strip_suffix('.').unwrap_or(about);
        command = command.about(short).long_about(None::<&str>);
    }
    if path.is_empty() {
        command = command
            .after_help(help::EN_EXAMPLES)
            .override_usage("onboard [OPTIONS] [COMMAND]")
            .subcommand_value_name("COMMAND");
    }
    for id in ids {
        if let Some(text) = help::en(&key(&format!("-{id}"))) {
            // clap drops the final period of one-sentence help; so does this.
            let short = text.strip_suffix('.').unwrap_or(text);
            command = command.mut_arg(id.as_str(), |arg| {
                let names: Option<Vec<&'static str>> = arg
                    .get_value_names()
                    .map(|names| {
                        names
                            .iter()
                            .map(|n| help::en_value_name(n.as_str()))
                            .collect()
                    })
                    .unwrap_or(None);
                let arg = arg.help(short).long_help(None::<&str>);
                match names {
                    Some(names) => arg.value_names(names),
                    None => arg,
                }
            });
        }
    }
    command.mut_subcommands(|sub| {
        let name = sub.get_name().to_string();
        english(sub, &key(&name))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
        localized(Cli::command(), Lang::Fr).debug_assert();
        localized(Cli::command(), Lang::En).debug_assert();
    }

    #[test]
    fn help_headings_are_french() {
        let help = localized(Cli::command(), Lang::Fr)
            .render_help()
            .to_string();
        assert!(help.contains("Utilisation\u{a0}: onboard"), "{help}");
        assert!(help.contains("Commandes\u{a0}:"));
        assert!(help.contains("Afficher l'aide"));
        assert!(
            !help.contains("Usage:") && !help.contains("Print help"),
            "{help}"
        );
        let mut scaffold = localized(Cli::command(), Lang::Fr);
        let sub = scaffold
            .find_subcommand_mut("scaffold")
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            sub.contains("Arguments\u{a0}:") && sub.contains("Options\u{a0}:"),
            "{sub}"
        );
        assert!(!sub.contains("Commandes\u{a0}:"));
    }

    /// French typography in the French help of every command: a
    /// non-breaking space before : ; ! ? and », and after «.
    #[test]
    fn french_help_keeps_french_typography() {
        fn walk(command: &mut clap::Command, name: &str) {
            let help = command.render_long_help().to_string();
            for plain in [" :", " ;", " !", " ?", " »", "« "] {
                let line = help.lines().find(|line| line.contains(plain));
                assert!(line.is_none(), "{name}: {plain:?} in {line:?}");
            }
            let names: Vec<String> = command
                .get_subcommands()
                .map(|sub| sub.get_name().to_string())
                .collect();
            for sub in names {
                if let Some(command) = command.find_subcommand_mut(&sub) {
                    walk(command, &format!("{name} {sub}"));
                }
            }
        }
        walk(&mut localized(Cli::command(), Lang::Fr), "onboard");
    }

    /// Every command and argument has English help, and no French is left.
    #[test]
    fn english_help_is_complete() {
        fn walk(command: &clap::Command, path: &str, missing: &mut Vec<String>) {
            let key = |id: &str| {
                if path.is_empty() {
                    id.to_string()
                } else {
                    format!("{path}.{id}")
                }
            };
            if crate::i18n::help::en(path).is_none() {
                missing.push(path.to_string());
            }
            for arg in command.get_arguments() {
                let id = format!("-{}", arg.get_id());
                if crate::i18n::help::en(&key(&id)).is_none() {
                    missing.push(key(&id));
                }
            }
            for sub in command.get_subcommands() {
                walk(sub, &key(sub.get_name()), missing);
            }
        }
        let mut missing = Vec::new();
        walk(&Cli::command(), "", &mut missing);
        assert!(missing.is_empty(), "no English help for {missing:?}");

        let mut command = localized(Cli::command(), Lang::En);
        let help = command.render_help().to_string();
        assert!(
            help.contains("Usage: onboard [OPTIONS] [COMMAND]"),
            "{help}"
        );
        assert!(help.contains("Examples:") && help.contains("Print help"));
        for word in ["Utilisation", "Commandes", "Afficher", "Exemples", "étape"] {
            assert!(!help.contains(word), "French left in {help}");
        }
        assert!(
            help.contains("  steps        List or check the steps' content"),
            "{help}"
        );
        assert!(
            help.contains("Content to use: a directory of steps"),
            "{help}"
        );
        let sub = command
            .find_subcommand_mut("scaffold")
            .unwrap()
            .render_long_help()
            .to_string();
        assert!(
            sub.contains("Directory to create") && !sub.contains("Dossier"),
            "{sub}"
        );
        assert!(
            sub.contains("<PATH>") && sub.contains("--progress <FILE>") && !sub.contains("CHEMIN"),
            "{sub}"
        );
    }

    #[test]
    fn the_language_is_read_before_parsing() {
        let args = |list: &[&str]| {
            list.iter()
                .map(|s| s.to_string())
                .collect::<Vec<_>>()
                .into_iter()
        };
        assert_eq!(
            requested_lang(args(&["onboard", "--lang", "en", "--help"])),
            Lang::En
        );
        assert_eq!(
            requested_lang(args(&["onboard", "status", "--lang=en"])),
            Lang::En
        );
        assert_eq!(requested_lang(args(&["onboard", "--lang", "fr"])), Lang::Fr);
    }

    /// `SUBCOMMANDS` builds each command with the options the derived tree
    /// gives it, and names every command of that tree.
    #[test]
    fn each_command_alone_is_the_one_in_the_whole_tree() {
        fn shape(command: &clap::Command) -> Vec<String> {
            let mut lines: Vec<String> = command
                .get_arguments()
                .map(|arg| format!("{arg:?}"))
                .collect();
            for sub in command.get_subcommands() {
                lines.push(format!("subcommand {}", sub.get_name()));
                lines.extend(shape(sub));
            }
            lines
        }
        let whole = Cli::command();
        let names: Vec<&str> = whole.get_subcommands().map(|sub| sub.get_name()).collect();
        let listed: Vec<&str> = SUBCOMMANDS.iter().map(|(name, _)| *name).collect();
        assert_eq!(names, listed);
        for (name, add_options) in SUBCOMMANDS {
            let alone = add_options(clap::Command::new(*name));
            let derived = whole.find_subcommand(name).unwrap();
            assert_eq!(shape(&alone), shape(derived), "{name}");
        }
        let root = Root::augment_args(clap::Command::new("onboard"));
        let mut top: Vec<String> = whole.get_arguments().map(|a| format!("{a:?}")).collect();
        let mut alone: Vec<String> = root.get_arguments().map(|a| format!("{a:?}")).collect();
        top.sort();
        alone.sort();
        assert_eq!(top, alone);
        assert_eq!(root.get_version(), whole.get_version());
        assert_eq!(
            root.is_disable_help_flag_set(),
            whole.is_disable_help_flag_set()
        );
    }

    /// What the quick parse gives is what the whole tree gives, and the
    /// quick parse is taken for every valid command line.
    #[test]
    fn the_quick_parse_agrees_with_the_whole_tree() {
        let valid: &[&[&str]] = &[
            &[],
            &["--plain"],
            &["--lang", "en"],
            &["--lang=en", "--no-color"],
            &["status"],
            &["status", "--format", "json"],
            &["--steps", "status", "status"],
            &["--steps=review", "review", "--plain"],
            &["--progress", "p.toml", "review", "--lang", "en"],
            &["review"],
            &["start", "--templates", "t"],
            &["step", "vision"],
            &["step", "--", "--plain"],
            &["reset", "-y"],
            &["reset", "vision", "--yes"],
            &["steps", "list"],
            &["steps", "check", "dir", "--strict", "--plain"],
            &[
                "scaffold",
                "p",
                "--yes",
                "--license",
                "EUPL-1.2",
                "--forge",
                "gitlab",
            ],
            &["audit"],
            &["audit", "a", "b", "--format", "sarif", "--strict"],
            &["audit", "--fix", "--dry-run", "--name", "x"],
            &["report", "--format", "json", "-o", "r.json", "--sign"],
            &[
                "report",
                "--sign",
                "key",
                "--output",
                "r.md",
                "--no-reflections",
            ],
            &["feedback", "vision", "--question", "2", "--open"],
            &[
                "cohort",
                "reports",
                "--format",
                "html",
                "--allowed-signers",
                "a",
            ],
            &["completions", "zsh"],
            &["man"],
            &["update", "--yes", "--commit", "--base", "abc"],
            &["update", "repo", "--dry-run"],
            &["doctor", "--format", "json"],
        ];
        for line in valid {
            let args: Vec<std::ffi::OsString> = std::iter::once("onboard")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect();
            let quick = match parse_quick(&args) {
                Some(Ok(cli)) => cli,
                other => panic!("{line:?}: no quick parse: {other:?}"),
            };
            let whole = parse_with(Cli::command(), &args).unwrap();
            assert_eq!(format!("{quick:?}"), format!("{whole:?}"), "{line:?}");
        }
        // Help, versions, errors and unknown commands are left to the whole
        // tree, which says them in the user's language.
        let invalid: &[&[&str]] = &[
            &["--help"],
            &["status", "-h"],
            &["-V"],
            &["frobnicate"],
            &["stat"],
            &["status", "--format", "xml"],
            &["--bogus", "status"],
            &["--", "status"],
            &["-", "status"],
            &["--lang"],
            &["steps"],
            &["report", "--reflections", "--no-reflections"],
        ];
        for line in invalid {
            let args: Vec<std::ffi::OsString> = std::iter::once("onboard")
                .chain(line.iter().copied())
                .map(Into::into)
                .collect();
            assert!(
                !matches!(parse_quick(&args), Some(Ok(_))),
                "{line:?} parsed quickly"
            );
            assert!(parse_with(Cli::command(), &args).is_err(), "{line:?}");
        }
    }

    #[test]
    fn no_subcommand_means_the_journey() {
        let cli = Cli::try_parse_from(["onboard"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.root.global.lang, LangArg::Fr);
    }

    #[test]
    fn global_options_are_accepted_after_the_subcommand() {
        let cli =
            Cli::try_parse_from(["onboard", "status", "--plain", "--format", "json"]).unwrap();
        assert!(cli.root.global.plain);
        assert!(matches!(
            cli.command,
            Some(Command::Status(StatusArgs {
                format: TextOrJson::Json
            }))
        ));
    }
}
