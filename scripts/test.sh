#!/usr/bin/env bash
# `npm test`: type checks, lint (prettier + eslint), unit + integration tests (vitest), end-to-end tests
# (Playwright).
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

bin=node_modules/.bin
stage check $bin/svelte-kit sync
stage typecheck $bin/svelte-check --tsconfig ./tsconfig.json --threshold error --output machine
stage lint bash -c "$bin/prettier --check . && $bin/eslint ."

stage vitest $bin/vitest run
stage playwright $bin/playwright test
exit $status
