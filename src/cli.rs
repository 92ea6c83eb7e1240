//! Command-line types only: parsing is clap's job, running is `commands`'.

use std::path::PathBuf;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Exemples :
  onboard                          commencer ou reprendre le parcours
  onboard status                   voir où tu en es
  onboard step ouverture-par-defaut
                                   refaire une étape précise
  onboard --plain < reponses.txt   parcours en mode texte (lecteur d'écran, script)
  onboard scaffold mon-projet      créer un dépôt ouvert par défaut
  onboard audit .                  vérifier un dépôt existant
  onboard report --output rapport.md
                                   rapport pour ta ou ton mentor";

/// Parcours d'accueil de la Fabrique numérique : vision, mission, valeurs et
/// manifestes, avec un quiz par étape. Ta progression est gardée après chaque
/// réponse : relance `onboard` pour reprendre là où tu en étais.
#[derive(Debug, Parser)]
#[command(
    name = "onboard",
    version,
    after_help = EXAMPLES,
    disable_help_subcommand = true,
    disable_help_flag = true,
    disable_version_flag = true,
    subcommand_value_name = "COMMANDE",
    override_usage = "onboard [OPTIONS] [COMMANDE]"
)]
pub struct Cli {
    /// Afficher l'aide (-h pour un résumé).
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,

    /// Afficher la version.
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,

    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Options valables pour toutes les commandes.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Fichier de progression (par défaut dans ton dossier de données).
    #[arg(long, global = true, env = "ONBOARD_PROGRESS", value_name = "FICHIER")]
    pub progress: Option<PathBuf>,

    /// Contenu à utiliser : un dossier d'étapes ou un dépôt git (chemin ou URL).
    #[arg(long, global = true, env = "ONBOARD_STEPS", value_name = "DOSSIER")]
    pub steps: Option<String>,

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
    pub lang: Lang,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum Lang {
    /// Français
    #[default]
    Fr,
    /// English
    En,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Commencer ou reprendre le parcours (commande par défaut).
    Start,
    /// Voir où tu en es, sans rien demander.
    Status {
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Faire une étape précise, même déjà réussie.
    Step {
        /// Identifiant de l'étape (voir `onboard steps list`).
        #[arg(value_name = "ID")]
        id: String,
    },
    /// Oublier une étape, ou toute la progression (une copie .bak est gardée).
    Reset {
        /// Identifiant de l'étape à oublier ; sans lui, tout est oublié.
        id: Option<String>,
        /// Ne pas demander de confirmation.
        #[arg(long, short)]
        yes: bool,
    },
    /// Lister ou vérifier le contenu des étapes.
    Steps {
        #[command(subcommand)]
        command: StepsCommand,
    },
    /// Créer un dépôt ouvert par défaut, prêt à publier.
    Scaffold(ScaffoldArgs),
    /// Vérifier un dépôt existant avec les règles de l'ouverture par défaut.
    Audit {
        /// Dépôt à vérifier.
        #[arg(default_value = ".", value_name = "CHEMIN")]
        path: PathBuf,
        /// Format de sortie.
        #[arg(long, value_enum, default_value = "text")]
        format: TextOrJson,
    },
    /// Rapport du parcours, pour ta ou ton mentor.
    Report {
        /// Format du rapport.
        #[arg(long, value_enum, default_value = "md")]
        format: MdOrJson,
        /// Fichier où écrire le rapport (sinon la sortie standard).
        #[arg(long, short, value_name = "FICHIER")]
        output: Option<PathBuf>,
    },
    /// Complétions pour ton shell.
    Completions {
        /// Le shell visé.
        shell: clap_complete::Shell,
    },
    /// Page de manuel (format roff) sur la sortie standard.
    Man,
}

#[derive(Debug, Subcommand)]
pub enum StepsCommand {
    /// Lister les étapes : identifiant, type, titre, nombre de questions.
    List,
    /// Vérifier un dossier d'étapes (par défaut le contenu utilisé).
    Check {
        /// Dossier à vérifier.
        #[arg(value_name = "DOSSIER")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TextOrJson {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MdOrJson {
    Md,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Forge {
    Github,
    Gitlab,
}

/// Options de `onboard scaffold`. Ce qui manque est demandé, sauf avec --yes.
#[derive(Debug, Clone, Args)]
pub struct ScaffoldArgs {
    /// Dossier à créer (il ne doit pas exister, ou être vide).
    #[arg(value_name = "CHEMIN")]
    pub path: PathBuf,
    /// Nom du projet (par défaut : le nom du dossier).
    #[arg(long)]
    pub name: Option<String>,
    /// Description courte du projet.
    #[arg(long)]
    pub description: Option<String>,
    /// Licence (identifiant SPDX de la liste des administrations ; MIT par défaut).
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
    pub forge: Option<Forge>,
    /// Auteur ou autrice du premier commit : "Nom <email>".
    #[arg(long, value_name = "NOM <EMAIL>")]
    pub author: Option<String>,
    /// Afficher les fichiers prévus sans rien écrire.
    #[arg(long)]
    pub dry_run: bool,
    /// Ne pas créer de dépôt git.
    #[arg(long)]
    pub no_git: bool,
    /// Ne rien demander : les valeurs par défaut s'appliquent.
    #[arg(long, short)]
    pub yes: bool,
}

/// Parses the process's arguments with French help headings; exits on
/// `--help`, `--version` and usage errors (code 2), as clap does.
pub fn parse() -> Cli {
    let matches = french(Cli::command()).get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|err| err.exit())
}

/// The help layout with French headings, for a command and its subcommands.
pub fn french(command: clap::Command) -> clap::Command {
    let has_subcommands = command.has_subcommands();
    let has_positionals = command.get_positionals().next().is_some();
    let mut template = String::from("{before-help}{about-with-newline}\nUtilisation : {usage}\n");
    if has_subcommands {
        template.push_str("\nCommandes :\n{subcommands}\n");
    }
    if has_positionals {
        template.push_str("\nArguments :\n{positionals}\n");
    }
    template.push_str("\nOptions :\n{options}{after-help}");
    command.help_template(template).mut_subcommands(french)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
        french(Cli::command()).debug_assert();
    }

    #[test]
    fn help_headings_are_french() {
        let help = french(Cli::command()).render_help().to_string();
        assert!(help.contains("Utilisation : onboard"), "{help}");
        assert!(help.contains("Commandes :"));
        assert!(help.contains("Afficher l'aide"));
        assert!(
            !help.contains("Usage:") && !help.contains("Print help"),
            "{help}"
        );
        let mut scaffold = french(Cli::command());
        let sub = scaffold
            .find_subcommand_mut("scaffold")
            .unwrap()
            .render_help()
            .to_string();
        assert!(
            sub.contains("Arguments :") && sub.contains("Options :"),
            "{sub}"
        );
        assert!(!sub.contains("Commandes :"));
    }

    #[test]
    fn no_subcommand_means_the_journey() {
        let cli = Cli::try_parse_from(["onboard"]).unwrap();
        assert!(cli.command.is_none());
        assert_eq!(cli.global.lang, Lang::Fr);
    }

    #[test]
    fn global_options_are_accepted_after_the_subcommand() {
        let cli =
            Cli::try_parse_from(["onboard", "status", "--plain", "--format", "json"]).unwrap();
        assert!(cli.global.plain);
        assert!(matches!(
            cli.command,
            Some(Command::Status {
                format: TextOrJson::Json
            })
        ));
    }
}
