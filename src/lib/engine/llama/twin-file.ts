// A GGUF twin written into the worker's memory (the device probe's few-layer twins): the same writer
// make-model uses, so the bytes equal the CLI's for the same shape, quant and seed. Nothing is stored:
// the file lives as long as the llama.cpp instance that reads it.
import type { LoadProgress } from '../types';
import { writeGgufFile } from '../../models/synthetic/gguf';
import { MemoryModelWriter } from '../../models/synthetic/model-writer';
import type { FetchedModel } from './model-files';
import type { LlamaTwinFile } from './protocol';

export async function generateGgufTwin(
	twin: LlamaTwinFile,
	progress: (p: LoadProgress) => void
): Promise<FetchedModel> {
	const writer = new MemoryModelWriter();
	const layers = `${twin.shape.numLayers} layer${twin.shape.numLayers === 1 ? '' : 's'}`;
	const { path } = await writeGgufFile({
		shape: twin.shape,
		quant: twin.quant,
		seed: twin.seed,
		writer,
		onTensor: (done, total) =>
			progress({
				status: 'stage',
				stage: 'generating',
				message: `Generating the GGUF twin (${layers}) · tensor ${done} of ${total}`
			})
	});
	// writeGgufFile wrote exactly this path.
	const bytes = writer.files.get(path)!;
	return { blobs: [new Blob([bytes as BlobPart])], bytes: bytes.length, fromCache: false };
}
