// The tiny synthetic model the server tests run on, generated once per machine into a temp folder (the
// same shape, dtypes and seed as the app's default model `edgewise-tiny`).
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeModel } from '../../src/cli/make-model';
import { SHAPES } from '../../src/lib/models/synthetic/shapes';

export const TEST_MODEL_ID = 'edgewise-tiny';

export async function testModelDir(): Promise<string> {
	const out = join(tmpdir(), 'edgewise-cloud-tests', TEST_MODEL_ID);
	await makeModel({ shape: SHAPES.tiny, dtypes: ['fp32', 'q8', 'q4'], seed: 1, out, ifMissing: true });
	return out;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
	return fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: typeof body === 'string' ? body : JSON.stringify(body)
	});
}
