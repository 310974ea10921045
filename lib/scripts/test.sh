#!/usr/bin/env bash
# Runs every test: library unit tests, engine tests, the book in a headless browser, and every
# notebook in notebooks/ executed in quick mode. Installs what the tests need first (idempotent).
# Ends with one plain summary line: "N passed, M failed".
set -uo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$root"

bash lib/scripts/setup.sh || exit 1

# One libtorch thread per test process. The tests check numbers, not speed, and with libtorch's
# default (a thread per core) a machine whose cores are busy with other work made every parallel
# operation wait for a thread that was not running: the library tests took 26 minutes instead of 6
# with two spinning processes beside them. Set OMP_NUM_THREADS yourself to test another count.
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test NotebookKit.sln --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# Sum the per-assembly summaries, e.g. "Passed!  - Failed: 0, Passed: 55, Skipped: 0, Total: 55".
summary=$(grep -E '^\s*(Passed|Failed)!\s+-\s+Failed:' "$log" | sed -E 's/.*Failed:\s*([0-9]+), Passed:\s*([0-9]+), Skipped:\s*([0-9]+).*/\1 \2 \3/' \
  | awk '{f+=$1; p+=$2; s+=$3; n++} END {if (n) printf "%d %d %d\n", p, f, s}')
echo
if [ -n "$summary" ]; then
  read -r passed failed skipped <<<"$summary"
  # A skipped test would hide what it checks: name the count and fail the run.
  if [ "$skipped" -ne 0 ]; then echo "$skipped tests were skipped"; [ "$status" -ne 0 ] || status=1; fi
  echo "$passed passed, $failed failed"
else
  echo "no test summary was printed: the build or the test host failed (see above)"
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
