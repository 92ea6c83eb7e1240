//! publiccode.yml, checked against the standard (publiccode.yml 0.4, and
//! the versions its reference parser still reads): every key known, of its
//! type, with the values the standard allows. Each problem found is one
//! short sentence.
//!
//! What is checked, key by key (the standard's rules):
//! - no key outside the standard, at any level; `IT` and its deprecated
//!   spelling `it` not both;
//! - `publiccodeYmlVersion` one of the published versions;
//! - `name`, `url` (a URL with a scheme and a host), `platforms` (a
//!   non-empty list), `developmentStatus`, `softwareType`, `description`,
//!   `legal.license`, `maintenance.type`, `localisation.localisationReady`
//!   (a boolean) and `localisation.availableLanguages` required;
//! - texts where texts are due, lists where lists are, booleans, mappings;
//! - the enumerations: `developmentStatus`, `softwareType`,
//!   `maintenance.type`, `categories`, `intendedAudience.scope`,
//!   `IT.countryExtensionVersion`;
//! - dates `YYYY-MM-DD` that exist (`releaseDate`, `contractors[].until`);
//! - web addresses (`landingURL`, `roadmap`, `documentation`,
//!   `apiDocumentation`, `videos`, `contractors[].website`: http or https),
//!   `isBasedOn` (URLs), organisation URIs (a URL or a `urn:`);
//! - `description` keyed by language tags whose language is an ISO 639-1
//!   code (`fr`, `en-GB`), each with `shortDescription` (150 characters at
//!   most), `longDescription` (150 to 10,000), `features` (not empty) and
//!   `genericName` (35 at most);
//! - `maintenance.contacts` required for `internal` and `community`,
//!   `maintenance.contractors` required for `contract` and only then, each
//!   with a `name` (and `until` for contractors), e-mails valid;
//! - languages of `localisation.availableLanguages` as in `description`;
//!   countries as ISO 3166-1 alpha-2; MIME types as `type/subtype`;
//! - logos: a relative path or an http(s) URL, `.svg` or `.png`, present in
//!   the repository when it is a path; `legal.authorsFile` present too.
//!
//! The read is bounded: a file over [`MAX_BYTES`] or nested deeper than
//! [`MAX_DEPTH`] is refused before the YAML parser sees it.

use std::path::Path;

use serde_yaml_ng::{Mapping, Value};

use crate::i18n::{fill, t};

/// A larger publiccode.yml is refused without being parsed.
pub const MAX_BYTES: usize = 256 * 1024;
/// Deeper nesting (flow brackets, or indentation levels) is refused
/// without being parsed: the standard's deepest key is 4 levels down.
pub(crate) const MAX_DEPTH: usize = 32;

const VERSIONS: &[&str] = &[
    "0", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0", "0.5", "0.5.0", "0.7",
    "0.7.0",
];
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
/// The standards and platforms `supports[].id` may name as `alias:<name>`.
const SUPPORTS_ALIASES: &[&str] = &[
    "gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io",
];
const COUNTRY_EXTENSION_VERSIONS: &[&str] = &["0.2", "1.0"];

/// The standard's categories.
const CATEGORIES: &str = "accounting agile-project-management applicant-tracking \
application-development appointment-scheduling backup billing-and-invoicing blog budgeting \
business-intelligence business-process-management cad call-center-management cloud-management \
collaboration communications compliance-management contact-management content-management crm \
customer-service-and-support data-analytics data-collection data-visualization design \
design-system digital-asset-management digital-citizenship document-management donor-management \
e-commerce e-signature educational-content email-management email-marketing employee-management \
enterprise-project-management enterprise-social-networking erp event-management \
facility-management feedback-and-reviews-management financial-reporting fleet-management \
fundraising gamification geographic-information-systems grant-management graphic-design help-desk \
hr ide identity-management instant-messaging integrated-library-system inventory-management \
it-asset-management it-development it-management it-security it-service-management \
knowledge-management learning-management-system marketing mind-mapping mobile-marketing \
mobile-payment network-management office online-booking online-community payment-gateway payroll \
predictive-analysis procurement productivity-suite project-collaboration project-management \
property-management real-estate-management regulations-and-directives remote-support \
resource-management sales-management seo service-desk social-media-management survey \
talent-management task-management taxes-management test-management time-management time-tracking \
translation video-conferencing video-editing visitor-management voip warehouse-management \
web-collaboration web-conferencing whistleblowing website-builder workflow-management other";

/// The standard's scopes, for `intendedAudience.scope`.
const SCOPES: &str = "agriculture culture defence education emergency-services employment \
energy environment finance-and-economic-development foreign-affairs government healthcare \
infrastructures justice local-authorities manufacturing research science-and-technology security \
society sport tourism transportation welfare";

/// ISO 639-1 language codes.
const LANGUAGES: &str = "aa ab ae af ak am an ar as av ay az ba be bg bh bi bm bn bo br bs ca \
ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu fa ff fi fj fo fr fy ga gd gl gn gu gv \
ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km kn ko kr ks \
ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr \
nv ny oc oj om or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss \
st su sv sw ta te tg th ti tk tl tn to tr ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh \
zu";

/// ISO 3166-1 alpha-2 country codes.
const COUNTRIES: &str = "AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH \
BI BJ BL BM BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY \
CZ DE DJ DK DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP \
GQ GR GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM \
KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR \
MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS \
PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TC TD \
TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG VI VN VU WF WS YE YT ZA \
ZM ZW";

const TOP_KEYS: &[&str] = &[
    "publiccodeYmlVersion",
    "name",
    "applicationSuite",
    "url",
    "landingURL",
    "isBasedOn",
    "softwareVersion",
    "releaseDate",
    "logo",
    "monochromeLogo",
    "organisation",
    "inputTypes",
    "outputTypes",
    "platforms",
    "categories",
    "usedBy",
    "fundedBy",
    "roadmap",
    "developmentStatus",
    "softwareType",
    "supports",
    "intendedAudience",
    "description",
    "legal",
    "maintenance",
    "localisation",
    "dependsOn",
    "IT",
    "it",
];
const DESCRIPTION_KEYS: &[&str] = &[
    "localisedName",
    "genericName",
    "shortDescription",
    "longDescription",
    "documentation",
    "apiDocumentation",
    "features",
    "screenshots",
    "videos",
    "awards",
];

/// The problems of a publiccode.yml text; empty when it is valid. Files it
/// names (logos, authors file) are not looked for.
pub fn problems(text: &str) -> Vec<String> {
    problems_in(text, None)
}

/// The problems of a publiccode.yml text, the files it names looked for
/// under `root` when given.
pub fn problems_in(text: &str, root: Option<&Path>) -> Vec<String> {
    let s = &t().scaffold;
    if text.len() > MAX_BYTES {
        return vec![fill(s.pc_too_big, &[("max", &(MAX_BYTES / 1024))])];
    }
    if too_deep(text) {
        return vec![fill(s.pc_too_deep, &[("max", &MAX_DEPTH)])];
    }
    let doc: Value = match serde_yaml_ng::from_str(text) {
        Ok(doc) => doc,
        Err(err) => return vec![fill(s.pc_not_yaml, &[("error", &err)])],
    };
    let Value::Mapping(map) = doc else {
        return vec![s.pc_not_mapping.to_string()];
    };
    let mut c = Checker {
        out: Vec::new(),
        root,
    };
    c.top(&map);
    c.out
}

/// The licence expression of `legal.license`, if it is there.
pub(crate) fn licence_expression(text: &str) -> Option<String> {
    if text.len() > MAX_BYTES || too_deep(text) {
        return None;
    }
    let doc: Value = serde_yaml_ng::from_str(text).ok()?;
    doc.get("legal")?
        .get("license")?
        .as_str()
        .map(str::to_string)
}

/// Whether the text nests deeper than [`MAX_DEPTH`], by flow brackets or
/// by indentation, checked in one pass before any parsing: a YAML parser
/// may take long or recurse deep on `[[[[…`.
fn too_deep(text: &str) -> bool {
    let mut depth: usize = 0;
    let mut quote: Option<char> = None;
    let mut indents: Vec<usize> = Vec::new();
    for line in text.lines() {
        let trimmed = line.trim_start_matches([' ', '-']);
        if quote.is_none() && depth == 0 && !trimmed.is_empty() && !trimmed.starts_with('#') {
            let indent = line.len() - trimmed.len();
            while indents.last().is_some_and(|&i| i >= indent) {
                indents.pop();
            }
            indents.push(indent);
            if indents.len() > MAX_DEPTH {
                return true;
            }
        }
        let mut previous = ' ';
        for ch in line.chars() {
            match (quote, ch) {
                (None, '#') if previous.is_whitespace() => break,
                (None, '"' | '\'') => quote = Some(ch),
                (Some(q), _) if ch == q => quote = None,
                (None, '[' | '{') => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return true;
                    }
                }
                (None, ']' | '}') => depth = depth.saturating_sub(1),
                _ => {}
            }
            previous = ch;
        }
        // Single-quoted and plain scalars do not span lines with brackets
        // that matter here; a double-quoted one may.
        if quote == Some('\'') {
            quote = None;
        }
    }
    false
}

struct Checker<'a> {
    out: Vec<String>,
    root: Option<&'a Path>,
}

/// The expected type of a value, for messages.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    List,
    Map,
    Bool,
}

fn is_text(value: &Value) -> bool {
    matches!(value, Value::String(_) | Value::Number(_))
}

fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn words(list: &str) -> impl Iterator<Item = &str> {
    list.split_whitespace()
}

impl Checker<'_> {
    fn push(&mut self, message: String) {
        self.out.push(message);
    }

    fn missing(&mut self, key: &str) {
        self.push(fill(t().scaffold.pc_missing, &[("key", &key)]));
    }

    fn wrong_type(&mut self, key: &str, kind: Kind) {
        let s = &t().scaffold;
        let expected = match kind {
            Kind::Text => s.pc_type_text,
            Kind::List => s.pc_type_list,
            Kind::Map => s.pc_type_map,
            Kind::Bool => s.pc_type_bool,
        };
        self.push(fill(
            s.pc_wrong_type,
            &[("key", &key), ("expected", &expected)],
        ));
    }

    fn invalid(&mut self, template: &str, key: &str, value: &str) {
        self.push(fill(template, &[("key", &key), ("value", &value)]));
    }

    fn bad_value(&mut self, key: &str, value: &str, allowed: &str) {
        self.push(fill(
            t().scaffold.pc_bad_value,
            &[("key", &key), ("value", &value), ("allowed", &allowed)],
        ));
    }

    /// Unknown keys of a mapping, each a problem.
    fn known_keys(&mut self, map: &Mapping, prefix: &str, known: &[&str]) {
        for key in map.keys() {
            let name = match key {
                Value::String(s) => s.clone(),
                other => format!("{other:?}"),
            };
            if !known.contains(&name.as_str()) {
                let full = join(prefix, &name);
                self.push(fill(t().scaffold.pc_unknown_key, &[("key", &full)]));
            }
        }
    }

    /// A mapping under `key`, or a problem when it is there and is not one.
    fn map<'v>(&mut self, parent: &'v Mapping, prefix: &str, key: &str) -> Option<&'v Mapping> {
        match parent.get(key)? {
            Value::Mapping(map) => Some(map),
            _ => {
                self.wrong_type(&join(prefix, key), Kind::Map);
                None
            }
        }
    }

    /// A required mapping.
    fn need_map<'v>(
        &mut self,
        parent: &'v Mapping,
        prefix: &str,
        key: &str,
    ) -> Option<&'v Mapping> {
        if parent.get(key).is_none_or(Value::is_null) {
            self.missing(&join(prefix, key));
            return None;
        }
        self.map(parent, prefix, key)
    }

    /// A text under `key`, if present; a problem if not a text.
    fn text(&mut self, parent: &Mapping, prefix: &str, key: &str) -> Option<String> {
        let value = parent.get(key)?;
        match text_of(value) {
            Some(text) => Some(text),
            None => {
                self.wrong_type(&join(prefix, key), Kind::Text);
                None
            }
        }
    }

    /// A required, non-empty text.
    fn need_text(&mut self, parent: &Mapping, prefix: &str, key: &str) -> Option<String> {
        match parent.get(key) {
            None | Some(Value::Null) => {
                self.missing(&join(prefix, key));
                None
            }
            Some(_) => {
                let text = self.text(parent, prefix, key)?;
                if text.trim().is_empty() {
                    self.missing(&join(prefix, key));
                    return None;
                }
                Some(text)
            }
        }
    }

    fn boolean(&mut self, parent: &Mapping, prefix: &str, key: &str, required: bool) {
        match parent.get(key) {
            None | Some(Value::Null) if required => self.missing(&join(prefix, key)),
            None | Some(Value::Null) | Some(Value::Bool(_)) => {}
            Some(_) => self.wrong_type(&join(prefix, key), Kind::Bool),
        }
    }

    /// A list of texts under `key`, if present (a problem for each item that
    /// is not a text, or if it is not a list).
    fn texts(&mut self, parent: &Mapping, prefix: &str, key: &str) -> Option<Vec<String>> {
        let value = parent.get(key)?;
        if value.is_null() {
            return Some(Vec::new());
        }
        let Value::Sequence(items) = value else {
            self.wrong_type(&join(prefix, key), Kind::List);
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            match text_of(item) {
                Some(text) => out.push(text),
                None => self.wrong_type(&format!("{}[{i}]", join(prefix, key)), Kind::Text),
            }
        }
        Some(out)
    }

    fn one_of(&mut self, key: &str, value: &str, allowed: &[&str]) {
        if !allowed.contains(&value) {
            self.bad_value(key, value, &allowed.join(", "));
        }
    }

    fn top(&mut self, map: &Mapping) {
        let s = &t().scaffold;
        self.known_keys(map, "", TOP_KEYS);
        if let Some(version) = self.need_text(map, "", "publiccodeYmlVersion") {
            self.one_of("publiccodeYmlVersion", &version, VERSIONS);
        }
        self.need_text(map, "", "name");
        self.text(map, "", "applicationSuite");
        if let Some(url) = self.need_text(map, "", "url")
            && !is_url(&url)
        {
            self.invalid(s.pc_bad_url, "url", &url);
        }
        self.web_url(map, "", "landingURL");
        self.web_url(map, "", "roadmap");
        match map.get("isBasedOn") {
            Some(value) if is_text(value) => {
                let url = text_of(value).unwrap_or_default();
                if !is_url(&url) {
                    self.invalid(s.pc_bad_url, "isBasedOn", &url);
                }
            }
            Some(_) => {
                for url in self.texts(map, "", "isBasedOn").unwrap_or_default() {
                    if !is_url(&url) {
                        self.invalid(s.pc_bad_url, "isBasedOn", &url);
                    }
                }
            }
            None => {}
        }
        self.text(map, "", "softwareVersion");
        if let Some(date) = self.text(map, "", "releaseDate")
            && !is_date(&date)
        {
            self.invalid(s.pc_bad_date, "releaseDate", &date);
        }
        self.logo(map, "logo");
        self.logo(map, "monochromeLogo");
        if let Some(org) = self.map(map, "", "organisation") {
            self.organisation(org, "organisation");
        }
        for key in ["inputTypes", "outputTypes"] {
            for mime in self.texts(map, "", key).unwrap_or_default() {
                if !is_mime(&mime) {
                    self.invalid(s.pc_bad_mime, key, &mime);
                }
            }
        }
        match map.get("platforms") {
            None | Some(Value::Null) => self.missing("platforms"),
            Some(Value::Sequence(list)) if list.is_empty() => self.missing("platforms"),
            Some(_) => {
                self.texts(map, "", "platforms");
            }
        }
        for category in self.texts(map, "", "categories").unwrap_or_default() {
            if !words(CATEGORIES).any(|c| c == category) {
                self.bad_value("categories", &category, "yml.publiccode.tools");
            }
        }
        self.texts(map, "", "usedBy");
        match map.get("fundedBy") {
            Some(Value::Sequence(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let key = format!("fundedBy[{i}]");
                    match item {
                        Value::Mapping(org) => self.organisation(org, &key),
                        _ => self.wrong_type(&key, Kind::Map),
                    }
                }
            }
            Some(Value::Null) | None => {}
            Some(_) => self.wrong_type("fundedBy", Kind::List),
        }
        if let Some(status) = self.need_text(map, "", "developmentStatus") {
            self.one_of("developmentStatus", &status, STATUSES);
        }
        if let Some(kind) = self.need_text(map, "", "softwareType") {
            self.one_of("softwareType", &kind, SOFTWARE_TYPES);
        }
        match map.get("supports") {
            Some(Value::Sequence(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let key = format!("supports[{i}]");
                    match item {
                        Value::Mapping(m) => {
                            self.known_keys(m, &key, &["id"]);
                            if let Some(id) = self.need_text(m, &key, "id")
                                && let Some(alias) = id.strip_prefix("alias:")
                                && !SUPPORTS_ALIASES.contains(&alias)
                            {
                                self.bad_value(
                                    &join(&key, "id"),
                                    &id,
                                    &SUPPORTS_ALIASES.join(", "),
                                );
                            }
                        }
                        _ => self.wrong_type(&key, Kind::Map),
                    }
                }
            }
            Some(Value::Null) | None => {}
            Some(_) => self.wrong_type("supports", Kind::List),
        }
        if let Some(audience) = self.map(map, "", "intendedAudience") {
            self.audience(audience);
        }
        self.descriptions(map);
        if let Some(legal) = self.need_map(map, "", "legal") {
            self.legal(legal);
        }
        if let Some(maintenance) = self.need_map(map, "", "maintenance") {
            self.maintenance(maintenance);
        }
        if let Some(localisation) = self.need_map(map, "", "localisation") {
            self.known_keys(
                localisation,
                "localisation",
                &["localisationReady", "availableLanguages"],
            );
            self.boolean(localisation, "localisation", "localisationReady", true);
            match self.texts(localisation, "localisation", "availableLanguages") {
                Some(list) if !list.is_empty() => {
                    for lang in list {
                        if !is_language_tag(&lang) {
                            self.invalid(
                                s.pc_bad_language,
                                "localisation.availableLanguages",
                                &lang,
                            );
                        }
                    }
                }
                Some(_) => self.missing("localisation.availableLanguages"),
                None if !localisation.contains_key("availableLanguages") => {
                    self.missing("localisation.availableLanguages")
                }
                None => {}
            }
        }
        if let Some(depends) = self.map(map, "", "dependsOn") {
            self.depends_on(depends);
        }
        if map.contains_key("IT") && map.contains_key("it") {
            self.push(s.pc_it_twice.to_string());
        }
        for key in ["IT", "it"] {
            if let Some(it) = self.map(map, "", key) {
                self.italy(it, key);
            }
        }
    }

    fn web_url(&mut self, parent: &Mapping, prefix: &str, key: &str) {
        if let Some(url) = self.text(parent, prefix, key)
            && !is_web_url(&url)
        {
            self.invalid(t().scaffold.pc_bad_url, &join(prefix, key), &url);
        }
    }

    fn logo(&mut self, map: &Mapping, key: &str) {
        let s = &t().scaffold;
        let Some(logo) = self.text(map, "", key) else {
            return;
        };
        let lower = logo.to_lowercase();
        let remote = lower.starts_with("https://") || lower.starts_with("http://");
        if (!remote && (lower.contains("://") || lower.starts_with("file:")))
            || logo.starts_with('/')
            || logo.trim().is_empty()
        {
            self.invalid(s.pc_bad_logo, key, &logo);
            return;
        }
        if !(lower.ends_with(".svg") || lower.ends_with(".svgz") || lower.ends_with(".png")) {
            self.invalid(s.pc_bad_logo, key, &logo);
            return;
        }
        self.file_exists(key, &logo, remote);
    }

    fn file_exists(&mut self, key: &str, path: &str, remote: bool) {
        let Some(root) = self.root else {
            return;
        };
        if remote {
            return;
        }
        let full = root.join(path);
        if !full.is_file() {
            self.invalid(t().scaffold.pc_missing_file, key, path);
        } else if path.to_lowercase().ends_with(".png") && !starts_like_png(&full) {
            self.invalid(t().scaffold.pc_bad_logo, key, path);
        }
    }

    fn organisation(&mut self, org: &Mapping, key: &str) {
        self.known_keys(org, key, &["name", "uri"]);
        self.text(org, key, "name");
        if let Some(uri) = self.need_text(org, key, "uri")
            && !is_organisation_uri(&uri)
        {
            self.invalid(t().scaffold.pc_bad_url, &join(key, "uri"), &uri);
        }
    }

    fn audience(&mut self, audience: &Mapping) {
        let s = &t().scaffold;
        let prefix = "intendedAudience";
        self.known_keys(
            audience,
            prefix,
            &["scope", "countries", "unsupportedCountries"],
        );
        for scope in self.texts(audience, prefix, "scope").unwrap_or_default() {
            if !words(SCOPES).any(|c| c == scope) {
                self.bad_value("intendedAudience.scope", &scope, "yml.publiccode.tools");
            }
        }
        for key in ["countries", "unsupportedCountries"] {
            for country in self.texts(audience, prefix, key).unwrap_or_default() {
                let upper = country.to_uppercase();
                // All capitals or all small letters, not mixed.
                let one_case = country == upper || country == country.to_lowercase();
                let known = one_case && country.len() == 2 && words(COUNTRIES).any(|c| c == upper);
                if !known {
                    self.invalid(s.pc_bad_country, &join(prefix, key), &country);
                }
            }
        }
    }

    fn descriptions(&mut self, map: &Mapping) {
        let s = &t().scaffold;
        let any = |name: &str| format!("description.{}{name}", s.pc_any_language);
        let languages = match map.get("description") {
            None | Some(Value::Null) => {
                self.missing(&any(""));
                return;
            }
            Some(Value::Mapping(languages)) => languages,
            Some(_) => {
                self.wrong_type("description", Kind::Map);
                return;
            }
        };
        if languages.is_empty() {
            self.missing(&any(""));
        }
        for (lang, body) in languages {
            let lang = text_of(lang).unwrap_or_default();
            if !is_language_tag(&lang) {
                self.invalid(s.pc_bad_language, "description", &lang);
            }
            let prefix = format!("description.{lang}");
            let Value::Mapping(body) = body else {
                self.wrong_type(&prefix, Kind::Map);
                continue;
            };
            self.known_keys(body, &prefix, DESCRIPTION_KEYS);
            self.text(body, &prefix, "localisedName");
            if let Some(generic) = self.text(body, &prefix, "genericName") {
                self.length(&join(&prefix, "genericName"), &generic, 0, 35);
            }
            if let Some(short) = self.need_text(body, &prefix, "shortDescription") {
                self.length(&join(&prefix, "shortDescription"), &short, 1, 150);
            }
            match body.get("longDescription") {
                None | Some(Value::Null) => self.missing(&join(&prefix, "longDescription")),
                Some(_) => {
                    if let Some(long) = self.text(body, &prefix, "longDescription") {
                        self.length(&join(&prefix, "longDescription"), &long, 150, 10_000);
                    }
                }
            }
            for key in ["documentation", "apiDocumentation"] {
                self.web_url(body, &prefix, key);
            }
            match self.texts(body, &prefix, "features") {
                Some(list) if !list.is_empty() => {}
                None if body.contains_key("features") => {}
                _ => self.missing(&join(&prefix, "features")),
            }
            for shot in self.texts(body, &prefix, "screenshots").unwrap_or_default() {
                let lower = shot.to_lowercase();
                let remote = lower.starts_with("https://") || lower.starts_with("http://");
                self.file_exists(&join(&prefix, "screenshots"), &shot, remote);
            }
            self.texts(body, &prefix, "awards");
            for video in self.texts(body, &prefix, "videos").unwrap_or_default() {
                if !is_web_url(&video) {
                    self.invalid(s.pc_bad_url, &join(&prefix, "videos"), &video);
                }
            }
        }
    }

    fn length(&mut self, key: &str, text: &str, min: usize, max: usize) {
        let count = text.chars().count();
        if count < min || count > max {
            self.push(fill(
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

    fn legal(&mut self, legal: &Mapping) {
        self.known_keys(
            legal,
            "legal",
            &["license", "mainCopyrightOwner", "repoOwner", "authorsFile"],
        );
        // Whether the licence is valid is the publiccode-license rule's.
        if legal.get("license").is_some_and(|v| !v.is_null()) {
            self.text(legal, "legal", "license");
        }
        self.text(legal, "legal", "mainCopyrightOwner");
        self.text(legal, "legal", "repoOwner");
        if let Some(authors) = self.text(legal, "legal", "authorsFile") {
            self.file_exists("legal.authorsFile", &authors, false);
        }
    }

    fn maintenance(&mut self, maintenance: &Mapping) {
        let prefix = "maintenance";
        self.known_keys(maintenance, prefix, &["type", "contractors", "contacts"]);
        let kind = self.need_text(maintenance, prefix, "type");
        if let Some(kind) = &kind {
            self.one_of("maintenance.type", kind, MAINTENANCE);
        }
        let kind = kind.as_deref();
        let present = |key: &str| maintenance.get(key).is_some_and(|v| !v.is_null());
        if matches!(kind, Some("internal" | "community")) && !present("contacts") {
            self.missing("maintenance.contacts");
        }
        if kind == Some("contract") && !present("contractors") {
            self.missing("maintenance.contractors");
        }
        if present("contractors") && kind.is_some_and(|k| k != "contract") {
            self.push(fill(
                t().scaffold.pc_only_with,
                &[
                    ("key", &"maintenance.contractors"),
                    ("condition", &"maintenance.type: contract"),
                ],
            ));
        }
        self.people(
            maintenance,
            "contacts",
            &["name", "email", "affiliation", "phone"],
        );
        self.people(
            maintenance,
            "contractors",
            &["name", "email", "website", "until"],
        );
    }

    fn people(&mut self, maintenance: &Mapping, key: &str, known: &[&str]) {
        let s = &t().scaffold;
        let items = match maintenance.get(key) {
            None | Some(Value::Null) => return,
            Some(Value::Sequence(items)) => items,
            Some(_) => {
                self.wrong_type(&format!("maintenance.{key}"), Kind::List);
                return;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let prefix = format!("maintenance.{key}[{i}]");
            let Value::Mapping(person) = item else {
                self.wrong_type(&prefix, Kind::Map);
                continue;
            };
            self.known_keys(person, &prefix, known);
            self.need_text(person, &prefix, "name");
            if let Some(email) = self.text(person, &prefix, "email")
                && crate::policy::validate::email(&email).is_err()
            {
                self.invalid(s.pc_bad_email, &join(&prefix, "email"), &email);
            }
            self.text(person, &prefix, "affiliation");
            self.text(person, &prefix, "phone");
            if known.contains(&"website") {
                self.web_url(person, &prefix, "website");
            }
            if known.contains(&"until")
                && let Some(until) = self.need_text(person, &prefix, "until")
                && !is_date(&until)
            {
                self.invalid(s.pc_bad_date, &join(&prefix, "until"), &until);
            }
        }
    }

    fn depends_on(&mut self, depends: &Mapping) {
        self.known_keys(depends, "dependsOn", &["open", "proprietary", "hardware"]);
        for kind in ["open", "proprietary", "hardware"] {
            let items = match depends.get(kind) {
                None | Some(Value::Null) => continue,
                Some(Value::Sequence(items)) => items,
                Some(_) => {
                    self.wrong_type(&format!("dependsOn.{kind}"), Kind::List);
                    continue;
                }
            };
            for (i, item) in items.iter().enumerate() {
                let prefix = format!("dependsOn.{kind}[{i}]");
                let Value::Mapping(dep) = item else {
                    self.wrong_type(&prefix, Kind::Map);
                    continue;
                };
                self.known_keys(
                    dep,
                    &prefix,
                    &["name", "versionMin", "versionMax", "optional", "version"],
                );
                self.need_text(dep, &prefix, "name");
                for key in ["versionMin", "versionMax", "version"] {
                    self.text(dep, &prefix, key);
                }
                self.boolean(dep, &prefix, "optional", false);
            }
        }
    }

    fn italy(&mut self, it: &Mapping, key: &str) {
        self.known_keys(
            it,
            key,
            &[
                "countryExtensionVersion",
                "conforme",
                "riuso",
                "piattaforme",
            ],
        );
        if let Some(version) = self.text(it, key, "countryExtensionVersion") {
            self.one_of(
                &join(key, "countryExtensionVersion"),
                &version,
                COUNTRY_EXTENSION_VERSIONS,
            );
        }
        let sections: [(&str, &[&str]); 3] = [
            (
                "conforme",
                &[
                    "lineeGuidaDesign",
                    "modelloInteroperabilita",
                    "misureMinimeSicurezza",
                    "gdpr",
                ],
            ),
            ("piattaforme", &["spid", "pagopa", "cie", "anpr", "io"]),
            ("riuso", &["codiceIPA"]),
        ];
        for (section, keys) in sections {
            let prefix = join(key, section);
            if let Some(map) = self.map(it, key, section) {
                self.known_keys(map, &prefix, keys);
                for k in keys {
                    if *k == "codiceIPA" {
                        if let Some(code) = self.text(map, &prefix, k)
                            && !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        {
                            self.invalid(t().scaffold.pc_bad_value_short, &join(&prefix, k), &code);
                        }
                    } else {
                        self.boolean(map, &prefix, k, false);
                    }
                }
            }
        }
    }
}

/// Whether a file starts with the PNG signature (8 bytes read).
fn starts_like_png(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 8];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == *b"\x89PNG\r\n\x1a\n"
}

fn join(prefix: &str, key: &str) -> String {
    if prefix.is_empty() {
        key.to_string()
    } else {
        format!("{prefix}.{key}")
    }
}

/// A URL with a scheme and a host (`https://…`, `git://…`, `ssh://…`).
fn is_url(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    let scheme_ok = scheme
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or("");
    scheme_ok && !host.is_empty() && !text.chars().any(char::is_whitespace)
}

/// An http or https URL.
fn is_web_url(text: &str) -> bool {
    let lower = text.to_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && is_url(text)
}

/// An organisation URI: a URL with a host, or a `urn:`.
fn is_organisation_uri(text: &str) -> bool {
    if let Some(rest) = text
        .strip_prefix("urn:")
        .or_else(|| text.strip_prefix("URN:"))
    {
        let mut parts = rest.splitn(2, ':');
        let nid = parts.next().unwrap_or("");
        let nss = parts.next().unwrap_or("");
        return !nid.is_empty()
            && nid.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            && !nss.is_empty()
            && !nss.chars().any(char::is_whitespace);
    }
    is_url(text)
}

/// A calendar date written `YYYY-MM-DD`, that exists.
fn is_date(text: &str) -> bool {
    let bytes = text.as_bytes();
    let shape = bytes.len() == 10
        && bytes.iter().enumerate().all(|(i, b)| {
            if i == 4 || i == 7 {
                *b == b'-'
            } else {
                b.is_ascii_digit()
            }
        });
    shape && text.parse::<jiff::civil::Date>().is_ok()
}

/// A MIME type: `type/subtype`, with the usual characters.
fn is_mime(text: &str) -> bool {
    let token = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    match text.split_once('/') {
        Some((kind, sub)) => {
            let sub = sub.split(';').next().unwrap_or("").trim();
            token(kind) && token(sub)
        }
        None => false,
    }
}

/// A language tag whose language is an ISO 639-1 code: `fr`, `en-GB`,
/// `zh-Hant-TW`, `sr-Latn`.
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or("");
    if !words(LANGUAGES).any(|l| l == language) {
        return false;
    }
    parts.all(|part| {
        let len = part.len();
        let alnum = part.chars().all(|c| c.is_ascii_alphanumeric());
        let region = (len == 2 && part.chars().all(|c| c.is_ascii_uppercase()))
            || (len == 3 && part.chars().all(|c| c.is_ascii_digit()));
        let script = len == 4 && part.chars().all(|c| c.is_ascii_alphabetic());
        let variant = (5..=8).contains(&len) && alnum;
        region || script || variant
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_tags_are_iso_639_1_based() {
        for good in ["fr", "en", "en-GB", "zh-Hant-TW", "es-419", "sr-Latn"] {
            assert!(is_language_tag(good), "{good}");
        }
        for bad in ["", "xxx", "fre", "en_GB", "FR", "en-gb-", "english"] {
            assert!(!is_language_tag(bad), "{bad}");
        }
    }

    #[test]
    fn dates_urls_and_mime_types() {
        assert!(is_date("2024-02-29"));
        assert!(!is_date("2023-02-29"));
        assert!(!is_date("2011-01-01 20:04:05"));
        assert!(!is_date("15/04/2017"));
        assert!(is_url("https://github.com/ville/projet"));
        assert!(is_url("git://example.org/x.git"));
        assert!(!is_url("foobar"));
        assert!(!is_url("https://"));
        assert!(is_organisation_uri("urn:x-italian-pa:pcm"));
        assert!(!is_organisation_uri("1"));
        assert!(is_mime("text/html"));
        assert!(!is_mime("html"));
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        let start = std::time::Instant::now();
        let deep = "[".repeat(80_000);
        assert!(too_deep(&deep));
        let problems = problems(&deep);
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(start.elapsed() < std::time::Duration::from_secs(1));
        let indented: String = (0..100)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert!(too_deep(&indented));
        assert!(!too_deep("a: [1, [2, {b: \"[[[[\"}]]\n# [[[[[[\n"));
    }
}
