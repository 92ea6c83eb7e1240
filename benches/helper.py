#!/usr/bin/env python3
"""Helpers for benches/run.sh (standard library only, Python 3.11+).

    helper.py gen-steps DIR N PROGRESS   N valid steps (3 questions each) and a
                                         progress file where all are passed,
                                         with the fingerprints onboard computes
                                         and a review schedule on every question
    helper.py answers DIR [ID]           plain-mode input that answers right:
                                         a whole first journey, or step ID
    helper.py pin SRC DST                the steps of SRC with choice orders pinned,
                                         without variants or reflection, in DST
    helper.py hash DIR                   "id v1 v0" for each step of DIR: its
                                         fingerprint, and the legacy form
    helper.py cohort DIR OUT N           N reports (JSON, version 2) of recruits
                                         on the steps of DIR, in OUT, for
                                         onboard cohort
    helper.py templates TREE OUT ...     cookiecutter and copier templates
                                         that render TREE again
    helper.py report OUT QUICK           the Markdown table of benches/out
"""

import hashlib
import json
import os
import re
import shutil
import statistics
import sys
import tomllib
from pathlib import Path

KINDS = ["vision", "mission", "value", "manifesto", "practice"]


# --- content -----------------------------------------------------------------


def step_fingerprint(step):
    """onboard's step fingerprint, v1 (src/content/fingerprint.rs): "v1-" and
    the first 12 bytes, in hex, of the SHA-256 of a length-prefixed form."""

    def line(label, value):
        return label.encode() + b" " + value + b"\n"

    def text(label, value):
        if value is None:
            return line(label, b"-")
        data = value.encode()
        return line(label, str(len(data)).encode() + b":" + data)

    questions = step.get("questions", [])
    out = b"onboard step fingerprint v1\n"
    out += text("title", step["title"])
    out += text("body", step["body"])
    out += text("source", step.get("source"))
    out += line("pass_mark", str(step.get("pass_mark", len(questions))).encode())
    out += line("questions", str(len(questions)).encode())
    def wording(w):
        out = text("prompt", w["prompt"])
        out += text("explanation", w.get("explanation"))
        if "choices" in w:
            out += line("choices", str(len(w["choices"])).encode())
            for c in w["choices"]:
                out += text("choice", c["text"])
                out += line("correct", b"yes" if c.get("correct", False) else b"no")
                out += text("why", c.get("why"))
        else:
            out += line("accept", str(len(w["accept"])).encode())
            for answer in w["accept"]:
                out += text("answer", answer)
        return out

    for q in questions:
        out += wording(q)
        out += line("shuffle", b"yes" if q.get("shuffle", True) else b"no")
        variants = q.get("variants", [])
        out += line("variants", str(len(variants)).encode())
        for v in variants:
            out += wording(v)
    return "v1-" + hashlib.sha256(out).digest()[:12].hex()


def step_hash_v0(step):
    """onboard's legacy step hash (v0), which earlier releases stored:
    SHA-256 of the step as serde_json wrote it (fields in declaration order,
    compact), first 12 bytes in hex."""
    questions = []
    for q in step.get("questions", []):
        if "choices" in q:
            answer = {
                "Choices": [
                    {
                        "text": c["text"],
                        "correct": c.get("correct", False),
                        "why": c.get("why"),
                    }
                    for c in q["choices"]
                ]
            }
        else:
            answer = {"Accept": list(q["accept"])}
        questions.append(
            {"prompt": q["prompt"], "explanation": q.get("explanation"), "answer": answer}
        )
    value = {
        "id": step["id"],
        "title": step["title"],
        "kind": step["kind"],
        "source": step.get("source"),
        "pass_mark": step.get("pass_mark"),
        "body": step["body"],
        "questions": questions,
    }
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode()
    return hashlib.sha256(data).digest()[:12].hex()


def toml_str(text):
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    return json.dumps(text, ensure_ascii=False)


def make_step(i):
    n = f"{i:04d}"
    sid = f"etape-{n}"
    paragraphs = [
        f"Cette étape {n} présente une idée du parcours généré pour les mesures. "
        "Elle a la taille d'une vraie étape : quelques paragraphes, une liste et un exemple. "
        "Le texte est en *Markdown*, avec de l'emphase et des [liens](https://example.org/).",
        "Les services numériques publics coûtent parfois trop cher, répondent mal aux besoins "
        "et sont vite dépassés. L'équipe part d'un problème réel, observé sur le terrain, "
        "met en ligne une première version en quelques semaines, puis l'améliore.",
        "Dans ta semaine, cela se traduit par des choix concrets :\n\n"
        "- partir d'un problème réel plutôt que d'une liste de fonctionnalités ;\n"
        "- publier tôt, puis mesurer l'usage ;\n"
        "- corriger le tir quand le service n'est pas utilisé.",
        f"Exemple {n} : au lieu d'écrire un cahier des charges pendant deux ans, l'équipe "
        "rencontre quelques personnes concernées, construit une version simple en trois mois, "
        "puis la fait évoluer avec elles.",
    ]
    step = {
        "format": 1,
        "id": sid,
        "title": f"Étape générée numéro {n}",
        "kind": KINDS[i % len(KINDS)],
        "body": "\n\n".join(paragraphs) + "\n",
        "questions": [
            {
                "prompt": f"Question à choix unique de l'étape {n} : que fait l'équipe d'abord ?",
                "explanation": "Elle part d'un problème réel, observé sur le terrain.",
                "choices": [
                    {
                        "text": "Elle part d'un problème réel.",
                        "correct": True,
                        "why": "Oui : le terrain d'abord.",
                    },
                    {
                        "text": "Elle écrit un cahier des charges complet.",
                        "why": "Un document détaillé fige les erreurs.",
                    },
                    {"text": "Elle achète un logiciel réputé.", "why": "Ce n'est pas le sujet."},
                    {"text": "Elle attend la fin de l'année.", "why": "Publier tôt vaut mieux."},
                ],
            },
            {
                "prompt": f"Question à plusieurs réponses de l'étape {n} : quels défauts ?",
                "explanation": "Trop cher et vite dépassé.",
                "choices": [
                    {"text": "Trop cher.", "correct": True},
                    {"text": "Vite dépassé.", "correct": True},
                    {"text": "Trop souvent publié.", "why": "Au contraire."},
                    {"text": "Trop utilisé.", "why": "Non."},
                ],
            },
            {
                "prompt": f"Question libre de l'étape {n} : en combien de mois la première version ?",
                "explanation": "Trois mois, puis des améliorations.",
                "accept": ["trois", "3", "trois mois"],
            },
        ],
    }
    if i % 4 == 0:
        step["pass_mark"] = 2
    # The order of choices is pinned: the benchmarks answer by position.
    for q in step["questions"]:
        if "choices" in q:
            q["shuffle"] = False
    return step


def step_toml(step):
    out = []
    for key in ("format", "id", "title", "kind", "pass_mark"):
        if key in step:
            value = step[key]
            out.append(f"{key} = {value if isinstance(value, int) else toml_str(value)}")
    out.append(f'body = """\n{step["body"]}"""')
    for q in step["questions"]:
        out.append("\n[[questions]]")
        out.append(f"prompt = {toml_str(q['prompt'])}")
        if "explanation" in q:
            out.append(f"explanation = {toml_str(q['explanation'])}")
        if "accept" in q:
            out.append("accept = [" + ", ".join(toml_str(a) for a in q["accept"]) + "]")
        if q.get("shuffle", True) is False:
            out.append("shuffle = false")
        for c in q.get("choices", []):
            out.append("\n[[questions.choices]]")
            out.append(f"text = {toml_str(c['text'])}")
            if c.get("correct"):
                out.append("correct = true")
            if "why" in c:
                out.append(f"why = {toml_str(c['why'])}")
    return "\n".join(out) + "\n"


def progress_toml(steps):
    stamp = "2026-01-05T09:00:00Z"
    out = ["schema = 1", "welcomed = true", "", "[content]", 'origin = "generated"']
    for i, step in enumerate(sorted(steps, key=lambda s: s["id"])):
        count = len(step["questions"])
        out += [
            "",
            f"[steps.{step['id']}]",
            'status = "passed"',
            f"score = {count}",
            f"questions = {count}",
            "answers = [" + ", ".join(["true"] * count) + "]",
            f"first_score = {count}",
            "missed = []",
            "attempts = 1",
            f'hash = "{step_fingerprint(step)}"',
            f'started_at = "{stamp}"',
            f'passed_at = "{stamp}"',
            # A review schedule on every question (docs/review.md): some
            # due long ago, the others far ahead, so both are counted.
            "review = ["
            + ", ".join(
                f"{{ box = {1 + q % 5}, due = {'2026-01-07' if (i + q) % 3 == 0 else '2099-01-01'} }}"
                for q in range(count)
            )
            + "]",
        ]
    return "\n".join(out) + "\n"


def gen_steps(directory, count, progress):
    directory = Path(directory)
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    (directory / "journey.toml").write_text(
        'format = 1\ntitle = "Parcours généré"\n'
        'welcome = """\nBienvenue dans le parcours généré pour les mesures.\n"""\n'
        'closing = """\nFin du parcours généré.\n"""\n'
    )
    steps = [make_step(i) for i in range(1, count + 1)]
    for step in steps:
        (directory / f"{step['id'][6:]}-{step['id']}.toml").write_text(step_toml(step))
    Path(progress).parent.mkdir(parents=True, exist_ok=True)
    Path(progress).write_text(progress_toml(steps))


def read_steps(directory):
    steps = []
    for path in sorted(Path(directory).glob("*.toml")):
        if path.name != "journey.toml":
            steps.append(tomllib.loads(path.read_text(encoding="utf-8-sig")))
    return steps


def pin(source, target):
    """Copies the steps of SOURCE into TARGET with every choice order pinned
    and without variants or reflection, so that answers by position hold."""
    target = Path(target)
    target.mkdir(parents=True, exist_ok=True)
    for path in sorted(Path(source).glob("*.toml")):
        if path.name == "journey.toml":
            (target / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
            continue
        step = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        for q in step.get("questions", []):
            q.pop("variants", None)
            if "choices" in q:
                q["shuffle"] = False
        (target / path.name).write_text(step_toml(step), encoding="utf-8")


def right_line(question):
    if "choices" in question:
        return ",".join(str(i + 1) for i, c in enumerate(question["choices"]) if c.get("correct"))
    return question["accept"][0]


def answers(directory, step_id=None):
    steps = read_steps(directory)
    lines = []
    if step_id is None:
        lines.append("")  # the welcome
    else:
        steps = [s for s in steps if s["id"] == step_id]
        if not steps:
            sys.exit(f"helper.py: no step {step_id!r} in {directory}")
    for step in steps:
        lines.append("")  # Enter after the text
        lines += [right_line(q) for q in step["questions"]]
    sys.stdout.write("\n".join(lines) + "\n")


# --- templates ---------------------------------------------------------------

JINJA_DELIMITERS = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|#\}")


def escape_jinja(text):
    return JINJA_DELIMITERS.sub(lambda m: "{{ '" + m.group(0) + "' }}", text)


def templatize(text, values, prefix):
    """Escapes what Jinja would read, then puts variables in place of the values."""
    text = escape_jinja(text)
    for key, value in sorted(values.items(), key=lambda kv: -len(kv[1])):
        text = text.replace(value, "{{ " + prefix + key + " }}")
    return text


def templates(tree, out, values):
    """Builds out/cookiecutter and out/copier from a scaffolded TREE (without
    .git): every text file is rendered by Jinja, as a template author would
    write it, and both render TREE again."""
    tree, out = Path(tree), Path(out)
    if out.exists():
        shutil.rmtree(out)
    cc_root = out / "cookiecutter"
    cc_dir = cc_root / "{{cookiecutter.project_slug}}"
    cp_root = out / "copier"
    cp_dir = cp_root / "template"
    rendered = verbatim = 0
    for path in sorted(tree.rglob("*")):
        rel = path.relative_to(tree)
        if rel.parts[0] == ".git" or path.is_dir():
            continue
        data = path.read_bytes()
        cc_rel = Path(templatize(str(rel), values, "cookiecutter."))
        cp_rel = Path(templatize(str(rel), values, ""))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = None
        targets = []
        if text is None:
            verbatim += 1
            targets = [(cc_dir / cc_rel, data), (cp_dir / cp_rel, data)]
        else:
            rendered += 1
            targets = [
                (cc_dir / cc_rel, templatize(text, values, "cookiecutter.").encode()),
                (cp_dir / Path(str(cp_rel) + ".jinja"), templatize(text, values, "").encode()),
            ]
        for target, content in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            shutil.copymode(path, target)
    context = dict(values)
    context["project_slug"] = "{{ cookiecutter.project_name }}"
    (cc_root / "cookiecutter.json").write_text(json.dumps(context, ensure_ascii=False, indent=2))
    lines = ["_subdirectory: template", "_templates_suffix: .jinja"]
    for key, value in values.items():
        lines.append(f"{key}:\n  type: str\n  default: {json.dumps(value, ensure_ascii=False)}")
    (cp_root / "copier.yml").write_text("\n".join(lines) + "\n")
    print(f"templates: {rendered} rendered files, {verbatim} copied verbatim")


# --- report ------------------------------------------------------------------


def load_results(out):
    """name -> median seconds, from every hyperfine JSON in OUT."""
    medians = {}
    for path in sorted(Path(out).glob("*.json")):
        for result in json.loads(path.read_text())["results"]:
            medians[result["command"]] = result["median"]
    return medians


def load_memory(out):
    memory = {}
    path = Path(out) / "memory.tsv"
    if path.exists():
        for line in path.read_text().splitlines():
            name, kb = line.split("\t")
            memory.setdefault(name, []).append(int(kb))
    return {name: max(values) / 1024 for name, values in memory.items()}


def read_lines(out, name):
    path = Path(out) / name
    return path.read_text().splitlines() if path.exists() else []


def report(out, quick):
    medians = load_results(out)
    memory = load_memory(out)
    rows = []
    verdicts = []

    def ms(name):
        value = medians.get(name)
        return None if value is None else value * 1000

    def fmt(value, digits=1, unit=""):
        return "not measured yet" if value is None else f"{value:.{digits}f}{unit}"

    def verdict(ok):
        if ok is None:
            return "not measured yet"
        return "met" if ok else "**not met**"

    def ratio(a, b):
        return None if a is None or b is None or b == 0 else a / b

    # Scaffold.
    onb = ms("scaffold: onboard (git2)")
    cc = ms("scaffold: cookiecutter + git")
    cp = ms("scaffold: copier + git")
    floor = ms("scaffold: cp -r + git (floor)")
    r_cc, r_cp, r_floor = ratio(cc, onb), ratio(cp, onb), ratio(onb, floor)
    rows += [
        ("scaffold", "`onboard scaffold --yes …` (with its git commit)", fmt(onb), ""),
        ("scaffold", "cookiecutter + git CLI", fmt(cc),
         "" if r_cc is None else f"onboard is {r_cc:.1f}× faster"),
        ("scaffold", "copier + git CLI", fmt(cp),
         "" if r_cp is None else f"onboard is {r_cp:.1f}× faster"),
        ("scaffold", "floor: `cp -r` + git init/add/commit", fmt(floor),
         "" if r_floor is None else f"onboard / floor = {r_floor:.2f}"),
    ]
    verdicts += [
        ("scaffold ≥ 30× faster than cookiecutter + git", fmt(r_cc, unit="×"),
         verdict(None if r_cc is None else r_cc >= 30)),
        ("scaffold ≥ 50× faster than copier + git", fmt(r_cp, unit="×"),
         verdict(None if r_cp is None else r_cp >= 50)),
        ("scaffold no slower than `cp` + git CLI", fmt(r_floor, 2, " × floor"),
         verdict(None if r_floor is None else r_floor <= 1.0)),
    ]

    # Startup.
    hello = ms("startup: hello world (floor)")
    status = ms("startup: onboard status")
    listing = ms("startup: onboard steps list")
    cold = ms("startup: onboard status, no cache")
    review = ms("startup: onboard review, nothing due")
    rows += [
        ("startup", "floor: hello world (rustc -O)", fmt(hello, 2), ""),
        ("startup", "`onboard status` (shipped steps, all passed, every question scheduled)",
         fmt(status, 2), fmt(ratio(status, hello), 2, " × floor")),
        ("startup", "`onboard review`, nothing due", fmt(review, 2),
         fmt(ratio(review, hello), 2, " × floor")),
        ("startup", "`onboard status`, no cache (first run)", fmt(cold, 2),
         fmt(ratio(cold, hello), 2, " × floor")),
        ("startup", "`onboard steps list`", fmt(listing, 2),
         fmt(ratio(listing, hello), 2, " × floor")),
    ]
    # The target is judged on the build that recruits install (the static
    # one of the package and archives) when it was measured, else on
    # `cargo build --release`'s, and the verdict says which.
    shipped_status = ms("startup: onboard status (shipped build)")
    shipped_review = ms("startup: onboard review, nothing due (shipped build)")
    if shipped_status is not None:
        rows += [
            ("startup", "`onboard status`, shipped build (static, musl)", fmt(shipped_status, 2),
             fmt(ratio(shipped_status, hello), 2, " × floor")),
            ("startup", "`onboard review`, nothing due, shipped build", fmt(shipped_review, 2),
             fmt(ratio(shipped_review, hello), 2, " × floor")),
        ]
        judged, status, review = " (shipped build)", shipped_status, shipped_review
    else:
        judged = " (`cargo build --release`)"
    r_status = ratio(status, hello)
    verdicts.append((f"`onboard status` ≤ 2× the process floor{judged}", fmt(r_status, 2, " × floor"),
                     verdict(None if r_status is None else r_status <= 2.0)))
    r_review = ratio(review, hello)
    verdicts.append((f"`onboard review`, nothing due, ≤ 2× the process floor{judged}",
                     fmt(r_review, 2, " × floor"),
                     verdict(None if r_review is None else r_review <= 2.0)))

    # Scale.
    sizes = sorted({int(m.group(1)) for name in medians
                    if (m := re.match(r"scale (\d+): ", name))})
    per_step = {}
    for n in sizes:
        for what in ("status", "status, no cache", "steps check", "one step answered (plain)"):
            value = ms(f"scale {n}: {what}")
            if value is None:
                continue
            comparison = f"{value / n * 1000:.1f} µs per step"
            previous = per_step.get(what, [])
            if previous:
                n0, t0 = previous[-1]
                comparison += f"; {(value - t0) / (n - n0) * 1000:+.1f} µs per added step"
            per_step.setdefault(what, []).append((n, value))
            label = {
                "status": "`status`",
                "status, no cache": "`status`, no cache (first run)",
                "steps check": "`steps check`",
                "one step answered (plain)": "`onboard step ID --plain` (4 saves)",
            }[what]
            rows.append((f"scale {n}", label, fmt(value, 2), comparison))
    status_1000 = ms("scale 1000: status")
    verdicts.append(("1,000 steps: `status` under 20 ms", fmt(status_1000, 1, " ms"),
                     verdict(None if status_1000 is None else status_1000 < 20)))
    growth = None
    points = per_step.get("status", [])
    if len(points) >= 2:
        (n0, t0), (n1, t1) = points[-2], points[-1]
        # Linear or better: the time per step does not grow with the size
        # (a little slack for timing noise).
        growth = (t1 / n1) <= (t0 / n0) * 1.10
        detail = f"{t0 / n0 * 1000:.0f} → {t1 / n1 * 1000:.0f} µs/step ({n0} → {n1} steps)"
    else:
        detail = "not measured yet"
    verdicts.append(("`status` grows no worse than linearly", detail, verdict(growth)))

    # Cohort (issue 16, part 5): the same generated reports in each format.
    cohort_sizes = sorted({int(m.group(1)) for name in medians
                           if (m := re.match(r"cohort (\d+): ", name))})
    per_report = []
    for n in cohort_sizes:
        for what, label in (("json", "`onboard cohort --format json`"),
                            ("text", "`onboard cohort` (text)"),
                            ("html", "`onboard cohort --format html`")):
            value = ms(f"cohort {n}: {what}")
            if value is None:
                continue
            rows.append((f"cohort {n}", label, fmt(value, 1),
                         f"{value / n * 1000:.0f} µs per report"))
            if what == "json":
                per_report.append((n, value))
    for n, limit in ((1000, 200), (10000, 2000)):
        value = ms(f"cohort {n}: json")
        verdicts.append((f"cohort: {n:,} reports under {limit:,} ms", fmt(value, 0, " ms"),
                         verdict(None if value is None else value < limit)))
    if len(per_report) >= 2:
        (n0, t0), (n1, t1) = per_report[0], per_report[-1]
        detail = f"{t0 / n0 * 1000:.0f} → {t1 / n1 * 1000:.0f} µs/report ({n0} → {n1} reports)"
        linear = (t1 / n1) <= (t0 / n0) * 1.10
    else:
        detail, linear = "not measured yet", None
    verdicts.append(("cohort grows no worse than linearly", detail, verdict(linear)))

    # Memory.
    for name, label in (("status", "`onboard status`"),
                        ("journey", "plain journey (11 steps answered)"),
                        ("scaffold", "`onboard scaffold` (with git)"),
                        ("status-1000", "`onboard status`, 1,000 steps"),
                        ("cohort-10000", "`onboard cohort`, 10,000 reports"),
                        ("cookiecutter", "cookiecutter (for comparison)"),
                        ("copier", "copier (for comparison)")):
        if name in memory or name in ("status", "journey", "scaffold"):
            value = memory.get(name)
            rows.append(("memory", label, "", "not measured yet" if value is None
                         else f"{value:.1f} MB peak RSS"))
    for name, label in (("status", "status"), ("scaffold", "scaffold")):
        value = memory.get(name)
        verdicts.append((f"peak memory of {label} under 10 MB",
                         "not measured yet" if value is None else f"{value:.1f} MB",
                         verdict(None if value is None else value < 10)))

    lines = [f"- {line}" for line in read_lines(out, "machine.txt")]
    if lines:
        lines.append("")
    lines.append("| group | command | median (ms) | comparison |")
    lines.append("|---|---|---:|---|")
    lines += [f"| {g} | {c} | {m} | {x} |" for g, c, m, x in rows]
    lines.append("")
    lines.append("| target | measured | verdict |")
    lines.append("|---|---|---|")
    lines += [f"| {t} | {m} | {v} |" for t, m, v in verdicts]
    notes = read_lines(out, "notes.txt")
    if notes:
        lines.append("")
        lines += [f"- {note}" for note in notes]
    text = "\n".join(lines) + "\n"
    (Path(out) / "results.md").write_text(text)
    sys.stdout.write(text)


def cohort(directory, out, count):
    """COUNT reports, version 2 (docs/report.md), of recruits at random
    places of the journey of DIRECTORY, with first tries missed at random
    and one step in twenty passed on an older version: what `onboard
    report --format json` writes, for `onboard cohort` to read."""
    import random

    rng = random.Random(count)
    steps = read_steps(directory)
    prints = [step_fingerprint(step) for step in steps]
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for n in range(count):
        passed = rng.randint(0, len(steps))
        day = 1 + rng.randint(0, 27)
        at = f"2026-11-{day:02d}T10:00:00Z"
        records = []
        for i, step in enumerate(steps):
            done = i < passed
            started = i == passed
            drift = done and rng.random() < 0.05
            details = []
            missed = []
            for q, question in enumerate(step.get("questions", [])):
                choices = question.get("choices", [])
                right = [c for c in choices if c.get("correct")]
                kind = "text" if not choices else ("multiple" if len(right) > 1 else "single")
                miss = done and rng.random() < 0.2
                picked = []
                if miss and choices:
                    wrong = [c for c in choices if not c.get("correct")]
                    picked = [rng.choice(wrong)["text"]] + [c["text"] for c in right[1:]]
                if miss:
                    missed.append({"question": question["prompt"], "right_answer": "…"})
                details.append({
                    "index": q,
                    "question": question["prompt"],
                    "kind": kind,
                    "first_try": (not miss) if done else None,
                    "picked": picked,
                })
            count_q = len(details)
            reflection = step.get("reflection") or {}
            records.append({
                "id": step["id"],
                "title": step["title"],
                "status": ("outdated" if drift else "passed") if done else ("started" if started else "todo"),
                "questions": count_q,
                "first_score": count_q - len(missed) if done else None,
                "final_score": count_q if done else None,
                "attempts": (1 + (len(missed) > 0)) if done else int(started),
                "passed_at": at if done else None,
                "missed": missed,
                "reflection_prompt": reflection.get("prompt"),
                "reflection": None,
                "commitment": reflection.get("commitment"),
                "fingerprint": ("v1-" + "0" * 24 if drift else prints[i]) if done or started else None,
                "current": (done or started) and not drift,
                "questions_detail": details,
            })
        report = {
            "report_version": 2,
            "recruit": f"Recrue {n:05d}",
            "generated_at": at,
            "started_at": "2026-11-01T09:00:00Z",
            "last_passed_at": at if passed else None,
            "content": {"origin": "bench", "commit": None, "id": None, "version": "bench"},
            "total": len(steps),
            "passed": passed,
            "steps": records,
            "last_activity": at,
            "reviews": {"due": rng.randint(0, 3), "overdue": rng.randint(0, 1), "next": "2026-12-01"},
            "includes_reflections": False,
        }
        (out / f"recrue-{n:05d}.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, args = argv[1], argv[2:]
    if command == "gen-steps" and len(args) == 3:
        gen_steps(args[0], int(args[1]), args[2])
    elif command == "pin" and len(args) == 2:
        pin(*args)
    elif command == "answers" and len(args) in (1, 2):
        answers(*args)
    elif command == "hash" and len(args) == 1:
        for step in read_steps(args[0]):
            print(step["id"], step_fingerprint(step), step_hash_v0(step))
    elif command == "cohort" and len(args) == 3:
        cohort(args[0], args[1], int(args[2]))
    elif command == "templates" and len(args) >= 2:
        values = dict(arg.split("=", 1) for arg in args[2:])
        templates(args[0], args[1], values)
    elif command == "report" and len(args) == 2:
        report(args[0], args[1] == "1")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUTF8", "1")
    main(sys.argv)
