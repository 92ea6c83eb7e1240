#!/usr/bin/env python3
"""Writes the Debian package's machine-readable copyright file (DEP-5).

It lists every crate linked into the binary (the normal dependency graph of
`onboard` for the package's target, from `cargo metadata`): name, version
and licence expression, with the licences' texts. Never kept by hand: the
packaging script runs this at every build, so a new dependency is listed
the day it is added.

Usage: copyright.py TARGET-TRIPLE > copyright
"""

import json
import re
import subprocess
import sys
from pathlib import Path

FORMAT = "https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/"
# Licences whose full text Debian ships in /usr/share/common-licenses, by
# SPDX id -> Debian short name (lintian wants a pointer there, not a copy).
COMMON = {"Apache-2.0": "Apache-2.0", "MPL-2.0": "MPL-2.0", "GPL-2.0-only": "GPL-2", "CC0-1.0": "CC0-1.0"}
# C libraries built from source inside the crates that wrap them: their own
# licences apply to the code linked in (crate -> (what, copyright, SPDX expression)).
BUNDLED = {
    "libgit2-sys": ("libgit2", "the libgit2 contributors", "GPL-2.0-only WITH GCC-exception-2.0"),
    "libz-sys": ("zlib", "1995-2024 Jean-loup Gailly and Mark Adler", "Zlib"),
    "libmimalloc-sys": ("mimalloc", "2018-2025 Microsoft Corporation, Daan Leijen", "MIT"),
}
# The C library of a static Linux build (target *-linux-musl).
MUSL = ("musl", "2005-2020 Rich Felker, et al.", "MIT")


def tokens(expr):
    return re.findall(r"\(|\)|[A-Za-z0-9.+-]+|/", expr)


def parse(expr):
    """An SPDX expression as a disjunctive normal form: a list of lists of terms."""
    toks = tokens(expr)
    pos = 0

    def peek():
        return toks[pos] if pos < len(toks) else None

    def take():
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def primary():
        if peek() == "(":
            take()
            value = disjunction()
            take()  # ")"
            return value
        term = take()
        if peek() == "WITH":
            take()
            term = f"{term} WITH {take()}"
        return [[term]]

    def conjunction():
        value = primary()
        while peek() == "AND":
            take()
            right = primary()
            value = [a + b for a in value for b in right]
        return value

    def disjunction():
        value = conjunction()
        while peek() in ("OR", "/"):
            take()
            value = value + conjunction()
        return value

    return disjunction()


def short(term):
    """A term in Debian's syntax: `GPL-2 with GCC-exception-2.0 exception`."""
    name, _, exception = term.partition(" WITH ")
    name = COMMON.get(name, name)
    return f"{name} with {exception} exception" if exception else name


def debian(expr):
    return " or ".join(" and ".join(short(t) for t in conj) for conj in parse(expr))


def ids(expr):
    return {t for conj in parse(expr) for term in conj for t in [term.partition(" WITH ")[0]]}


def text_of(spdx_id, data_dir):
    """The licence's text, indented for DEP-5 (blank lines become ` .`)."""
    if spdx_id in COMMON:
        name = COMMON[spdx_id]
        return f" On Debian systems, the full text of this licence is in\n /usr/share/common-licenses/{name}."
    detail = data_dir / "json" / "details" / f"{spdx_id}.json"
    text = json.loads(detail.read_text(encoding="utf-8"))["licenseText"]
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return "\n".join(f" {line}" if line else " ." for line in lines)


def main():
    target = sys.argv[1]
    meta = json.loads(
        subprocess.run(
            ["cargo", "metadata", "--locked", "--format-version", "1", "--filter-platform", target],
            check=True,
            capture_output=True,
        ).stdout
    )
    packages = {p["id"]: p for p in meta["packages"]}
    nodes = {n["id"]: n for n in meta["resolve"]["nodes"]}
    root = meta["resolve"]["root"]
    linked, todo = set(), [root]
    while todo:
        node = todo.pop()
        if node in linked:
            continue
        linked.add(node)
        for dep in nodes[node]["deps"]:
            # Normal dependencies only: build scripts' and tests' are not linked.
            if any(kind["kind"] is None for kind in dep["dep_kinds"]):
                todo.append(dep["pkg"])
    me = packages[root]
    crates = sorted((packages[i] for i in linked if i != root), key=lambda p: (p["name"], p["version"]))
    # The SPDX licence list, as the `license` crate (a dependency) ships it.
    data = next(Path(p["manifest_path"]).parent / "license-list-data" for p in meta["packages"] if p["name"] == "license")

    out = [
        f"Format: {FORMAT}",
        f"Upstream-Name: {me['name']}",
        "Upstream-Contact: La Fabrique numérique <https://github.com/fabrique-numerique/onboard/issues>",
        f"Source: {me['repository'] or 'https://github.com/fabrique-numerique/onboard'}",
        "Comment: The binary links the Rust crates listed below, one paragraph",
        " each (name, version, licence expression from its Cargo.toml), and the C",
        " libraries built inside some of them (libgit2, zlib, and mimalloc in the",
        " static build). Generated from `cargo metadata` by packaging/copyright.py.",
        "",
        "Files: *",
        "Copyright: La Fabrique numérique and the onboard contributors",
        f"License: {debian(me['license'])}",
    ]
    used = set(ids(me["license"]))
    if "musl" in target:
        # A static binary for a musl target carries the C library too: the
        # copy that the Rust toolchain ships for that target.
        used |= ids(MUSL[2])
        out += [
            "",
            f"Files: {MUSL[0]}/*",
            f"Copyright: {MUSL[1]}",
            f"License: {debian(MUSL[2])}",
            f"Comment: musl libc, the C library, linked statically (the Rust toolchain's copy for {target}), licence {MUSL[2]}.",
        ]
    for crate in crates:
        expr = crate["license"] or "UNKNOWN"
        used |= ids(expr)
        authors = ", ".join(a.split(" <")[0] for a in crate["authors"]) or f"the {crate['name']} authors"
        out += [
            "",
            f"Files: cargo/{crate['name']}-{crate['version']}/*",
            f"Copyright: {authors}",
            f"License: {debian(expr)}",
            f"Comment: Rust crate {crate['name']} {crate['version']}, licence {expr}.",
        ]
        if crate["name"] in BUNDLED:
            what, holders, lib_expr = BUNDLED[crate["name"]]
            used |= ids(lib_expr)
            out += [
                "",
                f"Files: cargo/{crate['name']}-{crate['version']}/{what}/*",
                f"Copyright: {holders}",
                f"License: {debian(lib_expr)}",
                f"Comment: {what}, built from source by the crate {crate['name']}, licence {lib_expr}.",
            ]
    exceptions = set()
    for crate in crates:
        for conj in parse(crate["license"] or ""):
            exceptions |= {t.partition(" WITH ")[2] for t in conj if " WITH " in t}
    for spdx_id in sorted(used):
        out += ["", f"License: {COMMON.get(spdx_id, spdx_id)}", text_of(spdx_id, data)]
    for crate_name, (_, _, lib_expr) in BUNDLED.items():
        for conj in parse(lib_expr):
            exceptions |= {t.partition(" WITH ")[2] for t in conj if " WITH " in t}
    for exception in sorted(exceptions):
        detail = data / "json" / "exceptions" / f"{exception}.json"
        text = json.loads(detail.read_text(encoding="utf-8"))["licenseExceptionText"]
        lines = [line.rstrip() for line in text.strip().splitlines()]
        out += ["", f"License: {exception}", "\n".join(f" {l}" if l else " ." for l in lines)]
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
