//! In-process hot paths: loading and checking content, loading and saving
//! progress, and the parts of the scaffold. `cargo bench --bench hot_paths` measures them; `cargo test
//! --all-targets` runs each once (Criterion's test mode) on smaller inputs, so
//! that the suite stays fast. The end-to-end figures (process start, scaffold
//! against cookiecutter and copier, memory) come from benches/run.sh.

use std::borrow::Cow;
use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use jiff::Timestamp;
use onboard::content::{self, SourceFile};
use onboard::i18n::Lang;
use onboard::policy::Forge;
use onboard::progress::{self, Progress, Store};
use onboard::scaffold::answers::{self, Given};
use onboard::scaffold::git::{self, Identity};
use onboard::scaffold::{render, target};

/// `cargo bench` passes `--bench`; `cargo test` does not.
fn measuring() -> bool {
    std::env::args().any(|arg| arg == "--bench")
}

/// The size of the large generated content: 1,000 steps when measuring,
/// fewer in test mode.
fn large() -> usize {
    if measuring() { 1000 } else { 20 }
}

/// One valid step of about the size of a shipped one, with three questions
/// (single choice, multiple choice, free text), like benches/helper.py makes.
fn step_text(i: usize) -> String {
    let n = format!("{i:04}");
    let kind = ["vision", "mission", "value", "manifesto", "practice"][i % 5];
    let pass_mark = if i.is_multiple_of(4) {
        "pass_mark = 2\n"
    } else {
        ""
    };
    format!(
        r#"format = 1
id = "etape-{n}"
title = "Étape générée numéro {n}"
kind = "{kind}"
{pass_mark}body = """
Cette étape {n} présente une idée du parcours généré pour les mesures. Elle a la taille d'une vraie étape : quelques paragraphes, une liste et un exemple. Le texte est en *Markdown*, avec de l'emphase et des [liens](https://example.org/).

Les services numériques publics coûtent parfois trop cher, répondent mal aux besoins et sont vite dépassés. L'équipe part d'un problème réel, observé sur le terrain, met en ligne une première version en quelques semaines, puis l'améliore.

Dans ta semaine, cela se traduit par des choix concrets :

- partir d'un problème réel plutôt que d'une liste de fonctionnalités ;
- publier tôt, puis mesurer l'usage ;
- corriger le tir quand le service n'est pas utilisé.

Exemple {n} : au lieu d'écrire un cahier des charges pendant deux ans, l'équipe rencontre quelques personnes concernées, construit une version simple en trois mois, puis la fait évoluer avec elles.
"""

[[questions]]
prompt = "Question à choix unique de l'étape {n} : que fait l'équipe d'abord ?"
explanation = "Elle part d'un problème réel, observé sur le terrain."

[[questions.choices]]
text = "Elle part d'un problème réel."
correct = true
why = "Oui : le terrain d'abord."

[[questions.choices]]
text = "Elle écrit un cahier des charges complet."
why = "Un document détaillé fige les erreurs."

[[questions.choices]]
text = "Elle achète un logiciel réputé."
why = "Ce n'est pas le sujet."

[[questions.choices]]
text = "Elle attend la fin de l'année."
why = "Publier tôt vaut mieux."

[[questions]]
prompt = "Question à plusieurs réponses de l'étape {n} : quels défauts ?"
explanation = "Trop cher et vite dépassé."

[[questions.choices]]
text = "Trop cher."
correct = true

[[questions.choices]]
text = "Vite dépassé."
correct = true

[[questions.choices]]
text = "Trop souvent publié."
why = "Au contraire."

[[questions.choices]]
text = "Trop utilisé."
why = "Non."

[[questions]]
prompt = "Question libre de l'étape {n} : en combien de mois la première version ?"
explanation = "Trois mois, puis des améliorations."
accept = ["trois", "3", "trois mois"]
"#
    )
}

/// `count` generated steps and a journey file, as source files.
fn generated_files(count: usize) -> Vec<SourceFile> {
    let mut files = vec![SourceFile {
        name: "gen/journey.toml".into(),
        rel: "journey.toml".into(),
        text: Cow::Borrowed("format = 1\ntitle = \"Parcours généré\"\n"),
        problem: None,
    }];
    for i in 1..=count {
        let rel = format!("{i:04}-etape-{i:04}.toml");
        files.push(SourceFile {
            name: format!("gen/{rel}"),
            rel,
            text: Cow::Owned(step_text(i)),
            problem: None,
        });
    }
    files.sort_by(|a, b| a.rel.cmp(&b.rel));
    files
}

fn bytes(files: &[SourceFile]) -> u64 {
    files.iter().map(|f| f.text.len() as u64).sum()
}

/// A progress where every step of `files` is passed, with the right hashes.
fn passed_progress(files: &[SourceFile]) -> Progress {
    let parsed = content::check_files(files, "gen").expect("generated content is valid");
    let now = Timestamp::from_second(1_800_000_000).expect("timestamp");
    let mut progress = Progress {
        welcomed: true,
        ..Progress::default()
    };
    for step in &parsed.primary.steps {
        for index in 0..step.questions.len() {
            progress.record(step, index, true, now);
        }
    }
    progress
}

fn content_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("content");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(4));

    let embedded = content::embedded_files();
    group.throughput(Throughput::Bytes(bytes(&embedded)));
    group.bench_function("check_files/embedded (fr + en)", |b| {
        b.iter(|| content::check_files(black_box(&embedded), "steps").expect("valid"))
    });
    group.bench_function("load/embedded, fr", |b| {
        b.iter(|| content::load(&content::Source::Embedded, black_box(Lang::Fr)).expect("valid"))
    });

    let count = large();
    let generated = generated_files(count);
    group.throughput(Throughput::Bytes(bytes(&generated)));
    group.bench_function(format!("check_files/generated {count} steps"), |b| {
        b.iter(|| content::check_files(black_box(&generated), "gen").expect("valid"))
    });
    group.finish();
}

fn progress_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("progress");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(4));

    let count = large();
    let generated = generated_files(count);
    let progress = passed_progress(&generated);
    let text = toml::to_string(&progress).expect("progress serialises");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function(format!("parse/{count} steps"), |b| {
        b.iter(|| progress::store::parse(black_box(&text)).expect("valid"))
    });
    group.bench_function(format!("serialise/{count} steps"), |b| {
        b.iter(|| toml::to_string(black_box(&progress)).expect("serialises"))
    });

    // Status of every step, as `onboard status` computes it after loading.
    let parsed = content::check_files(&generated, "gen").expect("valid");
    group.throughput(Throughput::Elements(count as u64));
    group.bench_function(format!("status/{count} steps"), |b| {
        b.iter(|| {
            parsed
                .primary
                .steps
                .iter()
                .filter(|s| progress.status(s) == onboard::progress::Status::Passed)
                .count()
        })
    });

    // A saved answer: lock, read, change, write atomically (with fsync).
    let embedded = content::embedded_files();
    for (label, files) in [("11 steps", &embedded), ("generated", &generated)] {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("progress.toml");
        let start = passed_progress(files);
        std::fs::write(&path, toml::to_string(&start).expect("serialises")).expect("write");
        let store = Store::new(path);
        let label = if label == "generated" {
            format!("update/{count} steps")
        } else {
            format!("update/{label}")
        };
        group.throughput(Throughput::Elements(1));
        group.bench_function(label, |b| {
            b.iter_batched(
                || (),
                |()| {
                    store
                        .update(|p| p.welcomed = !p.welcomed)
                        .expect("progress saved")
                },
                BatchSize::SmallInput,
            )
        });
    }
    group.finish();
}

/// What a start reads through the cache (src/cache.rs), against parsing:
/// the generated content and its progress on disk, whole or as the outline
/// that `status` reads, the cache entries written beforehand.
fn cache_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("cache");
    group.sample_size(30);
    group.measurement_time(Duration::from_secs(4));

    let count = large();
    let generated = generated_files(count);
    let dir = tempfile::tempdir().expect("temporary directory");
    let steps = dir.path().join("steps");
    std::fs::create_dir(&steps).expect("steps directory");
    for file in &generated {
        std::fs::write(steps.join(&file.rel), file.text.as_bytes()).expect("write step");
    }
    let progress_path = dir.path().join("progress.toml");
    let progress = toml::to_string(&passed_progress(&generated)).expect("serialises");
    std::fs::write(&progress_path, progress).expect("write progress");
    // Files changed within the last second are not cached.
    std::thread::sleep(Duration::from_millis(1100));
    let root = dir.path().join("cache");
    let source = &content::Source::Dir(steps.clone());
    let store = Store::new(progress_path).with_cache(Some(root.clone()));
    content::load_with(source, Lang::Fr, Some(&root)).expect("valid");
    store.load().expect("progress");
    for kind in ["checked", "progress"] {
        let entries = std::fs::read_dir(root.join(kind)).map_or(0, |d| d.count());
        assert_eq!(
            entries, 1,
            "the {kind} entry is written, so the rows below read it"
        );
    }

    group.throughput(Throughput::Elements(count as u64));
    group.bench_function(format!("content, parsed/{count} steps"), |b| {
        b.iter(|| content::load(black_box(source), Lang::Fr).expect("valid"))
    });
    group.bench_function(format!("content, cached/{count} steps"), |b| {
        b.iter(|| content::load_with(black_box(source), Lang::Fr, Some(&root)).expect("valid"))
    });
    group.bench_function(format!("outline, cached/{count} steps"), |b| {
        b.iter(|| content::load_outline(black_box(source), Lang::Fr, Some(&root)).expect("valid"))
    });
    group.bench_function(format!("progress, cached/{count} steps"), |b| {
        b.iter(|| store.load().expect("progress"))
    });
    group.finish();
}

/// The scaffold's in-process parts, one by one: rendering the templates in
/// memory, writing the files (each fsynced), the self-audit, and the git
/// commit with git2. `onboard scaffold` does them in this order.
fn scaffold_benches(c: &mut Criterion) {
    let mut group = c.benchmark_group("scaffold");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(4));

    let given = Given {
        name: Some("mesure-onboard".into()),
        description: Some("Projet de mesure des performances".into()),
        forge: Some(Forge::Github),
        contact: Some("mesure@exemple.fr".into()),
        repository_url: Some("https://github.com/exemple/mesure-onboard".into()),
        ..Given::default()
    };
    let answers = answers::with_defaults(given, None).expect("answers");
    let maintainer = Some("Camille Mesure");
    group.bench_function("render", |b| {
        b.iter(|| render::render(black_box(&answers), maintainer, 2026).expect("rendered"))
    });

    let files = render::render(&answers, maintainer, 2026).expect("rendered");
    let identity = Identity {
        name: "Camille Mesure".into(),
        email: "camille@exemple.fr".into(),
    };
    let scratch = tempfile::tempdir().expect("temporary directory");
    let fresh = || tempfile::tempdir_in(scratch.path()).expect("temporary directory");
    group.bench_function("write files", |b| {
        b.iter_batched(
            fresh,
            |dir| {
                target::write_files(dir.path(), &files).expect("written");
                dir
            },
            BatchSize::PerIteration,
        )
    });
    let written = || {
        let dir = fresh();
        target::write_files(dir.path(), &files).expect("written");
        dir
    };
    group.bench_function("audit", |b| {
        b.iter_batched(
            written,
            |dir| {
                assert!(onboard::audit::audit(dir.path(), true).all_passed());
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.bench_function("git commit (git2)", |b| {
        b.iter_batched(
            written,
            |dir| {
                git::commit(dir.path(), &files, &identity).expect("committed");
                dir
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(
    benches,
    content_benches,
    progress_benches,
    cache_benches,
    scaffold_benches
);
criterion_main!(benches);
