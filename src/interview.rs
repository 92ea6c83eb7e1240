//! The questions that scaffold asks, through the [`Ui`], for what its
//! options did not give: the answers a repository is built from, and who
//! authors its first commit.

use std::collections::BTreeMap;
use std::io::IsTerminal;

use crate::error::{Error, Result};
use crate::i18n::{fill, t};
use crate::policy::licences::{self, Family, LICENCES, Licence};
use crate::policy::templates::{Kind, Question};
use crate::policy::{Forge, validate};
use crate::scaffold::answers::{Answers, Given, default_description, forge_from_url};
use crate::scaffold::git::{self, Identity};
use crate::ui::Ui;

/// Asks through the interface for every answer the options did not give.
pub(crate) fn scaffold_answers(
    given: Given,
    default_name: Option<String>,
    ui: &mut dyn Ui,
) -> Result<Answers> {
    let s = &t().scaffold;
    let name = match given.name {
        Some(name) => name,
        None => {
            let default = default_name.filter(|n| validate::name(n).is_ok());
            ui.input(s.ask_name, default.as_deref(), &validate::name)?
        }
    };
    let description = match given.description {
        Some(d) => d,
        None => {
            let default =
                Some(default_description(&name)).filter(|d| validate::description(d).is_ok());
            ui.input(
                s.ask_description,
                default.as_deref(),
                &validate::description,
            )?
        }
    };
    let licence = match given.licence {
        Some(licence) => licence,
        None => ask_licence(ui)?,
    };
    let organisation = match given.organisation {
        Some(o) => Some(o),
        None => optional(ui.input(s.ask_organisation, Some(""), &|v| {
            optional_check(v, validate::organisation)
        })?),
    };
    let organisation_url = match (given.organisation_url, &organisation) {
        (Some(u), _) => Some(u),
        (None, Some(_)) => optional(ui.input(s.ask_organisation_url, Some(""), &|v| {
            optional_check(v, validate::url)
        })?)
        .map(|u| validate::clean_url(&u)),
        (None, None) => None,
    };
    let contact = match given.contact {
        Some(c) => c,
        None => ui.input(s.ask_contact, None, &validate::email)?,
    };
    let repository_url = match given.repository_url {
        Some(u) => u,
        None => validate::clean_url(&ui.input(s.ask_repository_url, None, &validate::url)?),
    };
    let forge = match given.forge {
        Some(forge) => forge,
        None => ask_forge(ui, forge_from_url(Some(&repository_url)))?,
    };
    Ok(Answers {
        name,
        description,
        licence,
        forge,
        organisation,
        organisation_url,
        contact,
        repository_url,
    })
}

fn optional(value: String) -> Option<String> {
    if value.is_empty() { None } else { Some(value) }
}

fn optional_check(value: &str, check: fn(&str) -> Result<(), String>) -> Result<(), String> {
    if value.is_empty() {
        Ok(())
    } else {
        check(value)
    }
}

/// The licence question: permissive licences first, then reciprocal ones,
/// with one line on when to pick each family.
fn ask_licence(ui: &mut dyn Ui) -> Result<&'static Licence> {
    let s = &t().scaffold;
    ui.note(s.licence_help_permissive);
    ui.note(s.licence_help_reciprocal);
    let items: Vec<String> = LICENCES
        .iter()
        .map(|l| {
            let family = match l.family {
                Family::Permissive => s.family_permissive,
                Family::Reciprocal => s.family_reciprocal,
            };
            let label = fill(s.licence_item, &[("id", &l.id), ("family", &family)]);
            if l.id == licences::default_licence().id {
                format!("{label} {}", s.licence_advised)
            } else {
                label
            }
        })
        .collect();
    let picked = ui.select(s.ask_licence, &items, 0)?;
    LICENCES
        .get(picked)
        .ok_or_else(|| Error::msg(s.ask_licence))
}

fn ask_forge(ui: &mut dyn Ui, default: Forge) -> Result<Forge> {
    let items = vec!["GitHub".to_string(), "GitLab".to_string()];
    let default_index = if default == Forge::Gitlab { 1 } else { 0 };
    let picked = ui.select(t().scaffold.ask_forge, &items, default_index)?;
    Ok(if picked == 1 {
        Forge::Gitlab
    } else {
        Forge::Github
    })
}

/// Who authors the commit: `--author`, else git config, else (on a
/// terminal, without `--yes`) the answers to two questions. Otherwise an
/// error that says how to fix it. An identity is never invented.
pub(crate) fn identity(
    author: Option<(String, String)>,
    yes: bool,
    ui: &mut dyn Ui,
) -> Result<Identity> {
    if let Some((name, email)) = author {
        return Ok(Identity { name, email });
    }
    if let Some(identity) = git::configured() {
        return Ok(identity);
    }
    let s = &t().scaffold;
    if yes || !std::io::stdin().is_terminal() {
        return Err(Error::msg(s.no_identity));
    }
    ui.note(s.identity_missing);
    let name = ui.input(s.ask_author_name, None, &validate::person_name)?;
    let email = ui.input(s.ask_author_email, None, &validate::email)?;
    Ok(Identity { name, email })
}

/// The answers to the questions a set of templates adds, for those `known`
/// does not hold: asked through the interface, or with `--yes` their
/// default (a question without one needs its answer: `--yes` then fails
/// and names it). Answers are checked by the question's kind, as
/// scaffold's own are.
pub(crate) fn template_answers(
    questions: &[Question],
    known: &BTreeMap<String, String>,
    yes: bool,
    ui: &mut dyn Ui,
) -> Result<BTreeMap<String, String>> {
    let mut answers = BTreeMap::new();
    for question in questions {
        let check: fn(&str) -> Result<(), String> = match question.kind {
            Kind::Text => validate::description,
            Kind::Url => validate::url,
            Kind::Email => validate::email,
        };
        if let Some(value) = known.get(&question.key).filter(|v| check(v).is_ok()) {
            answers.insert(question.key.clone(), value.clone());
            continue;
        }
        let default = question.default.as_deref().filter(|d| check(d).is_ok());
        let value = if yes {
            match default {
                Some(d) => d.to_string(),
                None => {
                    return Err(Error::msg(fill(
                        t().update.need_answer,
                        &[("key", &question.key)],
                    )));
                }
            }
        } else {
            ui.input(
                &crate::text::visible(question.prompt(crate::i18n::lang()), false),
                default,
                &check,
            )?
        };
        let value = if question.kind == Kind::Url {
            validate::clean_url(&value)
        } else {
            value
        };
        answers.insert(question.key.clone(), value);
    }
    Ok(answers)
}
