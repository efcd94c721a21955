#!/usr/bin/env bash
# Scale benchmark: builds synthetic handbooks of N = 1,000 and 10,000 guides and 500 guides x 20
# departments, and reports wall time, CPU time, peak memory and per-guide cost for:
#   - a full build with no output folder yet (every page rendered and written as a new file);
#   - a full rebuild (every input touched, so every page is rendered again; pages that come out
#     the same are left in place instead of written);
#   - a rebuild where every page changed (a new site title), written over the old files;
#   - a no-change rebuild (nothing is read or rendered);
#   - a rebuild after one guide changed.
# On ext4 without a journal, creating files right after deleting as many is slow (the kernel
# skips recently freed inodes), so the first figure depends on the file system's recent past.
# Where /dev/shm can be written, the full build is also measured into a new folder there
# (tmpfs): mentorkit's own cost of a first build, without that file system effect. Beside each
# first build, `cp -r` of the built site into a new folder under the same conditions gives the
# floor: what creating those files costs without rendering anything.
#
#   benches/bench.sh                 # N = 1000 10000, 5 runs each
#   RUNS=10 benches/bench.sh 1000 2000 5000 10000
#
# Needs /usr/bin/time (Debian package `time`). Runs at nice 19 so it does not slow others down;
# on a busy machine wall time is inflated: read CPU time as the stable figure.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-5}
SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(1000 10000)
WORK=${WORK:-target/bench}
cargo build --release --quiet --bin mentorkit --example mentorkit-gen
BIN=$PWD/target/release/mentorkit
GEN=$PWD/target/release/examples/mentorkit-gen
mkdir -p "$WORK"
# shellcheck source=benches/common.sh
source benches/common.sh  # the working folder is the repository
shm_dir mentorkit-bench

# measure LABEL PREPARE_CMD BUILD_ARGS...: runs PREPARE_CMD then the build RUNS times.
measure() {
  local label=$1 prepare=$2; shift 2
  local walls=() cpus=() rss=()
  for _ in $(seq "$RUNS"); do
    eval "$prepare"
    local out
    out=$( { nice -n 19 /usr/bin/time -f "TIME %e %U %S %M" "$BIN" build "$@" >/dev/null; } 2>&1 | grep '^TIME' )
    read -r _ wall user sys maxrss <<<"$out"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)"); rss+=("$maxrss")
  done
  local w c m
  w=$(printf '%s\n' "${walls[@]}" | median)
  c=$(printf '%s\n' "${cpus[@]}" | median)
  m=$(printf '%s\n' "${rss[@]}" | sort -g | tail -1)
  printf '%-34s wall %7.3f s  cpu %7.3f s  peak %6.0f MiB' "$label" "$w" "$c" "$(echo "$m / 1024" | bc -l)"
  LAST_WALL=$w; LAST_CPU=$c
}

# floor LABEL PREPARE SRC DEST: runs PREPARE then `cp -r SRC DEST` RUNS times. Copying the built
# site creates the same files with the same bytes and renders nothing: the file system's own
# cost of a first build, which no build of this site can go below.
floor() {
  local label=$1 prepare=$2 src=$3 dest=$4 walls=() cpus=()
  for _ in $(seq "$RUNS"); do
    eval "$prepare"
    local out
    out=$( { nice -n 19 /usr/bin/time -f "TIME %e %U %S" cp -r "$src" "$dest"; } 2>&1 | grep '^TIME' )
    read -r _ wall user sys <<<"$out"
    walls+=("$wall"); cpus+=("$(echo "$user + $sys" | bc)")
  done
  printf '%-34s wall %7.3f s  cpu %7.3f s  (cp -r of the built site)\n' "$label" \
    "$(printf '%s\n' "${walls[@]}" | median)" "$(printf '%s\n' "${cpus[@]}" | median)"
}

echo "mentorkit $($BIN --version | cut -d' ' -f2), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg), $RUNS runs each (median; peak memory is the maximum)"
for n in "${SIZES[@]}"; do
  dir=$WORK/n$n
  [ -f "$dir/.generated" ] || { rm -rf "$dir"; "$GEN" "$dir" --guides "$n" 2>/dev/null; touch "$dir/.generated"; }
  measure "full build, $n guides" "rm -rf $dir/public" --root "$dir"
  printf '  per guide %.3f ms cpu, %.3f ms wall\n' "$(echo "$LAST_CPU * 1000 / $n" | bc -l)" "$(echo "$LAST_WALL * 1000 / $n" | bc -l)"
  floor "  floor: copy, copy just deleted" "rm -rf $WORK/copy-n$n" "$dir/public" "$WORK/copy-n$n"
  rm -rf "$WORK/copy-n$n"
  if [ -n "$SHM" ]; then
    measure "  into a new folder on tmpfs" "rm -rf $SHM/n$n" --root "$dir" --output "$SHM/n$n"
    printf '  per guide %.3f ms cpu, %.3f ms wall\n' "$(echo "$LAST_CPU * 1000 / $n" | bc -l)" "$(echo "$LAST_WALL * 1000 / $n" | bc -l)"
    rm -rf "${SHM:?}/n$n"
    floor "  floor: copy into tmpfs" "rm -rf $SHM/copy" "$dir/public" "$SHM/copy"
    rm -rf "${SHM:?}/copy"
  fi
  measure "full rebuild, $n guides" "touch $dir/mentorkit.yaml" --root "$dir"
  printf '  per guide %.3f ms cpu, %.3f ms wall\n' "$(echo "$LAST_CPU * 1000 / $n" | bc -l)" "$(echo "$LAST_WALL * 1000 / $n" | bc -l)"
  measure "every page changed, $n guides" "sed -i \"s/^title: .*/title: Synthetic Handbook \$RANDOM/\" $dir/mentorkit.yaml" --root "$dir"
  printf '  per guide %.3f ms cpu, %.3f ms wall\n' "$(echo "$LAST_CPU * 1000 / $n" | bc -l)" "$(echo "$LAST_WALL * 1000 / $n" | bc -l)"
  measure "no-change rebuild, $n guides" ":" --root "$dir"; echo
  guide=$dir/content/guides/goals/group-00/guide-00000.md
  measure "one guide changed, $n guides" "echo 'Edited.' >> $guide" --root "$dir"; echo
done
dept=$WORK/dept500x20
[ -f "$dept/.generated" ] || { rm -rf "$dept"; "$GEN" "$dept" --guides 500 --departments 20 2>/dev/null; touch "$dept/.generated"; }
measure "500 guides x 20 departments" "rm -rf $dept/public" --root "$dept"; echo
if [ -n "$SHM" ]; then
  measure "  into a new folder on tmpfs" "rm -rf $SHM/dept" --root "$dept" --output "$SHM/dept"; echo
  rm -rf "${SHM:?}/dept"
fi
measure "  full rebuild" "touch $dept/mentorkit.yaml" --root "$dept"; echo
