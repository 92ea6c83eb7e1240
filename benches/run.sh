#!/usr/bin/env bash
# Measures onboard against what a team would use instead (see BENCHMARKS.md):
#   bash benches/run.sh           the full run (about ten minutes on 2 cores)
#   bash benches/run.sh --quick   a smoke run for CI: one run per command, no
#                                 warm-up, 10 and 100 steps only
# Needs: cargo and rustc, python3 (3.11+, with venv), git; installs hyperfine,
# GNU time and musl-tools from Debian's packages when run as root, the Rust
# target <machine>-unknown-linux-musl (the shipped build) with rustup, and
# cookiecutter and copier from PyPI into target/bench-venv. Results go to benches/out/
# (hyperfine JSON, memory.tsv, results.md); the table is printed at the end.
# Timings are reported, never asserted; a failure of onboard fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

quick=0
for arg in "$@"; do
  case $arg in
    --quick) quick=1 ;;
    -h | --help)
      sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'
      exit 0
      ;;
    *)
      echo "run.sh: unknown option '$arg' (the only option is --quick)" >&2
      exit 2
      ;;
  esac
done

target_dir=${CARGO_TARGET_DIR:-$root/target}
case $target_dir in /*) ;; *) target_dir=$root/$target_dir ;; esac
out=$root/benches/out
work=$target_dir/bench
venv=${ONBOARD_BENCH_VENV:-$target_dir/bench-venv}
run=$work/run
helper=(python3 "$root/benches/helper.py")

say() { printf '\n== %s\n' "$*" >&2; }
note() {
  printf 'note: %s\n' "$*" >&2
  printf '%s\n' "$*" >>"$out/notes.txt"
}
die() {
  printf 'run.sh: %s\n' "$*" >&2
  exit 1
}
# One shell word per argument, for the command lines that hyperfine runs.
quote() {
  local s
  printf -v s '%q ' "$@"
  printf '%s' "${s% }"
}

rm -rf "$out" "$run"
mkdir -p "$out" "$run"
: >"$out/notes.txt"

if [ "$quick" = 1 ]; then
  sizes=(10 100)
  slow=(--runs 1 --warmup 0)
  fast=(--runs 1 --warmup 0)
  memory_runs=1
  note "quick mode: one run per command and no warm-up; the figures only show that the benchmarks work"
else
  sizes=(10 100 1000)
  slow=(--warmup 2 --min-runs 10)
  fast=(--warmup 5 --min-runs 40)
  memory_runs=5
fi
hyperfine_common=(--style basic --time-unit millisecond)

# --- tools --------------------------------------------------------------------

say "tools"
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v git >/dev/null || missing+=(git)
command -v python3 >/dev/null || missing+=(python3 python3-venv)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing ${missing[*]} from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >"$out/apt.log" 2>&1 ||
      die "apt-get update failed (see benches/out/apt.log): cannot install ${missing[*]}"
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >>"$out/apt.log" 2>&1 ||
      die "apt-get install ${missing[*]} failed (see benches/out/apt.log)"
  else
    die "missing: ${missing[*]}. Install them (Debian: sudo apt-get install ${missing[*]}; hyperfine also: cargo install hyperfine), or run this script as root, which installs them."
  fi
fi
python3 -c 'import sys, tomllib' 2>/dev/null || die "python3 is $(python3 --version 2>&1): 3.11 or later is needed (tomllib)"

# cookiecutter and copier, pinned, in a virtual environment of their own.
py_tools=1
cookiecutter_version=2.7.1
copier_version=9.19.1
if ! "$venv/bin/cookiecutter" --version 2>/dev/null | grep -q "$cookiecutter_version" ||
  ! "$venv/bin/copier" --version 2>/dev/null | grep -q "$copier_version"; then
  echo "installing cookiecutter $cookiecutter_version and copier $copier_version into $venv" >&2
  if ! {
    python3 -m venv "$venv" &&
      "$venv/bin/pip" install --quiet --disable-pip-version-check \
        "cookiecutter==$cookiecutter_version" "copier==$copier_version"
  } >"$out/pip.log" 2>&1; then
    tail -n 5 "$out/pip.log" >&2 || true
    if [ "$quick" = 1 ]; then
      note "cookiecutter and copier could not be installed (see benches/out/pip.log): their rows are skipped"
      py_tools=0
    else
      die "cookiecutter and copier could not be installed (see benches/out/pip.log)"
    fi
  fi
fi

# --- builds -------------------------------------------------------------------

say "cargo build --release"
cargo build --release
bin=$target_dir/release/onboard
[ -x "$bin" ] || die "$bin was not built"

# The shipped build: the static one of the Debian package and the Linux
# release archives (musl, static-pie, mimalloc; see packaging/deb.sh).
# Issue 12's startup target is judged on it.
static_target=$(uname -m)-unknown-linux-musl
shipped=
say "cargo build --release --target $static_target (the shipped build)"
if ! rustup target list --installed 2>/dev/null | grep -qx "$static_target"; then
  rustup target add "$static_target" >/dev/null 2>&1 || true
fi
if ! command -v musl-gcc >/dev/null && [ "$(id -u)" = 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends musl-tools >/dev/null 2>&1 ||
    { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends musl-tools >/dev/null 2>&1; } || true
fi
if rustup target list --installed 2>/dev/null | grep -qx "$static_target" && command -v musl-gcc >/dev/null; then
  cargo build --release --target "$static_target"
  shipped=$target_dir/$static_target/release/onboard
  [ -x "$shipped" ] || die "$shipped was not built"
else
  note "the Rust target $static_target or musl-gcc (Debian's musl-tools) is missing: the shipped build's rows are skipped"
fi

say "the process floor: a hello world built with rustc -O"
mkdir -p "$work"
printf 'fn main() {\n    println!("bonjour");\n}\n' >"$work/hello.rs"
rustc -O -o "$work/hello" "$work/hello.rs"

{
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), $(awk '/MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo) of memory"
  # shellcheck disable=SC1091
  echo "system: $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
  echo "onboard: $("$bin" --version) ($(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo 'no commit')), $(rustc --version)"
  echo "load average (1, 5, 15 min) at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "tools: $(hyperfine --version), $(git --version)$(
    [ "$py_tools" = 1 ] && echo ", cookiecutter $cookiecutter_version, copier $copier_version, $("$venv/bin/python" --version)"
  )"
} >"$out/machine.txt"
cat "$out/machine.txt" >&2

# From here on, nothing reads the caller's configuration: a home of our own,
# no system git config, no onboard variables.
export HOME=$work/home XDG_DATA_HOME=$work/home/data XDG_CONFIG_HOME=$work/home/config \
  XDG_CACHE_HOME=$work/home/cache GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset ONBOARD_STEPS ONBOARD_PROGRESS ONBOARD_LANG NO_COLOR GIT_DIR GIT_WORK_TREE
rm -rf "$HOME"
mkdir -p "$HOME"

# Peak resident memory of one command, in kB, appended to memory.tsv as NAME.
memory() {
  local name=$1 log
  shift
  log=$run/time.log
  /usr/bin/time -v -o "$log" "$@" >/dev/null 2>"$run/memory.err" </dev/null ||
    die "$name failed: $* ($(tail -n 3 "$run/memory.err"))"
  printf '%s\t%s\n' "$name" "$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")" >>"$out/memory.tsv"
}

# --- the shipped journey, in plain mode ---------------------------------------

say "the shipped journey in plain mode (checks that onboard works)"
# The shipped steps with their choice orders pinned, so that answers by position hold.
"${helper[@]}" pin "$root/steps" "$work/pinned"
"${helper[@]}" answers "$work/pinned" >"$work/journey.in"
journey=$run/journey/progress.toml
ONBOARD_PROGRESS=$journey "$bin" --plain --steps "$work/pinned" <"$work/journey.in" >"$out/journey.log" 2>&1 ||
  die "the plain journey failed (see benches/out/journey.log)"
ONBOARD_PROGRESS=$journey "$bin" --steps "$work/pinned" status --format json >"$run/journey.json" ||
  die "onboard status failed after the journey"
python3 - "$run/journey.json" <<'EOF' || die "the journey did not pass every step"
import json, sys
status = json.load(open(sys.argv[1]))
assert status["total"] > 0 and status["passed"] == status["total"], status
# Every question is now scheduled for review, and none is due yet.
assert status["review"]["due"] == 0 and status["review"]["next"], status["review"]
EOF

# --- startup --------------------------------------------------------------------

# onboard keeps what it parsed in its cache ($XDG_CACHE_HOME/onboard), but
# not from a file changed within the last second (see src/cache.rs): wait,
# as any later run would. The "no cache" rows empty the cache before each
# run: what the first run after an install or an edit costs.
uncached=(--prepare "rm -rf $XDG_CACHE_HOME/onboard")
if [ -n "$shipped" ]; then
  ONBOARD_PROGRESS=$journey "$shipped" --steps "$work/pinned" status >/dev/null ||
    die "the shipped build's onboard status failed"
fi
sleep 1.2
say "startup: onboard status, review and steps list against the process floor"
# After the journey, every question has a review schedule and none is due:
# status counts them, and review says that nothing is due. Both read the
# steps the journey answered (the pinned copy), so that no step is outdated
# and every schedule is counted.
shipped_rows=()
if [ -n "$shipped" ]; then
  shipped_rows=(
    -n "startup: onboard status (shipped build)" "$(quote "$shipped" --steps "$work/pinned" status)"
    -n "startup: onboard review, nothing due (shipped build)" "$(quote "$shipped" --steps "$work/pinned" review --plain)"
  )
fi
ONBOARD_PROGRESS=$journey hyperfine "${hyperfine_common[@]}" "${fast[@]}" -N \
  --export-json "$out/startup.json" \
  -n "startup: hello world (floor)" "$(quote "$work/hello")" \
  -n "startup: onboard status" "$(quote "$bin" --steps "$work/pinned" status)" \
  -n "startup: onboard review, nothing due" "$(quote "$bin" --steps "$work/pinned" review --plain)" \
  -n "startup: onboard steps list" "$(quote "$bin" steps list)" \
  "${shipped_rows[@]}"
ONBOARD_PROGRESS=$journey hyperfine "${hyperfine_common[@]}" "${fast[@]}" -N "${uncached[@]}" \
  --export-json "$out/startup-uncached.json" \
  -n "startup: onboard status, no cache" "$(quote "$bin" status)"

# --- scale ------------------------------------------------------------------------

for n in "${sizes[@]}"; do
  say "scale: $n generated steps"
  steps=$run/steps-$n
  pristine=$run/progress-$n.pristine.toml
  progress=$run/progress-$n.toml
  "${helper[@]}" gen-steps "$steps" "$n" "$pristine"
  cp "$pristine" "$progress"
  export ONBOARD_STEPS=$steps ONBOARD_PROGRESS=$progress
  "$bin" steps check >/dev/null || die "onboard steps check refused the generated content ($steps)"
  "$bin" status --format json >"$run/status-$n.json" || die "onboard status failed on $n steps"
  python3 - "$run/status-$n.json" "$n" <<'EOF' || note "at $n steps the generated progress is not all passed: 'outdated' is computed"
import json, sys
status = json.load(open(sys.argv[1]))
assert status["total"] == int(sys.argv[2]) and status["passed"] == status["total"], status["passed"]
EOF
  sleep 1.2 # see "uncached" above
  id=$(printf 'etape-%04d' $((n / 2)))
  "${helper[@]}" answers "$steps" "$id" >"$run/answer-$n.in"
  hyperfine "${hyperfine_common[@]}" "${fast[@]}" -N \
    --export-json "$out/scale-$n.json" \
    -n "scale $n: status" "$(quote "$bin" status)" \
    -n "scale $n: steps check" "$(quote "$bin" steps check)"
  hyperfine "${hyperfine_common[@]}" "${fast[@]}" -N "${uncached[@]}" \
    --export-json "$out/scale-$n-uncached.json" \
    -n "scale $n: status, no cache" "$(quote "$bin" status)"
  # Four saves (the start of the attempt and three answers), each locked,
  # written to a temporary file, fsynced and renamed.
  hyperfine "${hyperfine_common[@]}" "${fast[@]}" --shell=bash \
    --prepare "$(quote cp "$pristine" "$progress")" \
    --export-json "$out/scale-$n-answer.json" \
    -n "scale $n: one step answered (plain)" \
    "$(quote "$bin" step "$id" --plain) < $(quote "$run/answer-$n.in")"
  if [ "$n" = 1000 ]; then
    for _ in $(seq "$memory_runs"); do memory status-1000 "$bin" status; done
  fi
  unset ONBOARD_STEPS ONBOARD_PROGRESS
done

# --- cohort -----------------------------------------------------------------------

# onboard cohort (issue 16, part 5) on generated reports (version 2, 20 kB
# each, as `onboard report --format json` writes them) for the shipped
# steps: 1,000 must take under 200 ms, 10,000 under 2 s, growing linearly.
say "cohort: onboard cohort on generated reports"
if [ "$quick" = 1 ]; then
  cohort_sizes=(100 1000)
else
  cohort_sizes=(1000 3000 10000)
fi
for n in "${cohort_sizes[@]}"; do
  reports=$run/cohort-$n
  "${helper[@]}" cohort "$work/pinned" "$reports" "$n"
  cohort_cmd=("$bin" --steps "$work/pinned" cohort "$reports")
  "${cohort_cmd[@]}" --format json >"$run/cohort-$n.json" || die "onboard cohort failed on $n reports"
  python3 - "$run/cohort-$n.json" "$n" <<'EOF' || die "onboard cohort did not count every generated report"
import json, sys
cohort = json.load(open(sys.argv[1]))
assert cohort["summary"]["counted"] == int(sys.argv[2]) and not cohort["skipped"], cohort["summary"]
EOF
  hyperfine "${hyperfine_common[@]}" "${slow[@]}" -N \
    --export-json "$out/cohort-$n.json" \
    -n "cohort $n: json" "$(quote "${cohort_cmd[@]}" --format json)" \
    -n "cohort $n: text" "$(quote "${cohort_cmd[@]}")" \
    -n "cohort $n: html" "$(quote "${cohort_cmd[@]}" --format html)"
  if [ "$n" = 10000 ]; then
    for _ in $(seq "$memory_runs"); do memory cohort-10000 "${cohort_cmd[@]}" --format json; done
  fi
done

# --- scaffold ---------------------------------------------------------------------

say "scaffold: onboard against cookiecutter + git, copier + git and cp + git"
name=mesure-onboard
description="Projet de mesure des performances"
contact=mesure@exemple.fr
author_name="Camille Mesure"
author_email=camille@exemple.fr
repository_url=https://github.com/exemple/$name
scaffold_options=(--yes --name "$name" --description "$description" --license MIT
  --contact "$contact" --author "$author_name <$author_email>" --forge github
  --repository-url "$repository_url")
git_commit() { # the git CLI part of the comparisons, on directory $1
  quote git init -q -b main "$1"
  printf ' && '
  quote git -C "$1" add -A
  printf ' && '
  quote git -C "$1" -c "user.name=$author_name" -c "user.email=$author_email" commit -q -m "Premier commit"
}

# Outside any git work tree (onboard scaffold looks for an enclosing one),
# and removed at the end.
scaffold_root=$(mktemp -d "${TMPDIR:-/tmp}/onboard-bench.XXXXXX")
trap 'rm -rf "$scaffold_root"' EXIT
scaffold_ok=1
probe=$scaffold_root/probe
if ! "$bin" scaffold "$probe" "${scaffold_options[@]}" >"$run/scaffold.out" 2>"$run/scaffold.err" </dev/null; then
  if grep -q "not yet implemented" "$run/scaffold.err"; then
    note "onboard scaffold is not implemented yet: the scaffold rows are not measured yet"
    scaffold_ok=0
  else
    cat "$run/scaffold.err" >&2
    die "onboard scaffold failed"
  fi
fi

if [ "$scaffold_ok" = 1 ]; then
  commits=$(git -C "$probe" rev-list --count HEAD 2>/dev/null || echo 0)
  [ "$commits" = 1 ] || die "onboard scaffold made $commits commits, not 1"
  tree=$run/scaffold-tree
  cp -a "$probe" "$tree"
  rm -rf "$tree/.git"
  echo "onboard scaffold: $(find "$tree" -type f | wc -l) files" >&2
  templates=$run/templates
  "${helper[@]}" templates "$tree" "$templates" project_name="$name" description="$description" \
    contact="$contact" author_name="$author_name" author_email="$author_email" \
    repository_url="$repository_url" >&2
  scratch=$scaffold_root/scratch
  prepare="rm -rf $(quote "$scratch") && mkdir -p $(quote "$scratch")"
  commands=(
    -n "scaffold: onboard (git2)" "$(quote "$bin" scaffold "$scratch/onboard" "${scaffold_options[@]}")"
    -n "scaffold: cp -r + git (floor)" "$(quote cp -r "$tree" "$scratch/floor") && $(git_commit "$scratch/floor")"
  )
  cookiecutter_run=$(quote "$venv/bin/cookiecutter" --no-input --output-dir "$scratch/cc" \
    "$templates/cookiecutter" "project_name=$name" "description=$description" "contact=$contact" \
    "author_name=$author_name" "author_email=$author_email" "repository_url=$repository_url")
  copier_run=$(quote "$venv/bin/copier" copy --defaults --quiet \
    --data "project_name=$name" --data "description=$description" --data "contact=$contact" \
    --data "author_name=$author_name" --data "author_email=$author_email" \
    --data "repository_url=$repository_url" \
    "$templates/copier" "$scratch/copier")
  if [ "$py_tools" = 1 ]; then
    # Both templates must render the very files that onboard wrote.
    eval "$prepare"
    if ! { eval "$cookiecutter_run" && eval "$copier_run"; } >"$run/render.log" 2>&1; then
      tail -n 5 "$run/render.log" >&2
      [ "$quick" = 1 ] || die "cookiecutter or copier failed on its template (see $run/render.log)"
      note "cookiecutter or copier failed on its template: their rows are skipped"
      py_tools=0
    fi
  fi
  if [ "$py_tools" = 1 ]; then
    for tool in cc/$name copier; do
      if ! diff -r "$tree" "$scratch/$tool" >"$run/diff.txt"; then
        note "${tool%%/*} does not render the same files as onboard: $(head -c 300 "$run/diff.txt" | tr '\n' ' ')"
      fi
    done
    commands+=(
      -n "scaffold: cookiecutter + git" "$cookiecutter_run && $(git_commit "$scratch/cc/$name")"
      -n "scaffold: copier + git" "$copier_run && $(git_commit "$scratch/copier")"
    )
  fi
  hyperfine "${hyperfine_common[@]}" "${slow[@]}" --shell=bash --prepare "$prepare" \
    --export-json "$out/scaffold.json" "${commands[@]}"
fi

# --- REUSE: onboard audit against reuse lint ----------------------------------------

say "REUSE: onboard audit against reuse lint on generated trees"
if [ "$quick" = 1 ]; then
  reuse_sizes=(1000)
else
  reuse_sizes=(1000 4500 20000 100000)
fi
reuse_bin=""
for candidate in "$target_dir/ci-venv/bin/reuse" "$venv/bin/reuse"; do
  [ -x "$candidate" ] && reuse_bin=$candidate && break
done
if [ -z "$reuse_bin" ] && "$venv/bin/pip" install --quiet --disable-pip-version-check 'reuse>=5' >>"$out/pip.log" 2>&1; then
  reuse_bin=$venv/bin/reuse
fi
if [ -z "$reuse_bin" ]; then
  note "reuse could not be installed (see benches/out/pip.log): the REUSE rows are skipped"
else
  echo "reuse: $("$reuse_bin" --version | head -n 1)" >>"$out/machine.txt"
  : >"$out/reuse.md"
  for n in "${reuse_sizes[@]}"; do
    tree=$work/reuse-tree-$n
    if [ ! -f "$tree/.complete" ]; then
      rm -rf "$tree"
      # n files, 100 per directory, a curl-like mix: headers in the files,
      # a REUSE.toml for the data, a .gitignore'd build directory.
      python3 - "$tree" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
tags = ("SPDX-" "FileCopyrightText: 2024 Agence", "SPDX-" "License-Identifier: MIT")
os.makedirs(f"{root}/LICENSES")
with open(f"{root}/LICENSES/MIT.txt", "w") as f:
    f.write("MIT License\n")
with open(f"{root}/REUSE.toml", "w") as f:
    f.write('version = 1\n[[annotations]]\npath = "**/*.json"\n'
            'SPDX-FileCopyrightText = "2024 Agence"\nSPDX-License-Identifier = "MIT"\n')
with open(f"{root}/.gitignore", "w") as f:
    f.write(f"# {tags[0]}\n# {tags[1]}\nbuild/\n")
os.makedirs(f"{root}/build")
with open(f"{root}/build/out.o", "wb") as f:
    f.write(b"\x7fELF\x00")
body = "int f(int x) { return x * 2; }\n" * 40
for i in range(n - 1):
    d = f"{root}/src/d{i // 100:04d}"
    os.makedirs(d, exist_ok=True)
    if i % 10 == 9:
        with open(f"{d}/f{i}.json", "w") as f:
            f.write('{"a": 1}\n')
    else:
        with open(f"{d}/f{i}.c", "w") as f:
            f.write(f"/* {tags[0]} */\n/* {tags[1]} */\n{body}")
PY
      git -C "$tree" init -q
      touch "$tree/.complete"
      # .complete is not part of the tree: git ignores it for reuse.
      echo ".complete" >"$tree/.git/info/exclude"
    fi
    (cd "$tree" && "$reuse_bin" lint -q) || die "reuse lint rejects the generated tree of $n files"
    "$bin" audit --format json "$tree" | grep -A1 -E '"id": "(reuse-toml|licenses-dir)"' | grep -q '"passed": false' &&
      die "onboard's REUSE rules reject the generated tree of $n files"
    if [ "$n" -ge 20000 ] && [ "$quick" = 0 ]; then
      runs=(--warmup 0 --runs 2)
    else
      runs=("${slow[@]}")
    fi
    # onboard audit exits 1 (the tree has no README...): -i; its REUSE
    # verdict was checked just above.
    hyperfine "${hyperfine_common[@]}" "${runs[@]}" -N -i \
      --export-json "$out/reuse-$n.json" --export-markdown "$out/reuse-$n.md" \
      -n "onboard audit ($n files)" "$(quote "$bin" audit "$tree")" \
      -n "reuse lint ($n files)" "$(quote "$reuse_bin" --root "$tree" lint -q)"
    cat "$out/reuse-$n.md" >>"$out/reuse.md"
  done
fi

# --- many repositories: onboard audit --from ------------------------------------

say "many repositories: onboard audit --from a list, on every core and on one"
if [ "$quick" = 1 ]; then
  fleet_size=5 broken_every=5
else
  fleet_size=100 broken_every=10
fi
fleet=$run/fleet
mkdir -p "$fleet"
# One scaffolded repository copied fleet_size times; one in ten (one in
# five with --quick) without SECURITY.md, so that the summary has failures.
"$bin" scaffold "$fleet/model" --yes --no-git --contact "$contact" \
  --repository-url "$repository_url" >/dev/null </dev/null || die "onboard scaffold failed (many repositories)"
: >"$fleet/list.txt"
for i in $(seq -w 1 "$fleet_size"); do
  cp -r "$fleet/model" "$fleet/depot-$i"
  [ $((10#$i % broken_every)) = 0 ] && rm "$fleet/depot-$i/SECURITY.md"
  echo "$fleet/depot-$i" >>"$fleet/list.txt"
done
ONBOARD_AUDIT_DEBUG=1 "$bin" audit --from "$fleet/list.txt" --format csv \
  >"$run/fleet.csv" 2>"$run/fleet.err" && die "onboard audit --from passed a list with broken repositories"
[ "$(cut -d, -f2 "$run/fleet.csv" | grep -c '^pass$')" = $((fleet_size - fleet_size / broken_every)) ] ||
  die "onboard audit --from: wrong summary (see $run/fleet.csv)"
grep 'onboard audit' "$run/fleet.err" | tail -n 1 | tee -a "$out/machine.txt" >&2
# The list has failing repositories: onboard exits 1 (-i).
hyperfine "${hyperfine_common[@]}" "${slow[@]}" -N -i \
  --export-json "$out/fleet.json" --export-markdown "$out/fleet.md" \
  -n "onboard audit --from ($fleet_size repositories, every core)" \
  "$(quote "$bin" audit --from "$fleet/list.txt")" \
  -n "onboard audit --from ($fleet_size repositories, ONBOARD_AUDIT_JOBS=1)" \
  "$(quote env ONBOARD_AUDIT_JOBS=1 "$bin" audit --from "$fleet/list.txt")"

# --- memory ---------------------------------------------------------------------

say "memory: peak resident set size"
for _ in $(seq "$memory_runs"); do
  ONBOARD_PROGRESS=$journey memory status "$bin" status
  rm -rf "$run/memory-journey"
  ONBOARD_PROGRESS=$run/memory-journey/progress.toml memory journey sh -c "$(quote "$bin" --plain --steps "$work/pinned") < $(quote "$work/journey.in")"
  if [ "$scaffold_ok" = 1 ]; then
    eval "$prepare"
    memory scaffold "$bin" scaffold "$scratch/onboard" "${scaffold_options[@]}"
    if [ "$py_tools" = 1 ]; then
      memory cookiecutter sh -c "$cookiecutter_run"
      memory copier sh -c "$copier_run"
    fi
  fi
done
# `sh -c` itself is not what is measured: GNU time reports the largest
# process of the tree, here onboard (sh is far smaller).

# --- report -----------------------------------------------------------------------

say "results (benches/out/results.md)"
echo "load average (1, 5, 15 min) at the end: $(cut -d' ' -f1-3 /proc/loadavg)" >>"$out/machine.txt"
"${helper[@]}" report "$out" "$quick"
if [ -s "$out/fleet.md" ]; then
  printf '\n## Many repositories: onboard audit --from\n\n' >>"$out/results.md"
  cat "$out/fleet.md" >>"$out/results.md"
  cat "$out/fleet.md"
fi
if [ -s "$out/reuse.md" ]; then
  printf '\n## REUSE: onboard audit and reuse lint\n\n' >>"$out/results.md"
  cat "$out/reuse.md" >>"$out/results.md"
  cat "$out/reuse.md"
fi
