// Prints the one line CI reads, `N passed, N failed`, from the runners' JSON reports, and exits
// non-zero on any failure. A stage that failed without a test report (type check, a crashed runner)
// counts as one failed test, so a broken build can never read as green.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.reports';
const read = (file) => JSON.parse(readFileSync(join(dir, file), 'utf8'));
let passed = 0;
let failed = 0;
const notes = [];

if (existsSync(join(dir, 'vitest.json'))) {
	const v = read('vitest.json');
	passed += v.numPassedTests;
	failed += v.numFailedTests;
	notes.push(`vitest ${v.numPassedTests}/${v.numTotalTests}`);
}
if (existsSync(join(dir, 'playwright.json'))) {
	const s = read('playwright.json').stats;
	passed += s.expected + s.flaky;
	failed += s.unexpected;
	notes.push(`playwright ${s.expected + s.flaky}/${s.expected + s.flaky + s.unexpected} (${s.skipped} skipped)`);
}
for (const file of readdirSync(dir).filter((f) => f.startsWith('stage-'))) {
	const { stage, exitCode } = read(file);
	const hasReport = { vitest: 'vitest.json', playwright: 'playwright.json' }[stage];
	if (hasReport && existsSync(join(dir, hasReport))) {
		// A runner that exited non-zero with no failed test (e.g. an error outside tests) still fails.
		const counted = stage === 'vitest' ? read('vitest.json').numFailedTests : read('playwright.json').stats.unexpected;
		if (exitCode !== 0 && counted === 0) ((failed += 1), notes.push(`${stage} exited ${exitCode} outside tests`));
	} else if (stage === 'typecheck' || stage === 'check' || hasReport) {
		if (exitCode === 0) passed += 1;
		else ((failed += 1), notes.push(`${stage} failed (exit ${exitCode})`));
	}
}
console.log(notes.join('; '));
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
