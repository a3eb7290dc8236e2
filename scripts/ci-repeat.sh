#!/usr/bin/env bash
# Is CI reliable? Runs `.ci/run` in N fresh clones of this repository's current commit, one after another (as a
# new contributor would: `git clone`, then `CI=true bash .ci/run`), keeps each run's log, and prints a table:
# run, result (pass, or fail with the first failing test), seconds. Exits 1 if any run failed.
# Usage: scripts/ci-repeat.sh [N] [--keep]    N defaults to 3; --keep keeps the clones (about 1 GB each) beside
# the logs instead of removing each once its run is over.
# Only committed work is tested: a clone has what `git commit` put in the repository, not the working tree.
set -euo pipefail

runs=3
keep=
for arg in "$@"; do
  case "$arg" in
    --keep) keep=1 ;;
    ''|*[!0-9]*) echo "usage: scripts/ci-repeat.sh [N] [--keep]" >&2; exit 2 ;;
    *) runs=$arg ;;
  esac
done
[ "$runs" -ge 1 ] || { echo "usage: scripts/ci-repeat.sh [N] [--keep] (N >= 1)" >&2; exit 2; }

top=$(git rev-parse --show-toplevel)
commit=$(git -C "$top" rev-parse HEAD)
if [ -n "$(git -C "$top" status --porcelain --untracked-files=no)" ]; then
  echo "ci-repeat: the working tree has uncommitted changes; the clones test the commit ${commit:0:12} without them." >&2
fi
dir=$(mktemp -d "${TMPDIR:-/tmp}/sse-kit-ci-repeat.XXXXXX")
echo "ci-repeat: $runs run(s) of .ci/run on ${commit:0:12} ($(git -C "$top" log -1 --format=%s "$commit" | cut -c1-80))"
echo "ci-repeat: logs in $dir"

# The first thing that failed in a run's log: a browser test (wtr's ❌), a Node test (the first `not ok`: node
# --test reports a failing subtest before its parent), a check of the examples or the demo (FAIL), a type error, a size budget,
# or else the log's last line.
first_failure() {
  local log=$1 found
  found=$(sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$log" | grep -m1 -E '^\s*❌ |^\s*not ok [0-9]+ - |^\s*FAIL |error TS[0-9]+|^size budget exceeded' || true)
  if [ -z "$found" ]; then found=$(sed -e 's/\x1b\[[0-9;?]*[A-Za-z]//g' "$log" | grep -v '^\s*$' | tail -n 1); fi
  printf '%s' "$found" | sed -E -e 's/^\s*(❌ |not ok [0-9]+ - |FAIL )//' | cut -c1-150
}

declare -a results seconds
failed=0
for ((run = 1; run <= runs; run++)); do
  clone="$dir/run-$run"
  log="$dir/run-$run.log"
  started=$SECONDS
  {
    git clone --quiet --no-checkout "$top" "$clone"
    git -C "$clone" checkout --quiet --detach "$commit"
  } >"$log" 2>&1
  echo "ci-repeat: run $run of $runs: CI=true bash .ci/run in $clone (log: $log)"
  if (cd "$clone" && CI=true bash .ci/run) >>"$log" 2>&1; then
    results[run]=pass
  else
    results[run]="fail: $(first_failure "$log")"
    failed=$((failed + 1))
  fi
  seconds[run]=$((SECONDS - started))
  echo "ci-repeat: run $run: ${results[run]} (${seconds[run]} s)"
  [ -n "$keep" ] || rm -rf "$clone"
done

echo
printf '%-4s  %-7s  %s\n' run seconds result
for ((run = 1; run <= runs; run++)); do
  printf '%-4s  %-7s  %s\n' "$run" "${seconds[run]}" "${results[run]}"
done
echo
echo "ci-repeat: $((runs - failed)) of $runs passed; logs in $dir"
[ "$failed" -eq 0 ]
