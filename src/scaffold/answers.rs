//! The answers a repository is built from: taken from the options, asked
//! for what is missing (see `crate::interview`), or defaulted with `--yes`.
//!
//! Defaults with `--yes`, chosen so that nothing is invented:
//! - name: the last component of PATH;
//! - description: a plain sentence built from the name;
//! - licence: MIT (DINUM advises a permissive licence first);
//! - forge: GitLab when the repository URL's host says so, else GitHub;
//! - organisation and its URL: none (publiccode.yml then has no
//!   `organisation` section, and the copyright holder is "the contributors");
//! - contact and repository URL: required. They are published in SECURITY.md,
//!   the code of conduct and publiccode.yml, and a public-sector team expects
//!   its own team address there, not a guess (not the committer's personal
//!   address from git config, not a made-up URL). Without them, `--yes`
//!   fails with a message that names both options.

use serde::Serialize;

use super::Options;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::Forge;
use crate::policy::licences::{self, Licence};
use crate::policy::validate;

#[derive(Debug, Clone)]
pub struct Answers {
    pub name: String,
    pub description: String,
    pub licence: &'static Licence,
    pub forge: Forge,
    pub organisation: Option<String>,
    pub organisation_url: Option<String>,
    pub contact: String,
    /// Without a trailing `/` or `.git`.
    pub repository_url: String,
}

/// The options, checked. Each invalid option is an error that names it.
#[derive(Debug, Default)]
pub struct Given {
    pub name: Option<String>,
    pub description: Option<String>,
    pub licence: Option<&'static Licence>,
    pub forge: Option<Forge>,
    pub organisation: Option<String>,
    pub organisation_url: Option<String>,
    pub contact: Option<String>,
    pub repository_url: Option<String>,
    /// `--author`: (name, email).
    pub author: Option<(String, String)>,
}

/// The answers of `.onboard.toml`'s `[answers]` table, each checked as
/// scaffold checks it: an invalid one is left out (and asked again), and
/// URLs are cleaned as scaffold cleans them.
pub(crate) fn recorded(answers: &toml::Table) -> Given {
    let get = |key: &str, check: fn(&str) -> std::result::Result<(), String>| {
        answers
            .get(key)
            .and_then(toml::Value::as_str)
            .filter(|v| check(v).is_ok())
            .map(str::to_string)
    };
    Given {
        name: get("name", validate::name),
        description: get("description", validate::description),
        licence: answers
            .get("license")
            .and_then(toml::Value::as_str)
            .and_then(|id| licences::parse(id).ok()),
        forge: match answers.get("forge").and_then(toml::Value::as_str) {
            Some("github") => Some(Forge::Github),
            Some("gitlab") => Some(Forge::Gitlab),
            _ => None,
        },
        organisation: get("organisation", validate::organisation),
        organisation_url: get("organisation_url", validate::url).map(|u| validate::clean_url(&u)),
        contact: get("contact", validate::email),
        repository_url: get("repository_url", validate::url).map(|u| validate::clean_url(&u)),
        author: None,
    }
}

pub(crate) fn check_options(args: &Options) -> Result<Given> {
    let bad = |option: &str, hint: String| {
        Error::msg(fill(
            t().scaffold.bad_option,
            &[("option", &option), ("hint", &hint)],
        ))
    };
    let check = |option: &str,
                 value: &Option<String>,
                 f: fn(&str) -> Result<(), String>|
     -> Result<Option<String>> {
        match value {
            Some(v) => f(v)
                .map(|()| Some(v.clone()))
                .map_err(|hint| bad(option, hint)),
            None => Ok(None),
        }
    };
    let licence = match &args.license {
        Some(value) => Some(licences::parse(value).map_err(|hint| bad("--license", hint))?),
        None => None,
    };
    let author = match &args.author {
        Some(value) => Some(validate::author(value).map_err(|hint| bad("--author", hint))?),
        None => None,
    };
    Ok(Given {
        name: check("--name", &args.name, validate::name)?,
        description: check("--description", &args.description, validate::description)?,
        licence,
        forge: args.forge,
        organisation: check("--organisation", &args.organisation, validate::organisation)?,
        organisation_url: check("--organisation-url", &args.organisation_url, validate::url)?
            .map(|u| validate::clean_url(&u)),
        contact: check("--contact", &args.contact, validate::email)?,
        repository_url: check("--repository-url", &args.repository_url, validate::url)?
            .map(|u| validate::clean_url(&u)),
        author,
    })
}

/// The default description: a plain sentence, in French like the files.
pub(crate) fn default_description(name: &str) -> String {
    format!("{name}, un logiciel libre publié en code ouvert.")
}

/// GitLab when the URL's host names it, else GitHub.
pub(crate) fn forge_from_url(url: Option<&str>) -> Forge {
    let host = url
        .and_then(|u| u.split("://").nth(1))
        .and_then(|rest| rest.split('/').next())
        .unwrap_or("");
    if host.to_lowercase().contains("gitlab") {
        Forge::Gitlab
    } else {
        Forge::Github
    }
}

/// `--yes`: the options, then the defaults; no prompt.
pub fn with_defaults(given: Given, default_name: Option<String>) -> Result<Answers> {
    let s = &t().scaffold;
    let name = match given
        .name
        .or(default_name.filter(|n| validate::name(n).is_ok()))
    {
        Some(name) => name,
        None => return Err(Error::msg(s.need_name)),
    };
    let mut missing = Vec::new();
    if given.contact.is_none() {
        missing.push("--contact");
    }
    if given.repository_url.is_none() {
        missing.push("--repository-url");
    }
    let (Some(contact), Some(repository_url)) = (given.contact, given.repository_url) else {
        return Err(Error::msg(fill(
            s.need_options,
            &[("options", &missing.join(", "))],
        )));
    };
    let description = match given.description {
        Some(d) => d,
        None => default_description(&name),
    };
    let description = if validate::description(&description).is_ok() {
        description
    } else {
        default_description_short()
    };
    Ok(Answers {
        forge: given
            .forge
            .unwrap_or_else(|| forge_from_url(Some(&repository_url))),
        name,
        description,
        licence: given.licence.unwrap_or_else(licences::default_licence),
        organisation: given.organisation,
        organisation_url: given.organisation_url,
        contact,
        repository_url,
    })
}

/// When the name is too long for the default sentence to fit in 150 characters.
pub(crate) fn default_description_short() -> String {
    "Un logiciel libre publié en code ouvert.".to_string()
}

/// What `.onboard.toml` records besides the answers, so that `update` can
/// render the same files again and find the commit they were made in.
pub(crate) struct Record<'a> {
    /// The version of the template set (its `versions.toml`).
    pub templates: u32,
    /// The digest of the template set's files.
    pub fingerprint: &'a str,
    /// The copyright year the files were rendered with.
    pub year: i16,
    /// publiccode.yml's maintainer, when one was known.
    pub maintainer: Option<&'a str>,
    /// Answers to the template set's own questions.
    pub extra: &'a std::collections::BTreeMap<String, String>,
    /// The commit holding the templates' pure render (written by `update`
    /// in the work tree only: a commit cannot name itself).
    pub base: Option<&'a str>,
}

/// `.onboard.toml`: the answers and onboard's version, so the repository
/// can be audited or re-applied later. No personal data beyond what the
/// repository already publishes (the maintainer is in publiccode.yml).
pub(crate) fn answers_file(answers: &Answers, record: &Record) -> Result<String> {
    #[derive(Serialize)]
    struct File<'a> {
        onboard: Tool<'a>,
        answers: Saved<'a>,
    }
    #[derive(Serialize)]
    struct Tool<'a> {
        version: &'static str,
        /// The templates' version (`templates/versions.toml`).
        templates: u32,
        fingerprint: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        base: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Saved<'a> {
        name: &'a str,
        description: &'a str,
        license: &'a str,
        forge: &'a str,
        #[serde(skip_serializing_if = "Option::is_none")]
        organisation: Option<&'a str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        organisation_url: Option<&'a str>,
        contact: &'a str,
        repository_url: &'a str,
        year: i16,
        #[serde(skip_serializing_if = "Option::is_none")]
        maintainer: Option<&'a str>,
        #[serde(flatten)]
        extra: &'a std::collections::BTreeMap<String, String>,
    }
    let file = File {
        onboard: Tool {
            version: env!("CARGO_PKG_VERSION"),
            templates: record.templates,
            fingerprint: record.fingerprint,
            base: record.base,
        },
        answers: Saved {
            name: &answers.name,
            description: &answers.description,
            license: answers.licence.id,
            forge: answers.forge.as_str(),
            organisation: answers.organisation.as_deref(),
            organisation_url: answers.organisation_url.as_deref(),
            contact: &answers.contact,
            repository_url: &answers.repository_url,
            year: record.year,
            maintainer: record.maintainer,
            extra: record.extra,
        },
    };
    let body = toml::to_string(&file).map_err(|err| Error::msg(err.to_string()))?;
    Ok(format!(
        "# Réponses données à « onboard scaffold » pour créer ce dépôt.\n# « onboard audit » vérifie le dépôt avec les règles de l'ouverture par défaut.\n\n{body}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_forge_follows_the_url_host() {
        assert_eq!(
            forge_from_url(Some("https://gitlab.com/a/b")),
            Forge::Gitlab
        );
        assert_eq!(
            forge_from_url(Some("https://gitlab.exemple.gouv.fr/a/b")),
            Forge::Gitlab
        );
        assert_eq!(
            forge_from_url(Some("https://github.com/gitlab/b")),
            Forge::Github
        );
        assert_eq!(forge_from_url(None), Forge::Github);
    }

    #[test]
    fn yes_needs_a_contact_and_a_repository_url() {
        let err = with_defaults(Given::default(), Some("projet".into()))
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("--contact") && err.contains("--repository-url"),
            "{err}"
        );
    }

    #[test]
    fn yes_fills_the_rest() {
        let given = Given {
            contact: Some("equipe@exemple.fr".into()),
            repository_url: Some("https://gitlab.com/ville/projet".into()),
            ..Given::default()
        };
        let answers = with_defaults(given, Some("projet".into())).unwrap();
        assert_eq!(answers.name, "projet");
        assert_eq!(answers.licence.id, "MIT");
        assert_eq!(answers.forge, Forge::Gitlab);
        assert!(answers.description.starts_with("projet"));
    }

    #[test]
    fn the_answers_file_is_valid_toml() {
        let given = Given {
            name: Some("a \"b\" c".into()),
            contact: Some("equipe@exemple.fr".into()),
            repository_url: Some("https://github.com/ville/projet".into()),
            ..Given::default()
        };
        let answers = with_defaults(given, None).unwrap();
        let extra = [("salon".to_string(), "https://exemple.fr/salon".to_string())].into();
        let record = Record {
            templates: 3,
            fingerprint: "abc",
            year: 2026,
            maintainer: Some("Camille"),
            extra: &extra,
            base: None,
        };
        let text = answers_file(&answers, &record).unwrap();
        let parsed: toml::Table = toml::from_str(&text).unwrap();
        assert_eq!(parsed["answers"]["name"].as_str(), Some("a \"b\" c"));
        assert_eq!(
            parsed["answers"]["salon"].as_str(),
            Some("https://exemple.fr/salon")
        );
        assert_eq!(parsed["answers"]["year"].as_integer(), Some(2026));
        assert_eq!(parsed["onboard"]["templates"].as_integer(), Some(3));
        assert!(parsed["onboard"].get("base").is_none());
    }
}
