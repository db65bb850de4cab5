// Reads the "Layout" section of docs/DESIGN.md: which src/lib files and folders it names. Names are written
// relative to the folder the section is describing (a `### \`src/lib/x/\`` heading, or a paragraph that opens
// with a folder such as "`engine/local/` — …", or a bullet that opens with one such as "- `engine-slot/`: …"),
// or relative to src/lib. A file named with its folder (`nav/nav.svelte`) describes that folder too.
const SRC_LIB = 'src/lib/';
const SOURCE_NAME = /^[\w.+/-]+\.(ts|svelte|js)$/;
// A name that starts with "/" is a URL path the app serves, not a folder of the code.
const FOLDER_NAME = /^[\w.+-][\w.+/-]*\/$/;

export interface LayoutNames {
	/** Tracked files the section names. */
	files: Set<string>;
	/** Folders it describes (a heading, a paragraph's folder, or a folder named in passing). */
	folders: Set<string>;
	/** Names that resolve to nothing tracked: a file or folder the map names that is not there. */
	missing: string[];
}

function layoutSection(design: string): string[] {
	const lines = design.split('\n');
	const start = lines.findIndex((line) => /^## Layout\b/.test(line));
	if (start < 0) return [];
	const end = lines.findIndex((line, i) => i > start && /^## /.test(line));
	return lines.slice(start + 1, end < 0 ? undefined : end);
}

/** Every ancestor folder of `folder` down to src/lib, nearest first. */
function withAncestors(folder: string): string[] {
	const out: string[] = [];
	for (let f = folder; f.startsWith(SRC_LIB); f = f.slice(0, f.slice(0, -1).lastIndexOf('/') + 1)) out.push(f);
	return out;
}

export function layoutNames(design: string, tracked: string[]): LayoutNames {
	const files = new Set(tracked);
	const folders = new Set(tracked.map((path) => path.slice(0, path.lastIndexOf('/') + 1)));
	const exists = (path: string) => files.has(path) || folders.has(path);
	const named: LayoutNames = { files: new Set(), folders: new Set(), missing: [] };
	let context: string | null = null;
	let bullet: string | null = null;

	const resolve = (name: string): string | null => {
		const bases = [...(bullet ? [bullet] : []), ...(context ? withAncestors(context) : []), SRC_LIB];
		for (const base of bases) if (exists(base + name)) return base + name;
		return null;
	};

	for (const line of layoutSection(design)) {
		const heading = /^###\s+`([^`]+)`/.exec(line);
		if (heading || /^###/.test(line)) {
			const folder = heading?.[1] ?? '';
			context = folder.startsWith(SRC_LIB) ? folder.replace(/\/?$/, '/') : null;
			if (context) named.folders.add(context);
			continue;
		}
		if (!context) continue;
		if (!/^\s/.test(line)) bullet = null;
		const bulletFolder = /^- `([^`]+\/)`/.exec(line)?.[1];
		if (bulletFolder) bullet = resolve(bulletFolder);
		const opening = /^`([^`]+\/)`\s+—/.exec(line);
		if (opening?.[1]) {
			const folder = resolve(opening[1]);
			if (folder) {
				context = folder;
				named.folders.add(folder);
			} else named.missing.push(opening[1]);
			continue;
		}
		for (const [, name] of line.matchAll(/`([^`]+)`/g)) {
			if (!name || !(SOURCE_NAME.test(name) || FOLDER_NAME.test(name))) continue;
			const path = resolve(name);
			if (!path) named.missing.push(name);
			else if (files.has(path)) {
				named.files.add(path);
				if (name.includes('/')) named.folders.add(path.slice(0, path.lastIndexOf('/') + 1));
			} else named.folders.add(path);
		}
	}
	return named;
}
