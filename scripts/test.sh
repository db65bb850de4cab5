#!/usr/bin/env bash
# `npm test`: type checks, unit + integration tests (vitest), end-to-end tests (Playwright).
# Every stage runs even when an earlier one fails, so one run reports everything; the exit code is
# non-zero if any stage failed. With EDGEWISE_REPORT_DIR set, runners also write JSON reports there
# (.ci/run reads them to print its `N passed, N failed` line).
set -u
cd "$(dirname "$0")/.."
status=0

stage() {
	local name=$1
	shift
	echo "== $name: $*"
	"$@"
	local rc=$?
	[ -n "${EDGEWISE_REPORT_DIR:-}" ] && echo "{\"stage\":\"$name\",\"exitCode\":$rc}" >"$EDGEWISE_REPORT_DIR/stage-$name.json"
	[ $rc -eq 0 ] || status=1
}

stage check npx svelte-kit sync
stage typecheck npx svelte-check --tsconfig ./tsconfig.json --threshold error --output machine
stage vitest npx vitest run
if [ -f playwright.config.ts ]; then
	stage playwright npx playwright test
fi
exit $status
