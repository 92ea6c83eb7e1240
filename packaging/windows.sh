#!/usr/bin/env bash
# Cross-compiles onboard for Windows (x86_64-pc-windows-gnu, mingw-w64) and
# runs it under Wine in plain mode: a whole journey with piped answers,
# `status --format json`, `doctor`, and `scaffold --yes --no-git` plus
# `audit` of the result.
#
# Installs what it needs when it can (rustup target, Debian's mingw-w64 and
# wine64). When a toolchain cannot be installed, it says so on one line and
# exits 0: the release workflow builds Windows on the forge anyway.
set -euo pipefail
cd "$(dirname "$0")/.."
target=x86_64-pc-windows-gnu
target_dir="${CARGO_TARGET_DIR:-target}"

skip() { echo "== Windows: $*"; exit 0; }

apt_install() {
  if [ "$(id -u)" = 0 ] && command -v apt-get > /dev/null; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > /dev/null 2>&1 ||
      { apt-get update -qq > /dev/null 2>&1 &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" > /dev/null 2>&1; } || true
  fi
}

rustup target list --installed 2>/dev/null | grep -qx "$target" ||
  rustup target add "$target" > /dev/null 2>&1 || skip "skipped, rustup cannot add $target"
command -v x86_64-w64-mingw32-gcc > /dev/null || apt_install gcc-mingw-w64-x86-64
command -v x86_64-w64-mingw32-gcc > /dev/null || skip "skipped, the mingw-w64 cross compiler (gcc-mingw-w64-x86-64) cannot be installed"
# Debian's wine64 package puts its loader in /usr/lib/wine, not on PATH.
find_wine() { command -v wine64 || command -v wine || { [ -x /usr/lib/wine/wine64 ] && echo /usr/lib/wine/wine64; } || true; }
[ -n "$(find_wine)" ] || apt_install wine64
wine=$(find_wine)

echo "== clippy for $target"
cargo clippy --locked --quiet --target "$target" --all-targets -- -D warnings

echo "== cross build for $target"
cargo build --locked --quiet --target "$target"
dir="$target_dir/$target/debug"
exe="$dir/onboard.exe"

[ -n "$wine" ] || skip "built, but not run: wine64 cannot be installed"

# Test only, never shipped: Debian's Wine 8.0 has no bcryptprimitives.dll,
# which binaries of Rust 1.78 and newer need to start (ProcessPrng).
x86_64-w64-mingw32-gcc -shared -O2 -o "$dir/bcryptprimitives.dll" \
  packaging/wine/bcryptprimitives.c -ladvapi32

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export WINEPREFIX="$PWD/target/wine-prefix" WINEDEBUG=-all WINEDLLOVERRIDES="bcryptprimitives=n"
unset DISPLAY
run() { "$wine" "$exe" "$@"; }
# The first start creates the Wine prefix (about 20 seconds), once.
run --version | tr -d '\r' | grep -qx "onboard $(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -1)"

echo "== under Wine: a whole plain journey, with piped answers"
export ONBOARD_PROGRESS="$work/progress.toml"
# The shipped steps with their choice orders pinned, so that answers by
# position hold (as benches/run.sh does): choices are shuffled otherwise.
python3 benches/helper.py pin steps "$work/pinned"
python3 benches/helper.py answers "$work/pinned" > "$work/answers.txt"
run --plain --steps "$work/pinned" < "$work/answers.txt" > "$work/journey.txt"
grep -q "Où tu en es" "$work/journey.txt" || { tail -20 "$work/journey.txt"; exit 1; }

echo "== under Wine: status --format json"
run --steps "$work/pinned" status --format json < /dev/null > "$work/status.json"
python3 - "$work/status.json" <<'EOF'
import json, sys
status = json.load(open(sys.argv[1], encoding="utf-8"))
assert status["total"] > 0 and status["passed"] == status["total"], status
assert all(step["status"] == "passed" for step in status["steps"]), status
print(f"   {status['passed']}/{status['total']} steps passed")
EOF

echo "== under Wine: Ctrl-C in the middle of a step (the console handler)"
python3 packaging/wine/ctrl_c.py "$wine" "$exe" "$work/interrupted.toml"

echo "== under Wine: doctor"
run --plain doctor < /dev/null > "$work/doctor.txt" 2>&1 || true
grep -q "windows" "$work/doctor.txt" || { cat "$work/doctor.txt"; exit 1; }

echo "== under Wine: scaffold --yes --no-git, then audit"
run --plain scaffold "$work/projet" --yes --no-git --name projet \
  --contact equipe@example.org --repository-url https://github.com/example/projet < /dev/null > /dev/null
run audit "$work/projet" < /dev/null > "$work/audit.txt" || { cat "$work/audit.txt"; exit 1; }
echo "== under Wine: scaffold with its first commit (the Windows index entries), then git fsck and audit"
run --plain scaffold "$work/avecgit" --yes --name avecgit --author "Camille Test <camille@example.org>" \
  --contact equipe@example.org --repository-url https://github.com/example/avecgit < /dev/null > /dev/null
if command -v git > /dev/null; then
  git -C "$work/avecgit" fsck --strict --no-dangling
  [ -z "$(git -C "$work/avecgit" status --porcelain)" ] || { git -C "$work/avecgit" status; exit 1; }
fi
run audit "$work/avecgit" < /dev/null > "$work/audit-git.txt" || { cat "$work/audit-git.txt"; exit 1; }
echo "Windows build OK under $("$wine" --version)"
