# Helpers shared by the benchmark scripts (sourced, not run).

# shm_dir NAME: a new folder on tmpfs for builds that should leave out the disk's cost, removed
# when the script exits; prints nothing and sets SHM="" where /dev/shm is not writable.
shm_dir() {
  SHM=""
  if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    SHM=$(mktemp -d "/dev/shm/$1.XXXXXX")
    trap 'rm -rf "$SHM"' EXIT
  fi
}

# median of numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
