//! publiccode.yml: the standard's mandatory keys, with valid values. Each
//! problem found is one short sentence.

use serde_yaml_ng::Value;

use crate::i18n::{fill, t};

const STATUSES: &[&str] = &["concept", "development", "beta", "stable", "obsolete"];
const SOFTWARE_TYPES: &[&str] = &[
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
];
const MAINTENANCE: &[&str] = &["internal", "contract", "community", "none"];

/// The problems of a publiccode.yml text; empty when it is valid.
pub fn problems(text: &str) -> Vec<String> {
    let s = &t().scaffold;
    let doc: Value = match serde_yaml_ng::from_str(text) {
        Ok(doc) => doc,
        Err(err) => return vec![fill(s.pc_not_yaml, &[("error", &err)])],
    };
    let mut out = Vec::new();
    if !doc.is_mapping() {
        out.push(s.pc_not_mapping.to_string());
        return out;
    }
    for key in ["publiccodeYmlVersion", "name"] {
        need_string(&doc, key, &mut out);
    }
    if let Some(url) = need_string(&doc, "url", &mut out)
        && !(url.starts_with("https://") || url.starts_with("http://"))
    {
        out.push(fill(
            s.pc_bad_value,
            &[("key", &"url"), ("value", &url), ("allowed", &"https://…")],
        ));
    }
    match doc.get("platforms") {
        Some(Value::String(p)) if !p.trim().is_empty() => {}
        Some(Value::Sequence(list))
            if !list.is_empty() && list.iter().all(|v| v.as_str().is_some()) => {}
        _ => out.push(fill(s.pc_missing, &[("key", &"platforms")])),
    }
    one_of(&doc, "developmentStatus", STATUSES, &mut out);
    one_of(&doc, "softwareType", SOFTWARE_TYPES, &mut out);
    descriptions(&doc, &mut out);
    licence(&doc, &mut out);
    maintenance(&doc, &mut out);
    localisation(&doc, &mut out);
    if let Some(organisation) = doc.get("organisation")
        && organisation
            .get("uri")
            .and_then(Value::as_str)
            .is_none_or(|u| u.trim().is_empty())
    {
        out.push(fill(s.pc_missing, &[("key", &"organisation.uri")]));
    }
    out
}

/// The licence expression of `legal.license`, if it is there.
pub fn licence_expression(text: &str) -> Option<String> {
    let doc: Value = serde_yaml_ng::from_str(text).ok()?;
    doc.get("legal")?
        .get("license")?
        .as_str()
        .map(str::to_string)
}

fn need_string(doc: &Value, key: &str, out: &mut Vec<String>) -> Option<String> {
    match doc.get(key).and_then(Value::as_str) {
        Some(value) if !value.trim().is_empty() => Some(value.to_string()),
        _ => {
            out.push(fill(t().scaffold.pc_missing, &[("key", &key)]));
            None
        }
    }
}

fn one_of(doc: &Value, key: &str, allowed: &[&str], out: &mut Vec<String>) {
    if let Some(value) = need_string(doc, key, out)
        && !allowed.contains(&value.as_str())
    {
        out.push(fill(
            t().scaffold.pc_bad_value,
            &[
                ("key", &key),
                ("value", &value),
                ("allowed", &allowed.join(", ")),
            ],
        ));
    }
}

fn descriptions(doc: &Value, out: &mut Vec<String>) {
    let s = &t().scaffold;
    // `description.<language>`, in the user's language.
    let any = |name: &str| {
        let key = format!("description.{}{name}", s.pc_any_language);
        fill(s.pc_missing, &[("key", &key)])
    };
    let Some(Value::Mapping(languages)) = doc.get("description") else {
        out.push(any(""));
        return;
    };
    if languages.is_empty() {
        out.push(any(""));
    }
    let mut has_long = false;
    let mut has_features = false;
    for (lang, body) in languages {
        let lang = lang.as_str().unwrap_or("?");
        let key = |name: &str| format!("description.{lang}.{name}");
        match body.get("shortDescription").and_then(Value::as_str) {
            Some(short) => length(&key("shortDescription"), short, 1, 150, out),
            None => out.push(fill(s.pc_missing, &[("key", &key("shortDescription"))])),
        }
        if let Some(long) = body.get("longDescription").and_then(Value::as_str) {
            has_long = true;
            length(&key("longDescription"), long, 150, 10_000, out);
        }
        if let Some(Value::Sequence(features)) = body.get("features")
            && !features.is_empty()
        {
            has_features = true;
        }
    }
    if !has_long {
        out.push(any(".longDescription"));
    }
    if !has_features {
        out.push(any(".features"));
    }
}

fn length(key: &str, text: &str, min: usize, max: usize, out: &mut Vec<String>) {
    let count = text.chars().count();
    if count < min || count > max {
        out.push(fill(
            t().scaffold.pc_length,
            &[
                ("key", &key),
                ("count", &count),
                ("min", &min),
                ("max", &max),
            ],
        ));
    }
}

fn licence(doc: &Value, out: &mut Vec<String>) {
    if doc
        .get("legal")
        .and_then(|l| l.get("license"))
        .and_then(Value::as_str)
        .is_none()
    {
        out.push(fill(t().scaffold.pc_missing, &[("key", &"legal.license")]));
    }
}

fn maintenance(doc: &Value, out: &mut Vec<String>) {
    let s = &t().scaffold;
    let Some(maintenance) = doc.get("maintenance") else {
        out.push(fill(s.pc_missing, &[("key", &"maintenance.type")]));
        return;
    };
    let kind = maintenance.get("type").and_then(Value::as_str);
    match kind {
        Some(kind) if MAINTENANCE.contains(&kind) => {}
        Some(kind) => out.push(fill(
            s.pc_bad_value,
            &[
                ("key", &"maintenance.type"),
                ("value", &kind),
                ("allowed", &MAINTENANCE.join(", ")),
            ],
        )),
        None => out.push(fill(s.pc_missing, &[("key", &"maintenance.type")])),
    }
    if matches!(kind, Some("internal" | "community")) {
        let named = |c: &Value| {
            c.get("name")
                .and_then(Value::as_str)
                .is_some_and(|n| !n.trim().is_empty())
        };
        match maintenance.get("contacts") {
            Some(Value::Sequence(contacts))
                if !contacts.is_empty() && contacts.iter().all(named) => {}
            _ => out.push(fill(
                s.pc_missing,
                &[("key", &"maintenance.contacts[].name")],
            )),
        }
    }
}

fn localisation(doc: &Value, out: &mut Vec<String>) {
    let s = &t().scaffold;
    let localisation = doc.get("localisation");
    if !localisation
        .and_then(|l| l.get("localisationReady"))
        .is_some_and(Value::is_bool)
    {
        out.push(fill(
            s.pc_missing,
            &[("key", &"localisation.localisationReady")],
        ));
    }
    match localisation.and_then(|l| l.get("availableLanguages")) {
        Some(Value::Sequence(list))
            if !list.is_empty() && list.iter().all(|v| v.as_str().is_some()) => {}
        _ => out.push(fill(
            s.pc_missing,
            &[("key", &"localisation.availableLanguages")],
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VALID: &str = r#"
publiccodeYmlVersion: "0.7"
name: Projet
url: "https://github.com/ville/projet"
platforms: [web]
developmentStatus: concept
softwareType: standalone/other
description:
  fr:
    shortDescription: Court.
    longDescription: "LONG"
    features: [Une]
legal:
  license: MIT
maintenance:
  type: internal
  contacts:
    - name: Camille
localisation:
  localisationReady: false
  availableLanguages: [fr]
"#;

    fn valid() -> String {
        VALID.replace("LONG", &"x".repeat(150))
    }

    #[test]
    fn a_complete_file_has_no_problem() {
        assert_eq!(problems(&valid()), Vec::<String>::new());
    }

    #[test]
    fn each_missing_or_bad_key_is_a_problem() {
        let valid = valid();
        assert_eq!(
            problems(&valid.replace("developmentStatus: concept", "developmentStatus: fini")).len(),
            1
        );
        assert_eq!(
            problems(&valid.replace("    - name: Camille\n", "")).len(),
            1
        );
        assert_eq!(problems(&valid.replace("xxxxxxxxxx", "")).len(), 1);
        assert_eq!(problems(&valid.replace("name: Projet\n", "")).len(), 1);
        assert_eq!(
            problems(&format!("{valid}organisation:\n  name: Ville\n")).len(),
            1
        );
        assert!(!problems("a: [").is_empty());
    }
}
