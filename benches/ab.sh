#!/usr/bin/env bash
# Side-by-side timing of two mentorkit binaries on the same synthetic handbook, in interleaved
# runs (old, new, old, new, ...), so that the machine's drift over the day (up to a third here)
# weighs on both alike. Reports, per binary and case, the median wall and CPU time and the peak
# memory, and the new binary's time as a percentage of the old one's.
#
#   benches/ab.sh OLD_BIN NEW_BIN [RUNS]     # RUNS per binary and case, default 5
#   N=1000 benches/ab.sh old/mentorkit target/release/mentorkit 9
#
# Cases:
#   (a) full rebuild, every input touched (mentorkit.yaml and every file of the project, so
#       that no binary can skip any of them; every page is read and rendered again, and pages
#       that come out the same are left in place, as in bench.sh's full rebuild): each binary
#       has its own output folder, built once before the measured runs, so each rebuild finds
#       the pages of its own binary;
#   (b) first build into a new folder on tmpfs (/dev/shm; deleted after each run): the build's
#       own cost, without the disk's cost of creating files right after deleting as many.
#
# The handbook (N guides, default 10,000) is written once, into WORK/ab-nN (WORK: default
# target/bench, as in bench.sh), by the generator in OLD_GEN or GEN, or else the one built
# beside OLD_BIN (target/release/examples/mentorkit-gen), and reused while that generator is
# unchanged.
# Nothing is built here: build both binaries first. Same conventions as bench.sh: needs
# /usr/bin/time (Debian package `time`), runs at nice 19, medians (peak memory: the maximum);
# on a busy machine wall time is inflated: read CPU time as the stable figure.
set -euo pipefail
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
  echo "usage: benches/ab.sh OLD_BIN NEW_BIN [RUNS]" >&2
  exit 2
fi
# Paths given are relative to where the script is called from; WORK, as in bench.sh, to the
# repository.
OLD=$(realpath -m "$1")
NEW=$(realpath -m "$2")
GEN=$(realpath -m "${OLD_GEN:-${GEN:-$(dirname "$OLD")/examples/mentorkit-gen}}")
cd "$(dirname "$0")/.."
RUNS=${3:-${RUNS:-5}}
N=${N:-10000}
[[ $RUNS =~ ^[1-9][0-9]*$ && $N =~ ^[1-9][0-9]*$ ]] || { echo "ab.sh: RUNS and N must be positive numbers" >&2; exit 2; }
WORK=$(realpath -m "${WORK:-target/bench}")
for b in "$OLD" "$NEW" "$GEN"; do
  [ -x "$b" ] || { echo "ab.sh: $b is not an executable file" >&2; exit 2; }
done
[ -x /usr/bin/time ] || { echo "ab.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 2; }

dir=$WORK/ab-n$N
out_old=$WORK/ab-n$N-public-old
out_new=$WORK/ab-n$N-public-new
mkdir -p "$WORK"
gen_id="$(sha256sum "$GEN" | cut -d' ' -f1) --guides $N"
if [ ! -f "$dir/.generated" ] || [ "$(cat "$dir/.generated")" != "$gen_id" ]; then
  rm -rf "$dir" "$out_old" "$out_new"
  echo "writing $N guides into $dir" >&2
  "$GEN" "$dir" --guides "$N" 2>/dev/null
  echo "$gen_id" > "$dir/.generated"
fi
# shellcheck source=benches/common.sh
source benches/common.sh  # the working folder is the repository
shm_dir mentorkit-ab

# run BIN BUILD_ARGS...: one build; prints "wall cpu maxrss_kib".
run() {
  local bin=$1; shift
  local out
  out=$( { nice -n 19 /usr/bin/time -f "TIME %e %U %S %M" "$bin" build "$@" >/dev/null; } 2>&1 | grep '^TIME' ) ||
    { echo "ab.sh: $bin build $* failed" >&2; exit 1; }
  read -r _ wall user sys maxrss <<<"$out"
  echo "$wall $(echo "$user + $sys" | bc) $maxrss"
}

# row LABEL WHO FILE: median wall and CPU, maximum peak memory of the runs in FILE.
row() {
  local w c m
  w=$(cut -d' ' -f1 "$3" | median)
  c=$(cut -d' ' -f2 "$3" | median)
  m=$(cut -d' ' -f3 "$3" | sort -g | tail -1)
  printf '%-40s %-8s wall %7.3f s  cpu %7.3f s  peak %5.0f MiB\n' "$1" "$2" "$w" "$c" "$(echo "$m / 1024" | bc -l)"
  eval "${2}_WALL=$w ${2}_CPU=$c"
}

ratio() {
  printf '%-40s %-8s wall %7.1f %%  cpu %7.1f %%\n' "" "new/old" \
    "$(echo "100 * $new_WALL / $old_WALL" | bc -l)" "$(echo "100 * $new_CPU / $old_CPU" | bc -l)"
}

results=$(mktemp -d "${TMPDIR:-/tmp}/mentorkit-ab.XXXXXX")
# The generated project stays for the next run; the two output folders (several hundred MB
# each at 10,000 guides) do not.
trap 'rm -rf "$SHM" "$results" "$out_old" "$out_new"' EXIT

echo "old: $OLD ($("$OLD" --version))"
echo "new: $NEW ($("$NEW" --version))"
echo "$N guides, $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $RUNS runs each, interleaved old/new (median; peak memory is the maximum)"

# (a) full rebuild. A first build into each binary's own folder, not measured.
run "$OLD" --root "$dir" --output "$out_old" >/dev/null
run "$NEW" --root "$dir" --output "$out_new" >/dev/null
touch_all() {
  local folders=() f
  for f in content templates themes static; do [ -d "$dir/$f" ] && folders+=("$dir/$f"); done
  find "$dir/mentorkit.yaml" "${folders[@]}" -exec touch {} +
}
for _ in $(seq "$RUNS"); do
  touch_all; run "$OLD" --root "$dir" --output "$out_old" >>"$results/a-old"
  touch_all; run "$NEW" --root "$dir" --output "$out_new" >>"$results/a-new"
done
row "full rebuild (every input touched)" old "$results/a-old"
row "" new "$results/a-new"
ratio

# (b) first build into a new folder on tmpfs.
if [ -n "$SHM" ]; then
  for _ in $(seq "$RUNS"); do
    rm -rf "${SHM:?}/out"; run "$OLD" --root "$dir" --output "$SHM/out" >>"$results/b-old"
    rm -rf "${SHM:?}/out"; run "$NEW" --root "$dir" --output "$SHM/out" >>"$results/b-new"
  done
  rm -rf "${SHM:?}/out"
  row "first build into a new folder on tmpfs" old "$results/b-old"
  row "" new "$results/b-new"
  ratio
else
  echo "(no writable /dev/shm: the first build on tmpfs is left out)"
fi
