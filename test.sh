#!/usr/bin/env bash
# One command to test everything: installs what is missing, builds, runs every xunit and
# node:test suite (each starts its own Azurite on free ports), and ends with one summary line.
set -uo pipefail
cd "$(dirname "$0")"
source scripts/install.sh
install_all Release
install_test_tools

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT
status=0

echo "==> xunit suites" >&2
dotnet test WaFunctions.sln -c Release --no-build --nologo 2>&1 | tee "$logs/dotnet.txt" || status=1
echo "==> engine-host node:test suite" >&2
(cd engine-host && node --test --test-reporter=tap --test-concurrency=2 --test-timeout=120000 dist/test/) 2>&1 | tee "$logs/node.txt" || status=1
echo "==> dashboard browser suite (node:test, headless Chromium)" >&2
node --test --test-reporter=tap --test-concurrency=2 --test-timeout=180000 tests/Dashboard/ 2>&1 | tee "$logs/dashboard.txt" || status=1
# Last and alone: run.sh runs the install step again, which rebuilds what the other suites execute.
echo "==> run.sh suite (node:test: start, restart, stop order, file modes)" >&2
node --test --test-reporter=tap --test-timeout=900000 tests/run-sh/ 2>&1 | tee "$logs/run-sh.txt" || status=1

# dotnet prints one "Passed!/Failed!  - Failed: N, Passed: N, Skipped: N" line per test assembly;
# each node:test TAP run (engine-host, dashboard, run.sh) ends with "# pass N", "# fail N", "# skipped N".
read -r passed failed skipped < <(
  { grep -hE '^(Passed|Failed)! +- ' "$logs/dotnet.txt" | sed -E 's/.*Failed: *([0-9]+), Passed: *([0-9]+), Skipped: *([0-9]+).*/\2 \1 \3/'
    awk '/^# pass /{p=$3} /^# fail /{f=$3} /^# skipped /{s=$3} END{print p+0, f+0, s+0}' "$logs/node.txt"
    awk '/^# pass /{p=$3} /^# fail /{f=$3} /^# skipped /{s=$3} END{print p+0, f+0, s+0}' "$logs/dashboard.txt"
    awk '/^# pass /{p=$3} /^# fail /{f=$3} /^# skipped /{s=$3} END{print p+0, f+0, s+0}' "$logs/run-sh.txt"
  } | awk '{p+=$1; f+=$2; s+=$3} END{print p+0, f+0, s+0}')

# A runner that crashed before reporting counts as a failure, not as zero tests.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ]
