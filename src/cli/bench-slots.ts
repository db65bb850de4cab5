// The driver's slots for a bench run's specs: local slots as they are, cloud slots with their endpoint, and
// the reference server that every cloud slot without a url shares (started once, closed with the run).
import { join, resolve } from 'node:path';
import { builtinIdOf } from '../lib/models/sources';
import { SHAPES } from '../lib/models/synthetic/shapes';
import type { SlotSetup } from './bench-driver';
import { UsageError, type EngineSpec, type LocalSpec } from './engine-specs';

export type Closer = () => Promise<void>;

/** The reference server on a local slot's model (a twin is generated on disk once, under models/). */
async function startReference(
	local: Pick<LocalSpec, 'source' | 'dtype'>,
	closers: Closer[]
): Promise<{ baseUrl: string; model: string }> {
	const { source, dtype } = local;
	let modelDir: string;
	let modelId: string;
	if (source.kind === 'default') {
		modelId = builtinIdOf(source);
		modelDir = join('static', 'models', modelId);
	} else if (source.kind === 'twin') {
		const { makeModel } = await import('./make-model');
		modelId = `twin-${source.shape}`;
		// One folder per dtype: make-model writes a folder atomically with exactly the dtypes asked for.
		modelDir = join('models', `${modelId}-${dtype}`);
		console.log(`[bench] generating the ${source.shape} twin for the reference server in ${modelDir} (once)`);
		await makeModel({
			shape: SHAPES[source.shape],
			dtypes: [dtype as 'fp32' | 'q8' | 'q4'],
			seed: 1,
			out: modelDir,
			ifMissing: true
		});
	} else
		throw new UsageError(
			`The reference server needs the model on disk; for a Hub model give the cloud slot a url= (or --endpoint) to a server that has it.`
		);
	const { startReferenceServer } = await import('../server/index');
	const server = await startReferenceServer({ modelDir: resolve(modelDir), modelId, dtype, port: 0 });
	closers.push(() => server.close());
	return { baseUrl: `${server.url}/v1`, model: modelId };
}

/**
 * The driver's slots for the parsed specs. Cloud slots without a url share one reference server, on the
 * first local slot's model and precision (or --model/--dtype's when there is no local slot).
 */
export async function slotSetups(
	args: { engines: EngineSpec[]; referenceModel: Pick<LocalSpec, 'model' | 'source' | 'dtype'> },
	closers: Closer[]
): Promise<SlotSetup[]> {
	let reference: Promise<{ baseUrl: string; model: string }> | null = null;
	const firstLocal = args.engines.find((e): e is LocalSpec => e.kind === 'local') ?? args.referenceModel;
	const apiKey = process.env.EDGEWISE_API_KEY || undefined;
	const out: SlotSetup[] = [];
	for (const spec of args.engines) {
		if (spec.kind === 'local') {
			const { source, runtime, backend, dtype, threads, settings } = spec;
			out.push({ id: spec.id, local: { source, runtime, backend, dtype, threads, settings } });
			continue;
		}
		const prices = { inputUsdPerMTokens: spec.inputUsdPerMTokens, outputUsdPerMTokens: spec.outputUsdPerMTokens };
		if (spec.url) {
			const model = spec.model ?? firstLocal.model;
			out.push({ id: spec.id, cloud: { baseUrl: spec.url, model, name: spec.name ?? 'Endpoint', apiKey, ...prices } });
			continue;
		}
		reference ??= startReference(firstLocal, closers);
		const server = await reference;
		out.push({ id: spec.id, cloud: { ...server, name: spec.name ?? 'Reference server', ...prices } });
	}
	return out;
}
