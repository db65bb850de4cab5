// What the Compare page's other panes cost the engine it measures. In the built app in Chromium: one local
// slot (the built-in model, wasm q8) decoding alone, and the same slot with three more panes streaming at the
// same time (Order: "At the same time"). The three are cloud slots on an in-process stand-in server that
// streams tokens on timers, so they cost the machine almost nothing but the page's own work: parsing their
// streams, updating their panes. Rounds alternate (alone, four; then four, alone; ...) after one uncounted
// rounds of each (a tiny model keeps speeding up over its first runs as the JIT tiers up); the figure is the local slot's decode tok/s from the run the app saved, median per mode.
//   npm run bench:panes -- [--rounds 15] [--warmups 3] [--tokens 256] [--threads 2] [--gap-ms 10] [--port 4347]
import { loadavg } from 'node:os';
import { prepare } from '../src/cli/prepare';
import { flagsOrExit } from '../src/cli/cli-args';
import { loadLocal, readStoredRecords, seedSettings, type SlotSetup } from '../src/cli/bench-driver';
import { startStaticServer } from '../src/server/static-server';
import { modelSource } from '../src/cli/engine-specs';
import { standInModel, startStandIn } from '../tests/integration/cloud-stand-in';
import { launchBenchBrowser } from './engine/browser';
import type { Page } from '@playwright/test';

const USAGE = `Usage: npm run bench:panes -- [options]
  --rounds N        counted rounds per mode (default 15)
  --warmups N       uncounted rounds per mode first (default 3)
  --tokens N        max new tokens per run (default 256)
  --threads N       the local slot's wasm threads (default 2)
  --gap-ms N        the stand-in's gap between tokens (default 10, about a cloud's 100 tok/s; it streams --tokens tokens)
  --model M         the local slot's model: edgewise-tiny or a twin shape (default edgewise-tiny)
  --dtype D         the local slot's precision (default q8)
  --chromium PATH   Chromium to drive (default /usr/bin/chromium)
  --port N          port for the built app's server (default 4347)
  --help            this text`;

const values = flagsOrExit(
	process.argv.slice(2),
	{
		rounds: { type: 'string', default: '15' },
		warmups: { type: 'string', default: '3' },
		tokens: { type: 'string', default: '256' },
		threads: { type: 'string', default: '2' },
		'gap-ms': { type: 'string', default: '10' },
		model: { type: 'string', default: 'edgewise-tiny' },
		dtype: { type: 'string', default: 'q8' },
		chromium: { type: 'string', default: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' },
		port: { type: 'string', default: '4347' }
	},
	USAGE
);
const rounds = Number(values.rounds);
const tokens = Number(values.tokens);
const CLOUD_IDS = ['cloud', 'cloud-2', 'cloud-3'];
const SETTLE_MS = 6000;

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const mid = Math.floor(s.length / 2);
	return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

/** One Compare run with the cloud panes included or not; the local slot's decode tok/s as the app saved it. */
async function round(
	page: Page,
	withPanes: boolean
): Promise<{ decode: number; outputTokens: number; nodeCpuMs: number }> {
	for (const id of CLOUD_IDS) {
		const box = page.getByTestId(`slot-${id}`).getByTestId('slot-enabled');
		if ((await box.isChecked()) !== withPanes) await box.setChecked(withPanes);
	}
	const before = (await readStoredRecords(page)).length;
	// This process's CPU over the run: the stand-in's streams, and Playwright waiting (in both modes).
	const cpu = process.cpuUsage();
	await page.getByRole('button', { name: /^Run/ }).click();
	for (const id of ['local', ...(withPanes ? CLOUD_IDS : [])])
		await page
			.locator(`section.pane[data-engine="${id}"] [role="status"]`)
			.and(page.locator('[data-status="done"]'))
			.waitFor({ timeout: 120_000 });
	for (let tries = 0; ; tries++) {
		const records = await readStoredRecords(page);
		if (records.length > before) {
			const newest = records.sort((a, b) => a.createdAt.localeCompare(b.createdAt)).at(-1)!;
			const run = newest.runs.find((r) => r.engineId === 'local');
			const decode = run?.metrics?.decodeTokensPerS;
			if (typeof decode !== 'number') throw new Error(`The local run has no decode figure: ${JSON.stringify(run)}`);
			const others = newest.runs.filter((r) => r.engineId !== 'local').length;
			if (others !== (withPanes ? CLOUD_IDS.length : 0))
				throw new Error(`Expected ${withPanes ? 3 : 0} other panes in the run, found ${others}.`);
			const used = process.cpuUsage(cpu);
			return { decode, outputTokens: run!.result.outputTokens, nodeCpuMs: (used.user + used.system) / 1000 };
		}
		if (tries > 100) throw new Error('The run was not saved to Results.');
		await page.waitForTimeout(100);
	}
}

await prepare();
const standIn = await startStandIn(0);
const server = await startStaticServer({ root: 'build', host: '127.0.0.1', port: Number(values.port) });
const browser = await launchBenchBrowser(values.chromium);
try {
	const appUrl = server.url.endsWith('/') ? server.url : `${server.url}/`;
	const page = browser.context.pages()[0] ?? (await browser.context.newPage());
	const slots: SlotSetup[] = [
		{
			id: 'local',
			local: {
				source: modelSource(values.model),
				backend: 'wasm',
				dtype: values.dtype,
				threads: Number(values.threads)
			}
		},
		...CLOUD_IDS.map((id, i) => ({
			id,
			cloud: {
				baseUrl: standIn.baseUrl,
				model: standInModel('steady', tokens, Number(values['gap-ms'])),
				name: `Stand-in ${i + 1}`
			}
		}))
	];
	await seedSettings(page, appUrl, slots, { suiteId: 'quick', repetitions: 1 });
	await loadLocal(page, 300_000);
	await page.waitForTimeout(SETTLE_MS);
	const form = page.getByRole('form', { name: 'Prompt' });
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).fill(String(tokens));
	await form.getByRole('spinbutton', { name: 'Max new tokens' }).blur();
	await form.getByRole('combobox', { name: 'Order' }).selectOption('together');
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Is the edge faster than the cloud?');

	for (let i = 0; i < Number(values.warmups); i++) {
		await round(page, false);
		await round(page, true);
	}
	const alone: number[] = [];
	const four: number[] = [];
	const cpuMs: Record<'alone' | 'four', number[]> = { alone: [], four: [] };
	let outTokens = 0;
	for (let i = 0; i < rounds; i++) {
		for (const withPanes of i % 2 === 0 ? [false, true] : [true, false]) {
			const { decode, outputTokens, nodeCpuMs } = await round(page, withPanes);
			(withPanes ? four : alone).push(decode);
			cpuMs[withPanes ? 'four' : 'alone'].push(nodeCpuMs);
			outTokens = outputTokens;
		}
		console.log(
			`round ${i + 1}/${rounds}: alone ${alone.at(-1)!.toFixed(1)}, four panes ${four.at(-1)!.toFixed(1)} tok/s`
		);
	}
	const [a, f] = [median(alone), median(four)];
	console.log(
		`\nlocal slot: ${values.model}, wasm ${values.dtype}, ${values.threads} threads; ${outTokens} tokens per run; ${rounds} rounds per mode`
	);
	console.log(`stand-in: ${CLOUD_IDS.length} cloud panes, ${tokens} tokens every ${values['gap-ms']} ms each`);
	console.log('| mode | median decode tok/s | min | max |');
	console.log('|---|---|---|---|');
	for (const [label, xs] of [
		['alone', alone],
		['with 3 streaming panes', four]
	] as const)
		console.log(
			`| ${label} | ${median(xs).toFixed(1)} | ${Math.min(...xs).toFixed(1)} | ${Math.max(...xs).toFixed(1)} |`
		);
	console.log(
		`this process's CPU per run (stand-in and Playwright), median: alone ${median(cpuMs.alone).toFixed(0)} ms, four panes ${median(cpuMs.four).toFixed(0)} ms`
	);
	console.log(`\nratio four panes / alone: ${(f / a).toFixed(3)} (goal >= 0.97)`);
	console.log(
		`load average (1, 5, 15 min) at the end: ${loadavg()
			.map((l) => l.toFixed(2))
			.join(', ')}`
	);
} finally {
	await browser.close();
	await server.close();
	await standIn.close();
}
