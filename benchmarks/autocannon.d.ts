// The slice of autocannon 9's API that benchmarks/load.ts uses (the package ships no types).
declare module 'autocannon' {
	interface Request {
		method?: string;
		path?: string;
		headers?: Record<string, string>;
		body?: string;
		onResponse?: (status: number, body: string, context: unknown, headers: Record<string, string>) => void;
	}
	interface Options {
		url: string;
		connections?: number;
		duration?: number;
		requests?: Request[];
	}
	interface Histogram {
		p50: number;
		p99: number;
		average: number;
	}
	interface Result {
		errors: number;
		timeouts: number;
		non2xx: number;
		statusCodeStats: Record<string, { count: number }>;
		latency: Histogram;
		requests: Histogram;
	}
	export default function autocannon(options: Options): Promise<Result>;
}
