// What the cloud stream worker does, kept apart from the worker entry so it runs under Node too (tests
// serve it over a MessageChannel). Token events are stamped where chunks arrive, here in the worker, and
// sent in batches: the first at once (TTFT shows immediately), later ones at most every 16 ms, so
// messaging stays off the per-chunk path.
import type { TokenEvent } from '../types';
import type { RpcHandlers } from '../worker-rpc';
import { CloudEngine } from './cloud-engine';
import { listModels } from './http';
import type { CloudProtocol } from './protocol';
import { testConnection } from './test-connection';

const FLUSH_INTERVAL_MS = 16;

export function cloudWorkerHandlers(): RpcHandlers<CloudProtocol> {
	return {
		load: (config, ctx) => new CloudEngine(config).load((p) => ctx.progress(p)),
		async generate({ config, request }, ctx) {
			let pending: TokenEvent[] = [];
			let timer: ReturnType<typeof setTimeout> | null = null;
			const flush = () => {
				if (timer !== null) clearTimeout(timer);
				timer = null;
				if (pending.length) ctx.progress(pending);
				pending = [];
			};
			const result = await new CloudEngine(config).generate(request, {
				signal: ctx.signal,
				onToken: (event) => {
					pending.push(event);
					if (event.index === 0) flush();
					else timer ??= setTimeout(flush, FLUSH_INTERVAL_MS);
				}
			});
			flush();
			return result;
		},
		listModels: (config, ctx) => listModels(config, ctx.signal),
		testConnection: (config) => testConnection(config)
	};
}
