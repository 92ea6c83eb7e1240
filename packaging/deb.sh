#!/usr/bin/env bash
# Builds the Debian package, checks it with lintian, installs it into a
# scratch root and runs it from there.
#
#   bash packaging/deb.sh            build, lintian, install and check
#   bash packaging/deb.sh --no-check build only (target/x86_64-unknown-linux-musl/debian/*.deb)
#
# The binary is the static one of the release archives (musl, static-pie):
# it loads no shared library at start, which is most of what a quick
# command costs (BENCHMARKS.md, "Startup: the shipped build"), and it runs
# on any Linux whatever its C library. ripgrep's package is built the same
# way.
#
# Needs cargo-deb (pinned below), dpkg, lintian, man, the Rust target
# <machine>-unknown-linux-musl and musl-gcc (libgit2 and zlib are C); installs
# what is missing when run as root (CI runs as root on Debian). Everything
# it generates goes to target/packaging/: the man page and completions come
# from the built binary (`onboard man`, `onboard completions`), the copyright
# file from `cargo metadata`, never from files kept by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
CARGO_DEB_VERSION=3.8.0
check=yes
[ "${1:-}" = "--no-check" ] && check=no

target_dir="${CARGO_TARGET_DIR:-target}"
out=target/packaging
mkdir -p "$out"

if ! cargo deb --version 2>/dev/null | grep -q "$CARGO_DEB_VERSION"; then
  echo "== installing cargo-deb $CARGO_DEB_VERSION"
  cargo install --locked --quiet cargo-deb --version "$CARGO_DEB_VERSION"
fi

target=$(uname -m)-unknown-linux-musl
if ! rustup target list --installed 2>/dev/null | grep -qx "$target"; then
  echo "== installing the Rust target $target"
  rustup target add "$target" > /dev/null
fi
if ! command -v musl-gcc > /dev/null; then
  [ "$(id -u)" = 0 ] || { echo "deb.sh: musl-gcc is missing: install Debian's musl-tools (sudo apt-get install musl-tools)" >&2; exit 1; }
  echo "== installing musl-tools"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends musl-tools > /dev/null 2>&1 ||
    { apt-get update -qq > /dev/null && apt-get install -y -qq --no-install-recommends musl-tools > /dev/null; }
fi

echo "== release build ($target, static)"
cargo build --release --locked --quiet --target "$target"
bin="$target_dir/$target/release/onboard"
# Static: no interpreter, so no shared library is loaded at start.
if readelf -lW "$bin" | grep -q INTERP; then
  echo "deb.sh: $bin is not a static binary" >&2
  exit 1
fi
# The quick commands' functions laid out first (build.rs): a section of at
# least 64 KiB, or the list in packaging/startup-order.txt matched nothing.
order_size=$(readelf -SW "$bin" | sed -n 's/.*] \.text\.startup_order  *PROGBITS  *[0-9a-f]*  *[0-9a-f]*  *\([0-9a-f]*\) .*/\1/p')
if [ -z "$order_size" ] || [ "$((16#$order_size))" -lt 65536 ]; then
  echo "deb.sh: $bin has no start-up section of its quick commands (.text.startup_order: ${order_size:-absent}); see packaging/startup-order.sh" >&2
  exit 1
fi

echo "== man page, completions, copyright and changelogs (generated)"
# The package's texts are the default language's, as `onboard man` prints
# them with no ONBOARD_LANG.
env -u ONBOARD_LANG "$bin" man > "$out/onboard.1"
gzip -9nf "$out/onboard.1"
env -u ONBOARD_LANG "$bin" completions bash > "$out/onboard.bash"
env -u ONBOARD_LANG "$bin" completions zsh > "$out/_onboard"
env -u ONBOARD_LANG "$bin" completions fish > "$out/onboard.fish"
python3 packaging/copyright.py "$target" > "$out/copyright"
gzip -9nc CHANGELOG.md > "$out/changelog.gz"
version=$(cargo metadata --locked --no-deps --format-version 1 |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["packages"][0]["version"])')
maintainer=$(sed -n 's/^maintainer = "\(.*\)"$/\1/p' Cargo.toml)
# The date of the commit built, so that two builds of it give the same file.
date=$(git log -1 --format=%aD 2>/dev/null || date -R)
cat > "$out/changelog" <<EOF
onboard ($version-1) unstable; urgency=medium

  * Package of onboard $version, built by the project with cargo-deb.
    The changes are in /usr/share/doc/onboard/changelog.gz.

 -- $maintainer  $date
EOF

echo "== cargo deb"
rm -f "$target_dir"/debian/onboard_*.deb "$target_dir/$target"/debian/onboard_*.deb
cargo deb --locked --no-build --no-strip --quiet --target "$target"
deb=$(ls "$target_dir/$target"/debian/onboard_*.deb)
echo "built $deb"
[ "$check" = yes ] || exit 0

if ! command -v lintian > /dev/null || ! command -v man > /dev/null; then
  echo "== installing lintian and man-db"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -qq --no-install-recommends lintian man-db > /dev/null 2>&1 ||
    { apt-get update -qq > /dev/null && apt-get install -y -qq --no-install-recommends lintian man-db > /dev/null; }
fi
echo "== lintian"
# Errors fail the build; each warning left is explained in
# packaging/lintian-overrides, which the package carries.
lintian --fail-on error,warning "$deb"

echo "== install into a scratch root, and run from there"
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
dpkg -x "$deb" "$root"
installed="$root/usr/bin/onboard"
"$installed" --version | grep -qx "onboard $version"
home="$root/home"
mkdir -p "$home"
# The installed binary, with a home of its own.
run_home() {
  HOME="$home" XDG_DATA_HOME="$home/data" XDG_CACHE_HOME="$home/cache" XDG_CONFIG_HOME="$home/config" \
    "$installed" "$@"
}
run_home status > "$root/status.txt" < /dev/null
grep -q "progress.toml" "$root/status.txt"
# The static build does what the tested one does: the steps pass their
# checker, a scaffolded repository (libgit2) passes its audit (licence
# matching, SPDX, REUSE), and a plain journey reads answers from a pipe.
run_home steps check --strict > /dev/null
run_home scaffold "$root/projet" --yes --name projet --contact equipe@example.org \
  --repository-url https://github.com/exemple/projet \
  --author "Équipe <equipe@example.org>" > /dev/null < /dev/null
run_home audit "$root/projet" > "$root/audit.txt" < /dev/null
# One Enter, then the end of input: exit 130, "interrupted, progress kept".
journey=0
printf '\n' | run_home --plain > "$root/journey.txt" 2>&1 || journey=$?
[ "$journey" = 130 ] || { cat "$root/journey.txt" >&2; echo "deb.sh: the plain journey exited $journey" >&2; exit 1; }
grep -q "Bienvenue" "$root/journey.txt"
MANWIDTH=80 man -l "$root/usr/share/man/man1/onboard.1.gz" > "$root/man.txt" 2> /dev/null
grep -q "onboard" "$root/man.txt"

echo "== the packaged man page and completions are what the binary prints"
same() { cmp -s "$1" "$2" || { echo "differs from the binary's output: $1" >&2; exit 1; }; }
env -u ONBOARD_LANG "$installed" man > "$root/expected.1"
gunzip -c "$root/usr/share/man/man1/onboard.1.gz" > "$root/packaged.1"
same "$root/packaged.1" "$root/expected.1"
env -u ONBOARD_LANG "$installed" completions bash > "$root/expected.bash"
same "$root/usr/share/bash-completion/completions/onboard" "$root/expected.bash"
env -u ONBOARD_LANG "$installed" completions zsh > "$root/expected.zsh"
same "$root/usr/share/zsh/vendor-completions/_onboard" "$root/expected.zsh"
env -u ONBOARD_LANG "$installed" completions fish > "$root/expected.fish"
same "$root/usr/share/fish/vendor_completions.d/onboard.fish" "$root/expected.fish"
grep -q "^Files: cargo/clap-" "$root/usr/share/doc/onboard/copyright"
echo "package OK: $deb"
