//! Rendering of the file plan with minijinja. The templates are embedded in
//! the binary from `templates/`. Every `{{ value }}` is escaped by the
//! format of the file it goes into (YAML, TOML, Markdown), so a user value
//! can never change a file's structure.

use std::collections::BTreeMap;

use minijinja::syntax::SyntaxConfig;
use minijinja::value::ValueKind;
use minijinja::{AutoEscape, Environment, ErrorKind, Output, State, UndefinedBehavior, Value};
use serde::Serialize;

use super::answers::{Answers, Record};
use super::escape;
use super::plan::{self, Planned, Source};
use super::source::Templates;
use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::Forge;
use crate::policy::licences::{self, Family};
use crate::policy::validate;

/// The text around the user's description in publiccode.yml's
/// `longDescription`, which must hold 150 to 10,000 characters.
pub(crate) const LONG_DESCRIPTION_TEMPLATE: &str = "fragments/long_description.txt.j2";

/// One rendered file.
pub struct RenderedFile {
    pub path: String,
    pub content: String,
}

/// What templates can use. Repository content is French, whatever the
/// interface language: the README and the community files address the
/// public of a French administration.
#[derive(Serialize)]
struct Values<'a> {
    name: &'a str,
    description: &'a str,
    licence: &'static str,
    permissive: bool,
    forge: &'static str,
    organisation: Option<&'a str>,
    organisation_url: Option<&'a str>,
    contact: &'a str,
    repository_url: &'a str,
    issues_url: String,
    new_issue_url: String,
    changes_url: String,
    holder: String,
    maintainer: String,
    year: i16,
    onboard_version: &'static str,
    long_description: String,
    /// The answers to the questions of a team's templates.
    extra: &'a BTreeMap<String, String>,
}

/// Everything a render depends on besides the templates: the same inputs
/// give the same files, byte for byte (`update` renders again from them).
pub struct Inputs<'a> {
    pub answers: &'a Answers,
    /// publiccode.yml's maintainer, when one was known.
    pub maintainer: Option<&'a str>,
    /// The copyright year.
    pub year: i16,
    /// Answers to the template set's own questions.
    pub extra: &'a BTreeMap<String, String>,
}

/// Renders every file of the plan with the templates built into the binary.
pub fn render(answers: &Answers, maintainer: Option<&str>, year: i16) -> Result<Vec<RenderedFile>> {
    let extra = BTreeMap::new();
    let inputs = Inputs {
        answers,
        maintainer,
        year,
        extra: &extra,
    };
    render_with(&Templates::embedded(), &inputs)
}

/// Renders every file of the plan of `templates`.
pub fn render_with(templates: &Templates, inputs: &Inputs) -> Result<Vec<RenderedFile>> {
    let env = environment(templates)?;
    let mut values = values(inputs);
    values.long_description = render_one(&env, LONG_DESCRIPTION_TEMPLATE, &values)?
        .trim()
        .to_string();
    let files = plan::plan_for(templates, inputs.answers.forge, inputs.answers.licence)?;
    files
        .iter()
        .map(|file| {
            Ok(RenderedFile {
                path: file.path.clone(),
                content: content(&env, file, &values, templates, inputs)?,
            })
        })
        .collect()
}

/// `.onboard.toml` for these inputs, with `base` (the commit of the
/// templates' pure render) when there is one.
pub(crate) fn answers_text(
    templates: &Templates,
    inputs: &Inputs,
    base: Option<&str>,
) -> Result<String> {
    super::answers::answers_file(inputs.answers, &record(templates, inputs, base))
}

fn record<'a>(templates: &'a Templates, inputs: &'a Inputs, base: Option<&'a str>) -> Record<'a> {
    Record {
        templates: templates.version(),
        fingerprint: &templates.fingerprint,
        year: inputs.year,
        maintainer: inputs.maintainer,
        extra: inputs.extra,
        base,
    }
}

fn content(
    env: &Environment,
    file: &Planned,
    values: &Values,
    templates: &Templates,
    inputs: &Inputs,
) -> Result<String> {
    let answers = inputs.answers;
    match &file.source {
        Source::Template(name) => render_one(env, name, values),
        Source::LicenceNotice => {
            licences::filled_text(answers.licence.id, values.year, &values.holder)
        }
        Source::LicenceText => licences::reuse_text(answers.licence.id),
        Source::Answers => answers_text(templates, inputs, None),
    }
}

fn render_one(env: &Environment, name: &str, values: &Values) -> Result<String> {
    let fail = |err: minijinja::Error| {
        Error::msg(fill(
            t().scaffold.template_failed,
            &[("name", &name), ("error", &err)],
        ))
    };
    let template = env.get_template(name).map_err(fail)?;
    template
        .render(minijinja::value::Serde(values))
        .map_err(fail)
}

fn values<'a>(inputs: &Inputs<'a>) -> Values<'a> {
    let (answers, maintainer, year) = (inputs.answers, inputs.maintainer, inputs.year);
    let url = answers.repository_url.as_str();
    let (issues_url, new_issue_url, changes_url) = match answers.forge {
        Forge::Github => (
            format!("{url}/issues"),
            format!("{url}/issues/new/choose"),
            format!("{url}/pulls"),
        ),
        Forge::Gitlab => (
            format!("{url}/-/issues"),
            format!("{url}/-/issues/new"),
            format!("{url}/-/merge_requests"),
        ),
    };
    let holder = match &answers.organisation {
        Some(organisation) => organisation.clone(),
        None => format!("Les contributeurs et contributrices de {}", answers.name),
    };
    let maintainer = maintainer
        .map(str::to_string)
        .or_else(|| {
            answers
                .organisation
                .as_ref()
                .map(|o| format!("Équipe de maintenance, {o}"))
        })
        .unwrap_or_else(|| format!("Équipe de maintenance de {}", answers.name));
    Values {
        name: &answers.name,
        description: &answers.description,
        licence: answers.licence.id,
        permissive: answers.licence.family == Family::Permissive,
        forge: answers.forge.as_str(),
        organisation: answers.organisation.as_deref(),
        organisation_url: answers.organisation_url.as_deref(),
        contact: &answers.contact,
        repository_url: url,
        issues_url,
        new_issue_url,
        changes_url,
        holder,
        maintainer,
        year,
        onboard_version: env!("CARGO_PKG_VERSION"),
        long_description: String::new(),
        extra: inputs.extra,
    }
}

/// The template environment: the set's templates, escaping by file
/// format, strict undefined values, and the `url`, `email` and `yaml_block`
/// filters.
fn environment(templates: &Templates) -> Result<Environment<'_>> {
    let mut env = Environment::new();
    let syntax = SyntaxConfig::builder()
        .trim_blocks(true)
        .lstrip_blocks(true)
        .keep_trailing_newline(true)
        .build()
        .map_err(|err| Error::msg(err.to_string()))?;
    env.set_syntax(syntax);
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(escape_for);
    env.set_formatter(format_value);
    env.add_filter("url", |value: String| checked(validate::url(&value), value));
    env.add_filter("email", |value: String| {
        checked(validate::email(&value), value)
    });
    env.add_filter("yaml_block", |value: String, indent: usize| {
        Value::from_safe_string(escape::yaml_block(&value, indent))
    });
    if templates.get(LONG_DESCRIPTION_TEMPLATE).is_none() {
        return Err(Error::msg(fill(
            t().scaffold.template_missing,
            &[("name", &LONG_DESCRIPTION_TEMPLATE)],
        )));
    }
    for (name, source) in &templates.files {
        env.add_template(name, source).map_err(|err| {
            Error::msg(fill(
                t().scaffold.template_failed,
                &[("name", &name), ("error", &err)],
            ))
        })?;
    }
    Ok(env)
}

/// A value already checked to be safe in every format (URLs, e-mails).
fn checked(check: Result<(), String>, value: String) -> Result<Value, minijinja::Error> {
    match check {
        Ok(()) => Ok(Value::from_safe_string(value)),
        Err(hint) => Err(minijinja::Error::new(ErrorKind::InvalidOperation, hint)),
    }
}

/// The escaping of a template, by the extension of the file it renders:
/// `README.md.j2` is Markdown, `ci.yml.j2` is YAML.
fn escape_for(name: &str) -> AutoEscape {
    let stem = name.strip_suffix(".j2").unwrap_or(name);
    match stem.rsplit_once('.').map(|(_, ext)| ext) {
        Some("yml" | "yaml") => AutoEscape::Custom("yaml".into()),
        Some("toml") => AutoEscape::Custom("toml".into()),
        Some("md") => AutoEscape::Custom("markdown".into()),
        _ => AutoEscape::None,
    }
}

fn format_value(
    out: &mut Output,
    state: &mut State,
    value: &Value,
) -> Result<(), minijinja::Error> {
    let AutoEscape::Custom(format) = state.auto_escape() else {
        return minijinja::escape_formatter(out, state, value);
    };
    let write_err = |_| minijinja::Error::new(ErrorKind::WriteFailure, "write failed");
    if value.is_safe() || matches!(value.kind(), ValueKind::Bool | ValueKind::Number) {
        return write!(out, "{value}").map_err(write_err);
    }
    if value.is_undefined() || value.is_none() {
        return Err(minijinja::Error::new(
            ErrorKind::UndefinedError,
            "a value is missing",
        ));
    }
    let text = value.to_string();
    let escaped = match format.as_ref() {
        "yaml" => escape::yaml_quoted(&text),
        "toml" => escape::toml_string(&text),
        _ => crate::text::markdown_inline(&text),
    };
    out.write_str(&escaped).map_err(write_err)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_file_is_used_and_every_used_template_exists() {
        let used: Vec<&str> = plan::all_templates()
            .chain([LONG_DESCRIPTION_TEMPLATE])
            .collect();
        let templates = Templates::embedded();
        let present: Vec<String> = templates.files.keys().cloned().collect();
        for name in &used {
            assert!(
                present.contains(&name.to_string()),
                "missing template {name}"
            );
        }
        for name in &present {
            assert!(used.contains(&name.as_str()), "unused template {name}");
        }
        assert!(environment(&templates).is_ok());
    }

    #[test]
    fn formats_follow_the_file_extension() {
        assert_eq!(
            escape_for("common/README.md.j2"),
            AutoEscape::Custom("markdown".into())
        );
        assert_eq!(
            escape_for("github/ci.yml.j2"),
            AutoEscape::Custom("yaml".into())
        );
        assert_eq!(
            escape_for("common/REUSE.toml.j2"),
            AutoEscape::Custom("toml".into())
        );
        assert_eq!(escape_for("common/gitignore.j2"), AutoEscape::None);
    }
}
