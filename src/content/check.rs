//! The authors' checker: turns source files into steps, or into a list of
//! problems, each placed at FILE:LINE:COL.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;

use toml::Spanned;

use super::files::SourceFile;
use super::parallel::in_parallel;
use super::problem::{Problem, at, at_start};
use super::raw::{RawChoice, RawJourney, RawQuestion, RawStep};
use super::{
    Answer, Choice, FORMAT, Fingerprint, JourneyText, Question, Reflection, Step, Variant,
};
use crate::i18n::{fill, t};

/// The steps and texts of one language.
#[derive(Debug, Clone, Default)]
pub struct Group {
    pub journey: JourneyText,
    pub steps: Vec<Step>,
}

/// Valid content: the first language, and translations by language code.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    pub primary: Group,
    pub translations: BTreeMap<String, Group>,
    /// What the checker advises without refusing the content (quiz quality,
    /// typography), each placed at FILE:LINE:COL; `--strict` refuses them.
    pub warnings: Vec<Problem>,
}

/// Checks a directory of steps. `Ok` when it is valid.
pub fn check_dir(dir: &Path) -> Result<Parsed, Vec<Problem>> {
    let files = super::files::read_dir_files(dir)?;
    check_files(&files, &dir.display().to_string())
}

/// Checks source files (relative paths such as `01-vision.toml` or `en/01-vision.toml`).
pub fn check_files(files: &[SourceFile], label: &str) -> Result<Parsed, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut groups: BTreeMap<String, Vec<&SourceFile>> = BTreeMap::new();
    for file in files {
        match file.rel.split_once('/') {
            None => groups.entry(String::new()).or_default().push(file),
            Some((lang, rest)) if is_lang_code(lang) && !rest.contains('/') => {
                groups.entry(lang.to_string()).or_default().push(file)
            }
            Some(_) => problems.push(at_start(&file.name, t().core.check_not_a_step)),
        }
    }
    let mut parsed = Parsed::default();
    let primary_files = groups.remove("").unwrap_or_default();
    // The first language is French unless a team's content says otherwise:
    // only French files get the French typography warnings.
    parsed.primary = check_group(
        &primary_files,
        true,
        true,
        &mut problems,
        &mut parsed.warnings,
    );
    if parsed.primary.steps.is_empty() && problems.is_empty() {
        problems.push(at_start(label, t().core.check_no_steps));
    }
    for (lang, files) in groups {
        let french = lang == "fr";
        let group = check_group(&files, false, french, &mut problems, &mut parsed.warnings);
        compare_translation(&parsed.primary, &group, &lang, &files, &mut problems);
        parsed.translations.insert(lang, group);
    }
    if problems.is_empty() {
        Ok(parsed)
    } else {
        Err(problems)
    }
}

fn is_lang_code(name: &str) -> bool {
    name.len() == 2 && name.bytes().all(|b| b.is_ascii_lowercase())
}

/// What checking one file gave, before the files are put together.
enum Checked {
    Nothing,
    Journey(JourneyText),
    Step(Step),
}

/// What checking one file found: its problems and its warnings, in order.
#[derive(Default)]
struct Found {
    problems: Vec<Problem>,
    warnings: Vec<Problem>,
}

/// Checks one file on its own: what it holds, and what was found.
/// The steps of the first language (`primary`) get their fingerprints here.
fn check_one(file: &SourceFile, primary: bool, french: bool) -> (Checked, Found) {
    let mut found = Found::default();
    let (checked, problems) = check_one_problems(file, primary, french, &mut found.warnings);
    found.problems = problems;
    if !found.problems.is_empty() {
        found.warnings.clear();
    }
    (checked, found)
}

fn check_one_problems(
    file: &SourceFile,
    primary: bool,
    french: bool,
    warnings: &mut Vec<Problem>,
) -> (Checked, Vec<Problem>) {
    let mut problems = Vec::new();
    if let Some(problem) = &file.problem {
        problems.push(problem.clone());
        return (Checked::Nothing, problems);
    }
    let text = file.text.as_ref();
    let base = file.rel.rsplit('/').next().unwrap_or(&file.rel);
    if base == "journey.toml" {
        let checked = match check_journey(file, text, &mut problems) {
            Some(journey) => {
                if french {
                    super::warn::journey(&file.name, text, warnings);
                }
                Checked::Journey(journey)
            }
            None => Checked::Nothing,
        };
        return (checked, problems);
    }
    if !base.ends_with(".toml") {
        problems.push(at_start(&file.name, t().core.check_not_a_step));
        return (Checked::Nothing, problems);
    }
    match check_step(file, text, french, &mut problems, warnings) {
        Some(mut step) => {
            if primary {
                step.fingerprint = Fingerprint::of(&step);
            }
            (Checked::Step(step), problems)
        }
        None => (Checked::Nothing, problems),
    }
}

/// Groups of at least this many bytes are parsed on several threads. A
/// thread costs about 0.8 ms at start-up (its stack and its allocator arena,
/// measured on a 2-core VM), about what parsing 50 kB of steps takes, so the
/// shipped content (60 kB a language) stays on one thread.
const PARALLEL_FROM: usize = 256 * 1024;

/// `check` on each file, in order, on several threads for a large group.
fn check_all<T: Send>(files: &[&SourceFile], check: impl Fn(&SourceFile) -> T + Sync) -> Vec<T> {
    let size: usize = files.iter().map(|file| file.text.len()).sum();
    in_parallel(files, size >= PARALLEL_FROM, |file| check(file))
}

fn check_group(
    files: &[&SourceFile],
    primary: bool,
    french: bool,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Group {
    let mut group = Group::default();
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let checked = check_all(files, |file| check_one(file, primary, french));
    for (file, (checked, found)) in files.iter().zip(checked) {
        problems.extend(found.problems);
        warnings.extend(found.warnings);
        let step = match checked {
            Checked::Nothing => continue,
            Checked::Journey(journey) => {
                group.journey = journey;
                continue;
            }
            Checked::Step(step) => step,
        };
        let text = file.text.as_ref();
        if let Some(first) = seen.get(&step.id) {
            let raw: RawStepId = toml::from_str(text).unwrap_or_default();
            problems.push(at(
                &file.name,
                text,
                raw.id.map(|s| s.span().start).unwrap_or(0),
                &fill(
                    t().core.check_duplicate_id,
                    &[("id", &step.id), ("file", first)],
                ),
            ));
            continue;
        }
        seen.insert(step.id.clone(), file.name.clone());
        group.steps.push(step);
    }
    group
}

#[derive(Default, serde::Deserialize)]
struct RawStepId {
    id: Option<Spanned<String>>,
}

fn check_journey(
    file: &SourceFile,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<JourneyText> {
    let raw: RawJourney = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            problems.push(toml_problem(&file.name, text, &err));
            return None;
        }
    };
    check_format(&file.name, text, &raw.format, problems);
    let texts = [&raw.title, &raw.welcome, &raw.closing];
    if let Some(found) = texts.into_iter().flatten().find_map(|t| control_char(t)) {
        let code = format!("U+{:04X}", found as u32);
        let message = fill(t().core.check_control_char, &[("code", &code)]);
        problems.push(at_start(&file.name, &message));
        return None;
    }
    let feedback = super::feedback::check(&file.name, raw.id.as_deref(), raw.feedback, problems)?;
    Some(JourneyText {
        title: raw.title,
        welcome: raw.welcome,
        closing: raw.closing,
        id: raw.id,
        feedback,
    })
}

fn check_format(
    name: &str,
    text: &str,
    format: &Spanned<i64>,
    problems: &mut Vec<Problem>,
) -> bool {
    if *format.get_ref() == FORMAT {
        return true;
    }
    let message = fill(
        t().core.check_format,
        &[("found", format.get_ref()), ("supported", &FORMAT)],
    );
    problems.push(at(name, text, format.span().start, &message));
    false
}

fn check_step(
    file: &SourceFile,
    text: &str,
    french: bool,
    problems: &mut Vec<Problem>,
    warnings: &mut Vec<Problem>,
) -> Option<Step> {
    let name = file.name.as_str();
    let raw: RawStep = match toml::from_str(text) {
        Ok(raw) => raw,
        Err(err) => {
            problems.push(toml_problem(name, text, &err));
            return None;
        }
    };
    let before = problems.len();
    if !check_format(name, text, &raw.format, problems) {
        return None;
    }
    let id = raw.id.get_ref();
    if !valid_id(id) {
        problems.push(at(
            name,
            text,
            raw.id.span().start,
            &fill(t().core.check_bad_id, &[("id", id)]),
        ));
    }
    if raw.title.get_ref().trim().is_empty() {
        problems.push(at(
            name,
            text,
            raw.title.span().start,
            t().core.check_empty_title,
        ));
    }
    if raw.body.get_ref().trim().is_empty() {
        problems.push(at(
            name,
            text,
            raw.body.span().start,
            t().core.check_empty_body,
        ));
    }
    if raw.questions.is_empty() {
        problems.push(at(
            name,
            text,
            raw.id.span().start,
            t().core.check_no_question,
        ));
    }
    let count = raw.questions.len();
    let pass_mark = raw.pass_mark.as_ref().map(|mark| {
        let value = *mark.get_ref();
        if value < 1 || value as usize > count {
            let message = fill(
                t().core.check_pass_mark,
                &[("mark", &value), ("count", &count)],
            );
            problems.push(at(name, text, mark.span().start, &message));
        }
        value.max(0) as usize
    });
    let checked: Vec<(usize, Option<Question>)> = raw
        .questions
        .iter()
        .map(|q| (q.span().start, check_question(name, text, q, problems)))
        .collect();
    // Text a terminal would obey (escape sequences, bidi overrides) is
    // refused where it stands: it is never shown raw, but it is never
    // meant either.
    let control = |found: char, at_offset: usize, problems: &mut Vec<Problem>| {
        let code = format!("U+{:04X}", found as u32);
        let message = fill(t().core.check_control_char, &[("code", &code)]);
        problems.push(at(name, text, at_offset, &message));
    };
    for (field, span) in [
        (raw.title.get_ref(), raw.title.span()),
        (raw.body.get_ref(), raw.body.span()),
    ] {
        if let Some(found) = control_char(field) {
            control(found, span.start, problems);
        }
    }
    if let Some(found) = raw.source.as_deref().and_then(control_char) {
        control(found, raw.id.span().start, problems);
    }
    for (start, question) in &checked {
        if let Some(found) = question.as_ref().and_then(question_control_char) {
            control(found, *start, problems);
        }
    }
    let questions: Vec<Question> = checked.into_iter().filter_map(|(_, q)| q).collect();
    let reflection = raw.reflection.as_ref().map(|r| {
        let r = r.get_ref();
        if r.prompt.get_ref().trim().is_empty() {
            problems.push(at(
                name,
                text,
                r.prompt.span().start,
                t().core.check_empty_reflection,
            ));
        }
        Reflection {
            prompt: r.prompt.get_ref().clone(),
            commitment: r
                .commitment
                .as_ref()
                .map(|c| c.get_ref().clone())
                .filter(|c| !c.trim().is_empty()),
        }
    });
    if let Some(r) = raw.reflection.as_ref() {
        let r = r.get_ref();
        let texts = [
            Some(r.prompt.get_ref().as_str()),
            r.commitment.as_ref().map(|c| c.get_ref().as_str()),
        ];
        if let Some(found) = texts.into_iter().flatten().find_map(control_char) {
            control(found, r.prompt.span().start, problems);
        }
    }
    if problems.len() > before {
        return None;
    }
    super::warn::step(name, text, &raw, french, warnings);
    Some(Step {
        id: id.clone(),
        title: raw.title.into_inner(),
        kind: raw.kind,
        source: raw.source,
        pass_mark,
        body: raw.body.into_inner(),
        questions,
        reflection,
        file: name.to_string(),
        fingerprint: Fingerprint::default(),
        untranslated: false,
    })
}

/// The first character a terminal would obey: a control character other
/// than a line break or a tab, or one that reorders text.
fn control_char(text: &str) -> Option<char> {
    text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    })
}

/// The first such character in any text of a question, its variants
/// included.
fn question_control_char(question: &Question) -> Option<char> {
    fn texts<'a>(
        prompt: &'a str,
        explanation: &'a Option<String>,
        answer: &'a super::Answer,
        out: &mut Vec<&'a str>,
    ) {
        out.push(prompt);
        out.extend(explanation.as_deref());
        match answer {
            super::Answer::Choices(choices) => {
                for choice in choices {
                    out.push(&choice.text);
                    out.extend(choice.why.as_deref());
                }
            }
            super::Answer::Accept(accept) => out.extend(accept.iter().map(String::as_str)),
        }
    }
    let mut all = Vec::new();
    texts(
        &question.prompt,
        &question.explanation,
        &question.answer,
        &mut all,
    );
    for variant in &question.variants {
        texts(
            &variant.prompt,
            &variant.explanation,
            &variant.answer,
            &mut all,
        );
    }
    all.into_iter().find_map(control_char)
}

fn check_question(
    name: &str,
    text: &str,
    question: &Spanned<RawQuestion>,
    problems: &mut Vec<Problem>,
) -> Option<Question> {
    let start = question.span().start;
    let q: &RawQuestion = question.get_ref();
    let answer = check_wording(
        name,
        text,
        start,
        (&q.prompt, &q.choices, &q.accept),
        problems,
    );
    let mut variants = Vec::new();
    for variant in &q.variants {
        let v = variant.get_ref();
        let Some(other) = check_wording(
            name,
            text,
            variant.span().start,
            (&v.prompt, &v.choices, &v.accept),
            problems,
        ) else {
            continue;
        };
        if let Some(answer) = &answer
            && answer_shape(answer) != answer_shape(&other)
        {
            problems.push(at(
                name,
                text,
                variant.span().start,
                t().core.check_variant_shape,
            ));
        }
        variants.push(Variant {
            prompt: v.prompt.get_ref().clone(),
            explanation: v.explanation.as_ref().map(|e| e.get_ref().clone()),
            answer: other,
        });
    }
    Some(Question {
        prompt: q.prompt.get_ref().clone(),
        explanation: q.explanation.as_ref().map(|e| e.get_ref().clone()),
        answer: answer?,
        shuffle: q.shuffle.unwrap_or(true),
        variants,
    })
}

/// What variants of one question share: free text, or choices with that
/// many right ones.
fn answer_shape(answer: &Answer) -> Option<usize> {
    match answer {
        Answer::Choices(choices) => Some(choices.iter().filter(|c| c.correct).count()),
        Answer::Accept(_) => None,
    }
}

type Wording<'a> = (
    &'a Spanned<String>,
    &'a Option<Spanned<Vec<Spanned<RawChoice>>>>,
    &'a Option<Spanned<Vec<Spanned<String>>>>,
);

/// Checks a question's or a variant's prompt and answer.
fn check_wording(
    name: &str,
    text: &str,
    start: usize,
    (prompt, choices, accept): Wording,
    problems: &mut Vec<Problem>,
) -> Option<Answer> {
    let core = &t().core;
    if prompt.get_ref().trim().is_empty() {
        problems.push(at(name, text, prompt.span().start, core.check_empty_prompt));
    }
    match (choices, accept) {
        (Some(_), Some(accept)) => {
            problems.push(at(name, text, accept.span().start, core.check_both));
            None
        }
        (None, None) => {
            problems.push(at(name, text, start, core.check_neither));
            None
        }
        (Some(choices), None) => Some(Answer::Choices(check_choices(
            name, text, choices, problems,
        )?)),
        (None, Some(accept)) => {
            let values: Vec<String> = accept
                .get_ref()
                .iter()
                .map(|a| a.get_ref().clone())
                .collect();
            if values.iter().all(|v| crate::text::fold(v).is_empty()) {
                problems.push(at(name, text, accept.span().start, core.check_empty_accept));
                return None;
            }
            Some(Answer::Accept(values))
        }
    }
}

fn check_choices(
    name: &str,
    text: &str,
    choices: &Spanned<Vec<Spanned<RawChoice>>>,
    problems: &mut Vec<Problem>,
) -> Option<Vec<Choice>> {
    let core = &t().core;
    let list = choices.get_ref();
    let before = problems.len();
    if list.len() < 2 {
        problems.push(at(name, text, choices.span().start, core.check_few_choices));
    }
    if !list.iter().any(|c| c.get_ref().correct) {
        problems.push(at(name, text, choices.span().start, core.check_no_correct));
    }
    let mut texts = HashSet::new();
    for choice in list {
        let c = choice.get_ref();
        if c.text.get_ref().trim().is_empty() {
            problems.push(at(name, text, c.text.span().start, core.check_empty_choice));
        } else if !texts.insert(c.text.get_ref().trim().to_lowercase()) {
            let message = fill(core.check_duplicate_choice, &[("text", c.text.get_ref())]);
            problems.push(at(name, text, c.text.span().start, &message));
        }
    }
    if problems.len() > before {
        return None;
    }
    Some(
        list.iter()
            .map(|c| {
                let c = c.get_ref();
                Choice {
                    text: c.text.get_ref().clone(),
                    correct: c.correct,
                    why: c.why.as_ref().map(|w| w.get_ref().clone()),
                }
            })
            .collect(),
    )
}

/// A translation must have every step, with the same questions and right answers.
fn compare_translation(
    primary: &Group,
    group: &Group,
    lang: &str,
    files: &[&SourceFile],
    problems: &mut Vec<Problem>,
) {
    let core = &t().core;
    let dir_label = files
        .first()
        .map(|f| parent_label(&f.name))
        .unwrap_or_else(|| lang.to_string());
    for step in &primary.steps {
        let Some(other) = group.steps.iter().find(|s| s.id == step.id) else {
            let message = fill(
                core.check_missing_translation,
                &[("id", &step.id), ("lang", &lang)],
            );
            problems.push(at_start(&dir_label, &message));
            continue;
        };
        if shape(step) != shape(other) {
            let message = fill(
                core.check_translation_differs,
                &[("id", &step.id), ("file", &step.file)],
            );
            problems.push(at_start(&other.file, &message));
        }
    }
    for other in &group.steps {
        if primary.step_missing(&other.id) {
            let message = fill(core.check_extra_translation, &[("id", &other.id)]);
            problems.push(at_start(&other.file, &message));
        }
    }
}

impl Group {
    fn step_missing(&self, id: &str) -> bool {
        !self.steps.iter().any(|s| s.id == id)
    }
}

fn parent_label(name: &str) -> String {
    Path::new(name)
        .parent()
        .map(|p| p.display().to_string())
        .unwrap_or_default()
}

/// What a translation must keep: for each question and each of its
/// variants, the kind and which choices are right; whether its order is
/// pinned; and whether the step has a reflection.
type Shape = (Option<usize>, Vec<(bool, Vec<Option<Vec<bool>>>)>, bool);

fn shape(step: &Step) -> Shape {
    let questions = step
        .questions
        .iter()
        .map(|q| {
            let variants = (0..q.variant_count())
                .map(|v| match &q.variant(v).answer {
                    Answer::Choices(choices) => Some(choices.iter().map(|c| c.correct).collect()),
                    Answer::Accept(_) => None,
                })
                .collect();
            (q.shuffle, variants)
        })
        .collect();
    (step.pass_mark, questions, step.reflection.is_some())
}

/// Lowercase ASCII letters, digits and '-', not starting or ending with '-'.
pub(crate) fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !id.starts_with('-')
        && !id.ends_with('-')
}

fn toml_problem(name: &str, text: &str, err: &toml::de::Error) -> Problem {
    let offset = err.span().map(|s| s.start).unwrap_or(0);
    let message = fill(t().core.check_toml, &[("detail", &err.message().trim())]);
    at(name, text, offset, &message)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(rel: &str, text: String) -> SourceFile {
        SourceFile {
            name: format!("gen/{rel}"),
            rel: rel.to_string(),
            text: std::borrow::Cow::Owned(text),
            problem: None,
        }
    }

    /// A valid step, padded so that a hundred of them are parsed on several threads.
    fn step(i: usize) -> String {
        format!(
            "format = 1\nid = \"etape-{i}\"\ntitle = \"Étape {i}\"\nkind = \"value\"\n\
             body = \"\"\"\n{}\n\"\"\"\n\n[[questions]]\nprompt = \"Combien ?\"\n\
             accept = [\"{i}\"]\n",
            "Un texte assez long pour peser. ".repeat(90)
        )
    }

    #[test]
    fn a_large_content_checked_on_several_threads_is_checked_as_one_file_after_the_other() {
        let mut files: Vec<SourceFile> = (0..100)
            .map(|i| source(&format!("{i:03}.toml"), step(i)))
            .collect();
        // Problems here and there, and a duplicate id near the end.
        files[7].text = "format = 1\nid = \"cassé\"\n".to_string().into();
        files[55].text = "pas du toml".to_string().into();
        files[98].text = step(3).into();
        files.push(source("en/003.toml", step(3)));
        assert!(files.iter().map(|f| f.text.len()).sum::<usize>() >= PARALLEL_FROM);

        let problems = check_files(&files, "gen").unwrap_err();
        // Each file on its own, in order: the same problems in the same order
        // (the duplicate and the missing translations come after).
        let mut expected = Vec::new();
        for file in &files[..100] {
            if let Err(found) = check_files(std::slice::from_ref(file), "gen") {
                expected.extend(found);
            }
        }
        assert!(expected.len() >= 2);
        assert_eq!(problems[..expected.len()], expected[..]);
        assert!(problems[expected.len()].message.contains("etape-3"));

        // Valid content: steps in file order, each with the fingerprints it has alone.
        files[7].text = step(7).into();
        files[55].text = step(55).into();
        files[98].text = step(98).into();
        files.pop();
        let parsed = check_files(&files, "gen").unwrap();
        assert_eq!(parsed.primary.steps.len(), 100);
        for (i, step) in parsed.primary.steps.iter().enumerate() {
            assert_eq!(step.id, format!("etape-{i}"));
            let alone = check_files(std::slice::from_ref(&files[i]), "gen").unwrap();
            assert_eq!(step.fingerprint, alone.primary.steps[0].fingerprint);
            assert_eq!(step.fingerprint.current.len(), 27);
            assert_eq!(step.fingerprint.legacy.len(), 24);
        }
    }

    #[test]
    fn ids_are_lowercase_words_with_dashes() {
        assert!(valid_id("ouverture-par-defaut"));
        assert!(valid_id("step-10"));
        assert!(!valid_id("Ouverture"));
        assert!(!valid_id("ouverture_par_defaut"));
        assert!(!valid_id("-x"));
        assert!(!valid_id(""));
        assert!(!valid_id("é"));
    }
}
