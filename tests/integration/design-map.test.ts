// docs/DESIGN.md is the map of the code. This holds its "Layout" section to `git ls-files`: every file it
// names under src/lib must exist, every src/lib folder must be described, and every source file there
// must be named, so the map cannot drift one file at a time.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { layoutNames } from './design-map';

const tracked = execFileSync('git', ['ls-files', 'src/lib'], { encoding: 'utf8' }).split('\n').filter(Boolean);
const design = readFileSync('docs/DESIGN.md', 'utf8');
const { files: namedFiles, folders: namedFolders, missing } = layoutNames(design, tracked);

// Unit tests sit next to the code and test helpers under testing/ are described by their folder; a
// component folder's index.ts only re-exports it (the Layout section says so once).
const needsName = (path: string) =>
	!/\.test\.ts$/.test(path) && !path.includes('/testing/') && !/\/components\/[^/]+\/index\.ts$/.test(path);

const folders = new Set(tracked.map((path) => path.slice(0, path.lastIndexOf('/') + 1)));

describe('docs/DESIGN.md layout against git ls-files', () => {
	it('names no src/lib file or folder that does not exist', () => {
		expect(missing).toEqual([]);
	});

	it('describes every src/lib folder', () => {
		const undescribed = [...folders].filter((folder) => !namedFolders.has(folder) && !folder.endsWith('/testing/'));
		expect(undescribed).toEqual([]);
	});

	it('names every src/lib source file', () => {
		expect(tracked.filter((path) => needsName(path) && !namedFiles.has(path))).toEqual([]);
	});
});
