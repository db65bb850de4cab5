// Waits for the benchmark's own processes to go quiet before a timed run. Chromium keeps compiling the
// ONNX Runtime wasm (tier-up) on background threads for seconds after a session is created; runs timed
// then are 2-5x slower. The machine is shared, so the whole-machine load average never settles: we watch
// the CPU time of our browser's process tree (from /proc) and of this Node process instead, and also
// record how busy the whole machine was, so noisy runs can be recognised.
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100;

interface ProcStat {
	ppid: number;
	ticks: number;
}

function readProcStats(): Map<number, ProcStat> {
	const stats = new Map<number, ProcStat>();
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) continue;
		try {
			const text = readFileSync(`/proc/${name}/stat`, 'utf8');
			const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
			stats.set(Number(name), { ppid: Number(fields[1]), ticks: Number(fields[11]) + Number(fields[12]) });
		} catch {
			// The process ended between readdir and read.
		}
	}
	return stats;
}

/** CPU ticks used so far by the given processes and all their descendants. */
export function treeTicks(rootPids: number[]): number {
	const stats = readProcStats();
	const roots = new Set(rootPids);
	let total = 0;
	for (const [pid, stat] of stats) {
		let p: number | undefined = pid;
		for (let depth = 0; p && depth < 32; depth++) {
			if (roots.has(p)) {
				total += stat.ticks;
				break;
			}
			p = stats.get(p)?.ppid;
		}
	}
	return total;
}

/** Fraction of all cores busy since the last call (from /proc/stat). */
export function machineBusy(): () => number {
	const read = () => {
		// The first line: "cpu user nice system idle iowait ...", in clock ticks.
		const cpu = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
		const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
		return { idle, total: cpu.reduce((a, b) => a + b, 0) };
	};
	let last = read();
	return () => {
		const now = read();
		const busy = 1 - (now.idle - last.idle) / Math.max(1, now.total - last.total);
		last = now;
		return busy;
	};
}

export interface SettleOptions {
	/** Cores our processes may still use and count as idle. */
	maxCores?: number;
	windowMs?: number;
	/** Quiet windows in a row needed. */
	quietWindows?: number;
	maxWaitMs?: number;
}

/** Resolves once our process trees use under maxCores for quietWindows windows in a row (or at maxWaitMs). */
export async function settle(
	rootPids: number[],
	options: SettleOptions = {}
): Promise<{ waitedMs: number; settled: boolean }> {
	// Eight idle pages holding models still use a few % of a core each (timers, GC): 0.3 cores is "quiet";
	// ORT's background compile uses most of both cores. Past maxWaitMs the run goes ahead (and says so).
	const { maxCores = 0.3, windowMs = 400, quietWindows = 2, maxWaitMs = 15_000 } = options;
	const start = performance.now();
	let quiet = 0;
	let ticks = treeTicks(rootPids);
	while (performance.now() - start < maxWaitMs) {
		await new Promise((r) => setTimeout(r, windowMs));
		const now = treeTicks(rootPids);
		const cores = (now - ticks) / TICKS_PER_SECOND / (windowMs / 1000);
		ticks = now;
		quiet = cores <= maxCores ? quiet + 1 : 0;
		if (quiet >= quietWindows) return { waitedMs: performance.now() - start, settled: true };
	}
	return { waitedMs: performance.now() - start, settled: false };
}
