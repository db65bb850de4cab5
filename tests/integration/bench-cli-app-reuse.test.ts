// `npm run bench` reuses an app already listening only when it is this version and this build of
// Edgewise: anything else on the port (another checkout, another program) is named and left alone.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { appAt } from '../../src/cli/bench';
import { startStaticServer } from '../../src/server/static-server';

const cleanup: (() => Promise<unknown>)[] = [];
afterAll(async () => {
	for (const c of cleanup.reverse()) await c();
});

async function app(build: string): Promise<string> {
	const root = await mkdtemp(join(tmpdir(), 'edgewise-reuse-'));
	await mkdir(join(root, '_app'), { recursive: true });
	await writeFile(join(root, 'index.html'), '<!doctype html><title>Edgewise</title>');
	await writeFile(join(root, '_app/version.json'), JSON.stringify({ version: build }));
	const server = await startStaticServer({ root, port: 0 });
	cleanup.push(
		() => server.close(),
		() => rm(root, { recursive: true, force: true })
	);
	return `${server.url}/`;
}

describe('which app the bench CLI reuses', () => {
	it('this version and build: reused; another build of the same version: not', async () => {
		const url = await app('111');
		expect(await appAt(url, '111')).toEqual({ kind: 'this' });
		expect(await appAt(url, '222')).toEqual({
			kind: 'other',
			what: expect.stringContaining("another build (111, this checkout's is 222)")
		});
	});

	it('something that is not Edgewise, or nothing at all', async () => {
		const other = createServer((_req, res) =>
			res.writeHead(200, { 'content-type': 'text/html' }).end('<html>some other app</html>')
		);
		await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
		cleanup.push(() => new Promise((r) => other.close(r)));
		const url = `http://127.0.0.1:${(other.address() as AddressInfo).port}/`;
		expect(await appAt(url, '111')).toEqual({
			kind: 'other',
			what: expect.stringContaining('no Edgewise runtime file')
		});
		expect(await appAt('http://127.0.0.1:9/', '111')).toEqual({ kind: 'none' });
	});

	it('another version of Edgewise is named', async () => {
		const fake = createServer((_req, res) =>
			res
				.writeHead(200, { 'content-type': 'application/json' })
				.end(JSON.stringify({ app: 'edgewise', version: '0.0.1-old', build: '1', referenceBaseUrl: null }))
		);
		await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
		cleanup.push(() => new Promise((r) => fake.close(r)));
		const version = (JSON.parse(await readFile('package.json', 'utf8')) as { version: string }).version;
		expect(await appAt(`http://127.0.0.1:${(fake.address() as AddressInfo).port}/`, '1')).toEqual({
			kind: 'other',
			what: `it is Edgewise 0.0.1-old, this is ${version}`
		});
	});
});
