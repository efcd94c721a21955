#!/usr/bin/env bash
# Proves that a change (a refactor, an optimization) left every output byte as it was: builds
# the same inputs with the release binary of an old revision and with the current tree's, and
# compares the two output folders with `diff -r`.
#
#   benches/same-output.sh                 # old revision: OLD_REV_DEFAULT below
#   benches/same-output.sh 1d47a1e         # any revision git knows
#   OLD_BIN=... OLD_GEN=... benches/same-output.sh   # prebuilt old binaries: nothing is built
#   NEW_BIN=... NEW_GEN=... benches/same-output.sh   # prebuilt new binaries
#   KEEP=1 benches/same-output.sh          # keep the temporary folder (the differing outputs)
#
# Without OLD_BIN and OLD_GEN, the old revision is checked out into a git worktree in a
# temporary folder and built there (`cargo build --release --bins --examples`, a few minutes);
# without NEW_BIN and NEW_GEN, the current tree is built the same way.
#
# What is compared, each built once with each binary into a new folder:
#   - the repository's example handbook as the OLD revision has it (mentorkit.yaml, content/,
#     templates/ and static/, without themes/: each binary uses the theme built into it, so a
#     change to the default theme is compared too, while the example's own overrides stay the
#     input both binaries read): the whole site (the organization-wide handbook and every
#     department under departments/<id>/), with --drafts, with --base-url, and each department
#     alone (--department ID, for each folder under content/departments/);
#   - a synthetic handbook of GUIDES (default 1,000) guides, and one with 3 departments (the
#     whole site and each department alone). Both binaries build the same input: it is
#     written once, by the OLD generator;
#   - the synthetic projects the two generators write (the generator is code too).
#
# Exit status: 0 when every comparison is identical, 1 when any differs (or only one of the two
# binaries fails a build), 2 on a usage or set-up error.
set -euo pipefail

OLD_REV_DEFAULT=08717b8

if [ $# -gt 1 ] || [[ ${1:-} == -* ]]; then
  echo "usage: benches/same-output.sh [OLD_REV]   (default $OLD_REV_DEFAULT)" >&2
  exit 2
fi
repo=$(cd "$(dirname "$0")/.." && pwd)
OLD_REV=${1:-$OLD_REV_DEFAULT}
GUIDES=${GUIDES:-1000}
# The build manifest: in the output folder up to mentorkit 0.1 (.mentorkit-manifest.json),
# since then in the project (.mentorkit/builds/), with a one-line marker in the output folder.
MANIFEST=.mentorkit-manifest.json
MARKER=.mentorkit-output

die() { echo "same-output: error: $*" >&2; exit 2; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/mentorkit-same-output.XXXXXX")
worktree="" worktree_admin=""
cleanup() {
  if [ -n "$worktree" ]; then
    # --force: the worktree holds the untracked target/ of the old build.
    if ! git -C "$repo" worktree remove --force "$worktree" 2>/dev/null; then
      rm -rf "$worktree"
      # The worktree's own record in .git/worktrees/, made by the `worktree add` below.
      if [ -n "$worktree_admin" ] && [ -d "$worktree_admin" ]; then rm -rf "$worktree_admin"; fi
    fi
  fi
  if [ "${KEEP:-0}" = 1 ]; then
    echo "same-output: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- the two pairs of binaries ------------------------------------------------------------

if [ -z "${OLD_BIN:-}" ] || [ -z "${OLD_GEN:-}" ]; then
  git -C "$repo" rev-parse --verify --quiet "$OLD_REV^{commit}" >/dev/null ||
    die "unknown revision $OLD_REV"
  echo "same-output: building $OLD_REV in a worktree under $tmp" >&2
  git -C "$repo" worktree add --quiet --detach "$tmp/old" "$OLD_REV"
  worktree=$tmp/old
  worktree_admin=$(git -C "$worktree" rev-parse --absolute-git-dir)
  # Its own target folder, even where CARGO_TARGET_DIR is set: the new build must not
  # overwrite the old binaries.
  (cd "$worktree" && CARGO_TARGET_DIR="$worktree/target" nice -n 10 \
    cargo build --release --quiet --bins --examples) || die "cannot build $OLD_REV"
  OLD_BIN=${OLD_BIN:-$worktree/target/release/mentorkit}
  OLD_GEN=${OLD_GEN:-$worktree/target/release/examples/mentorkit-gen}
  old_label=$(git -C "$repo" rev-parse --short "$OLD_REV")
else
  old_label=$OLD_BIN
fi

if [ -z "${NEW_BIN:-}" ] || [ -z "${NEW_GEN:-}" ]; then
  echo "same-output: building the current tree" >&2
  (cd "$repo" && nice -n 10 cargo build --release --quiet --bins --examples) ||
    die "cannot build the current tree"
  target=${CARGO_TARGET_DIR:-$repo/target}
  case $target in /*) ;; *) target=$repo/$target ;; esac
  NEW_BIN=${NEW_BIN:-$target/release/mentorkit}
  NEW_GEN=${NEW_GEN:-$target/release/examples/mentorkit-gen}
  new_label="the current tree ($(git -C "$repo" rev-parse --short HEAD)$(git -C "$repo" diff --quiet HEAD -- 2>/dev/null || echo ' + uncommitted changes'))"
else
  new_label=$NEW_BIN
fi

for b in "$OLD_BIN" "$OLD_GEN" "$NEW_BIN" "$NEW_GEN"; do
  [ -x "$b" ] || die "$b is not an executable file"
done
# Copies, so that a build running meanwhile (or the new build above, with a shared target
# folder) cannot replace a binary between two comparisons.
mkdir "$tmp/bin"
cp "$OLD_BIN" "$tmp/bin/old-mentorkit"; cp "$OLD_GEN" "$tmp/bin/old-gen"
cp "$NEW_BIN" "$tmp/bin/new-mentorkit"; cp "$NEW_GEN" "$tmp/bin/new-gen"
OLD_BIN=$tmp/bin/old-mentorkit OLD_GEN=$tmp/bin/old-gen
NEW_BIN=$tmp/bin/new-mentorkit NEW_GEN=$tmp/bin/new-gen

echo "old: $old_label ($("$OLD_BIN" --version))"
echo "new: $new_label ($("$NEW_BIN" --version))"

# --- comparing ------------------------------------------------------------------------------

compared=0
differing=()

# report_diff A B: lists what differs between two folders (at most 10 entries).
report_diff() {
  diff -r -q --exclude="$MANIFEST" --exclude="$MARKER" "$1" "$2" | head -10 | while IFS= read -r line; do
    if [[ $line =~ ^Files\ (.*)\ and\ (.*)\ differ$ ]]; then
      echo "    differs: ${BASH_REMATCH[1]#"$1"/} ($(cmp "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" 2>&1 |
        sed "s/^.* differ: //; s|$1|OLD|; s|$2|NEW|"))"
    else
      echo "    $line" | sed "s|$1|OLD|; s|$2|NEW|"
    fi
  done || true
}

# The manifest without its stamp. The stamp hashes the identity (size and modification time)
# of the mentorkit binary that wrote it, beside the inputs and options (src/write/manifest.rs),
# so two different binaries always write different stamps, even when they are built from the
# same source (two builds with the same binary write the same manifest); everything else in
# the manifest (version, counts, every page's path, size and hash) is compared.
manifest_without_stamp() {
  sed -E 's/"stamp":"[0-9a-f]*"/"stamp":"(binary-dependent)"/' "$1"
}

# manifest_of ROOT OUT: the manifest the build just made of ROOT into OUT left: in OUT, or the
# newest in ROOT/.mentorkit/builds/.
manifest_of() {
  if [ -f "$2/$MANIFEST" ]; then
    echo "$2/$MANIFEST"
  else
    ls -t "$1"/.mentorkit/builds/*.json 2>/dev/null | head -n 1
  fi
}

# compare LABEL ROOT [BUILD ARGUMENTS...]: builds ROOT with both binaries, each into a new
# folder, and compares the two.
compare() {
  local label=$1 root=$2; shift 2
  local n=$((compared + 1))
  local a=$tmp/out-$n-old b=$tmp/out-$n-new rc_old=0 rc_new=0 same=1
  compared=$n
  local ma mb
  "$OLD_BIN" build --root "$root" --output "$a" "$@" >"$a.log" 2>&1 || rc_old=$?
  ma=$(manifest_of "$root" "$a")
  "$NEW_BIN" build --root "$root" --output "$b" "$@" >"$b.log" 2>&1 || rc_new=$?
  mb=$(manifest_of "$root" "$b")
  if [ "$rc_old" -ne 0 ] && [ "$rc_old" -eq "$rc_new" ]; then
    echo "same-output: both binaries fail to build $label (exit $rc_old):" >&2
    tail -5 "$a.log" >&2
    exit 2
  elif [ "$rc_old" -ne "$rc_new" ]; then
    echo "DIFFERENT  $label: the old build exits $rc_old, the new one $rc_new"
    tail -3 "$a.log" "$b.log" | sed 's/^/    /'
    same=0
  else
    if ! diff -r -q --exclude="$MANIFEST" --exclude="$MARKER" "$a" "$b" >/dev/null; then
      echo "DIFFERENT  $label ($(diff -r -q --exclude="$MANIFEST" --exclude="$MARKER" "$a" "$b" | wc -l) entries)"
      report_diff "$a" "$b"
      same=0
    fi
    if [ -f "$ma" ] || [ -f "$mb" ]; then
      if ! cmp -s <(manifest_without_stamp "$ma" 2>/dev/null) \
                  <(manifest_without_stamp "$mb" 2>/dev/null); then
        if [ "$same" = 1 ]; then echo "DIFFERENT  $label"; fi
        echo "    differs: the build manifest (beyond its stamp)"
        same=0
      fi
    fi
    if [ "$same" = 1 ]; then
      printf 'identical  %s (%s files)\n' "$label" "$(find "$a" -type f | wc -l)"
    fi
  fi
  if [ "$same" = 1 ]; then
    rm -rf "$a" "$b" "$a.log" "$b.log"
  else
    differing+=("$label")
    if [ "${KEEP:-0}" = 1 ]; then echo "    kept: $a $b"; fi
  fi
  return 0
}

# compare_project NAME ROOT [ARGUMENTS FOR THE WHOLE SITE...]: the whole site, then each
# department alone.
compare_project() {
  local name=$1 root=$2; shift 2
  compare "$name, whole site" "$root" "$@"
  local folder
  for folder in "$root"/content/departments/*/; do
    [ -d "$folder" ] || continue
    folder=${folder%/}
    compare "$name, --department ${folder##*/}" "$root" --department "${folder##*/}"
  done
}

# generate NAME ARGUMENTS...: a synthetic project written by the old generator (the input both
# binaries build), compared with the one the new generator writes from the same arguments.
generate() {
  local name=$1; shift
  "$OLD_GEN" "$tmp/$name" "$@" 2>/dev/null || die "the old generator fails: mentorkit-gen $*"
  compared=$((compared + 1))
  local label="generator, mentorkit-gen $*"
  if ! "$NEW_GEN" "$tmp/$name-new" "$@" 2>/dev/null; then
    echo "DIFFERENT  $label: the new generator fails"
    differing+=("$label")
  elif ! diff -r -q "$tmp/$name" "$tmp/$name-new" >/dev/null; then
    echo "DIFFERENT  $label"
    report_diff "$tmp/$name" "$tmp/$name-new"
    differing+=("$label")
  else
    printf 'identical  %s (%s files)\n' "$label" "$(find "$tmp/$name" -type f | wc -l)"
  fi
  rm -rf "$tmp/$name-new"
}

example="$tmp/example"
mkdir -p "$example"
git -C "$repo" archive "$OLD_REV" mentorkit.yaml content templates static | tar -x -C "$example" ||
  die "cannot take the example project from $OLD_REV"
compare_project "example handbook" "$example"
compare "example handbook, --drafts" "$example" --drafts
compare "example handbook, --base-url" "$example" --base-url https://handbook.example/mentoring/

generate "synth-$GUIDES" --guides "$GUIDES"
compare_project "$GUIDES synthetic guides" "$tmp/synth-$GUIDES"
rm -rf "${tmp:?}/synth-$GUIDES"

generate "synth-$GUIDES-d3" --guides "$GUIDES" --departments 3
compare_project "$GUIDES synthetic guides x 3 departments" "$tmp/synth-$GUIDES-d3"
rm -rf "${tmp:?}/synth-$GUIDES-d3"

if [ ${#differing[@]} -eq 0 ]; then
  echo "same-output: IDENTICAL: all $compared comparisons match byte for byte (old: $old_label, new: $new_label)"
  exit 0
else
  echo "same-output: DIFFERENT: ${#differing[@]} of $compared comparisons differ (old: $old_label, new: $new_label):"
  printf '  - %s\n' "${differing[@]}"
  [ "${KEEP:-0}" = 1 ] || echo "  (run with KEEP=1 to keep the differing output folders)"
  exit 1
fi
