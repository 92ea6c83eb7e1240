#!/usr/bin/env bash
# Regenerates packaging/startup-order.txt: the functions that onboard's quick
# commands run, which build.rs asks the linker to place together at the start
# of the shipped (static musl) binary's code. Run it after a change to what
# start-up, `status`, `review` or `steps list` call, or after a Rust upgrade;
# a stale list is harmless (unknown names match nothing), only slower.
#   bash packaging/startup-order.sh
# Needs: cargo, python3, valgrind, and the Rust target
# <machine>-unknown-linux-musl with musl-gcc (Debian's musl-tools).
#
# Why: a start touches a few hundred functions spread over 7 MB of code, so
# the kernel maps about fifty 64 KiB windows of it, one page fault each; laid
# out together they fit in about twelve (BENCHMARKS.md, "Startup: the quick
# commands' code laid out together").
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

die() {
  echo "startup-order.sh: $*" >&2
  exit 1
}
command -v valgrind >/dev/null || die "valgrind is missing (Debian: apt-get install valgrind)"

target=$(uname -m)-unknown-linux-musl
target_dir=$root/target/startup-order
# Symbols kept, and no order applied: the list must not depend on itself.
CARGO_TARGET_DIR=$target_dir CARGO_PROFILE_RELEASE_STRIP=false ONBOARD_STARTUP_ORDER=0 \
  cargo build --locked --release --quiet --target "$target"
bin=$target_dir/$target/release/onboard

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export HOME=$work/home XDG_CACHE_HOME=$work/home/cache XDG_CONFIG_HOME=$work/home/config \
  XDG_DATA_HOME=$work/home/data GIT_CONFIG_NOSYSTEM=1 LC_ALL=C.UTF-8 LANG=C.UTF-8
unset ONBOARD_STEPS ONBOARD_PROGRESS ONBOARD_LANG NO_COLOR
mkdir -p "$HOME"

# A finished journey, as in the benchmark: every question has a review date.
python3 benches/helper.py pin steps "$work/pinned"
python3 benches/helper.py answers "$work/pinned" >"$work/journey.in"
export ONBOARD_PROGRESS=$work/progress.toml
"$bin" --plain --steps "$work/pinned" <"$work/journey.in" >/dev/null 2>&1 ||
  die "the plain journey failed"
# The cache is written by a first run (and not from files changed within the
# last second): the profiled runs take the path that recruits take each day.
sleep 1.2
"$bin" --steps "$work/pinned" status >/dev/null

profile() {
  local name=$1
  shift
  valgrind --tool=callgrind --demangle=no --callgrind-out-file="$work/$name.out" \
    "$bin" --steps "$work/pinned" "$@" >/dev/null 2>&1 </dev/null || true
  [ -s "$work/$name.out" ] || die "callgrind wrote nothing for '$*'"
}
profile status status
profile status-json status --format json
profile review review --plain
profile steps-list steps list
profile start-done --plain
# A recruit's first day: the welcome and the first question, then the end of input.
ONBOARD_PROGRESS=$work/first-day.toml profile start-first --plain

python3 - "$work" status status-json review steps-list start-done start-first >packaging/startup-order.txt <<'EOF'
import re, sys

work, names = sys.argv[1], sys.argv[2:]
print("# The functions that onboard's quick commands run, sorted so that a new")
print("# list reads well in a diff; written by packaging/startup-order.sh and read")
print("# by build.rs. Hashes are wildcards, so that the list outlives a rebuild.")
seen = set()
for name in names:
    with open(f"{work}/{name}.out") as profile:
        for line in profile:
            found = re.match(r"c?fn=\(\d+\) (\S+)$", line.rstrip("\n"))
            if not found:
                continue
            symbol = re.sub(r"'\d+$", "", found.group(1))
            # Legacy Rust mangling ends in a hash of the item; v0 names carry
            # the hash of their crate, and back-references into the name.
            symbol = re.sub(r"17h[0-9a-f]{16}E$", "17h*E", symbol)
            if symbol.startswith("_R"):
                symbol = re.sub(r"Cs[0-9A-Za-z]+_", "Cs*_", symbol)
                symbol = re.sub(r"B[0-9A-Za-z]{0,4}_", "B*_", symbol)
            # Addresses without a symbol, and callgrind's own names, are left out.
            plain = re.fullmatch(r"[A-Za-z0-9_$.*]+", symbol) and not symbol.startswith("0x")
            if plain:
                seen.add(symbol)
for symbol in sorted(seen):
    print(symbol)
EOF
echo "startup-order.sh: $(grep -vc '^#' packaging/startup-order.txt) functions written to packaging/startup-order.txt" >&2
