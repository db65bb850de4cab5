// The committed Edgewise llama.cpp builds are the bytes their provenance file describes, from the pinned
// commit, so `npm install && npm start` serve exactly what `npm run build:llama-wasm` made.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EDGEWISE_FLAVOURS, EDGEWISE_LLAMA_COMMIT, edgewiseScriptPath } from './edgewise-files';

const dir = join(process.cwd(), 'static', 'llama-wasm');
interface Provenance {
	sources: { name: string; repository: string; commit?: string; licence: string }[];
	toolchains: Record<string, string>;
	files: { path: string; bytes: number; sha256: string }[];
}
const provenance = JSON.parse(readFileSync(join(dir, 'provenance.json'), 'utf8')) as Provenance;

describe('static/llama-wasm provenance', () => {
	it('records llama.cpp at the pinned commit, its licence and the toolchains', () => {
		const llama = provenance.sources.find((s) => s.name === 'llama.cpp');
		expect(llama).toMatchObject({ commit: EDGEWISE_LLAMA_COMMIT, licence: 'MIT' });
		expect(provenance.toolchains.emscripten).toMatch(/3\.1\.6/);
		expect(provenance.toolchains['clang-19']).toMatch(/clang version 19/);
	});

	it('lists every served file with its size and sha256, and nothing else is served', () => {
		const served = EDGEWISE_FLAVOURS.flatMap((flavour) =>
			readdirSync(join(dir, flavour)).map((name) => `${flavour}/${name}`)
		).sort();
		expect(provenance.files.map((f) => f.path).sort()).toEqual(served);
		for (const file of provenance.files) {
			const bytes = readFileSync(join(dir, file.path));
			expect({
				path: file.path,
				bytes: bytes.length,
				sha256: createHash('sha256').update(bytes).digest('hex')
			}).toEqual(file);
		}
	});

	it('serves a glue script, its wasm and its pthread worker for each flavour', () => {
		for (const flavour of EDGEWISE_FLAVOURS) {
			const script = edgewiseScriptPath(flavour).replace('llama-wasm/', '');
			for (const name of [script, script.replace('.js', '.wasm'), script.replace('.js', '.worker.js')])
				expect(provenance.files.some((f) => f.path === name)).toBe(true);
		}
	});
});
