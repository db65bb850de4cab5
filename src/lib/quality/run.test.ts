// A quality run end to end over test engines: the same requests to every engine through the benchmark
// runner, scores in the record, and export, import and share links keep them.
import { describe, expect, it } from 'vitest';
import { exportJson, importJson } from '../bench/export';
import { benchmarkRecord } from '../bench/record';
import { runBenchmark } from '../bench/runner';
import { decodeShare, shareLink } from '../bench/share';
import { getSuite } from '../bench/suite';
import { nodeDeviceReport } from '../bench/testing/device-report';
import { parseJsonl } from './jsonl';
import { qualityPlan, runQuality } from './run';
import { AnswerEngine, calculator } from './testing/answer-engine';

async function qualityRecord(suites: string[], mode: 'completion' | 'chat' = 'completion') {
	const clock = { t: 1_700_000_000_000 };
	const right = new AnswerEngine({ kind: 'local', label: 'calculator', answer: calculator, clock });
	const wrong = new AnswerEngine({ kind: 'cloud', label: 'always 7', answer: () => ' 7', clock });
	const engines = [
		{ id: 'local', engine: right },
		{ id: 'cloud', engine: wrong }
	];
	const cases = getSuite('quick').cases;
	const speed = await runBenchmark({ engines, cases, repetitions: 1, clock: () => clock.t });
	const custom = parseJsonl(
		[
			JSON.stringify({ prompt: 'What is 2 + 2?', answer: 4, scorer: 'number' }),
			JSON.stringify({ prompt: 'What is 3 + 4?', answer: '7', scorer: 'exact' })
		].join('\n'),
		'mine.jsonl'
	);
	const plan = qualityPlan(suites, [custom], mode);
	const outcome = await runQuality(engines, plan);
	const ctx = { device: nodeDeviceReport(), appVersion: 'test' };
	return { record: benchmarkRecord(speed, cases, 1, 'quick', ctx, { plan, outcome }), right, wrong, plan };
}

describe('a quality run', () => {
	it('asks every engine the same items once, and the record scores each against the answers', async () => {
		const { record, right, wrong } = await qualityRecord(['arithmetic', 'custom:mine']);
		expect(right.prompts.slice(2)).toEqual(wrong.prompts.slice(2));
		const local = record.engines[0]!.quality!;
		const cloud = record.engines[1]!.quality!;
		expect(local).toMatchObject({ suite: 'arithmetic,custom:mine', items: 22, correct: 22, accuracy: 1, errors: 0 });
		expect(local.ci95![0]).toBeGreaterThan(0.8);
		// "always 7" is right where the answer is 7 and nowhere else.
		const sevens = record.quality!.items.filter(
			(i) => i.scorer.kind !== 'story' && 'answer' in i.scorer && `${i.scorer.answer}` === '7'
		);
		expect(cloud.correct).toBe(sevens.length);
		expect(cloud.suites.map((s) => s.suite)).toEqual(['arithmetic', 'custom:mine']);
		expect(cloud.agreement).toMatchObject({ baselineEngineId: 'local', items: 22, basis: 'tokens' });
		expect(record.quality!.runs).toHaveLength(44);
		expect(record.quality!.mode).toBe('completion');
		// The speed runs are untouched by the quality runs.
		expect(record.runs.every((r) => !r.caseId.includes('/'))).toBe(true);
	});

	it('the engines take turns in an order that moves on every item', async () => {
		const { record } = await qualityRecord(['arithmetic']);
		const firsts = record.quality!.runs.filter((_, i) => i % 2 === 0).map((r) => r.engineId);
		expect(firsts.slice(0, 4)).toEqual(['local', 'cloud', 'local', 'cloud']);
	});

	it('chat mode sends the chat form of each item', async () => {
		const { right } = await qualityRecord(['arithmetic'], 'chat');
		expect(right.prompts.at(-1)).toMatch(/^What is \d+ [+-] \d+\? Reply with the number only\.$/);
	});

	it('export, import and a share link keep every engine\u2019s quality and the answers', async () => {
		const { record } = await qualityRecord(['multiple-choice', 'agreement']);
		const [back] = importJson(exportJson([record], 'test'));
		expect(back!.engines.map((e) => e.quality)).toEqual(record.engines.map((e) => e.quality));
		expect(back!.quality).toEqual(record.quality);
		const link = await shareLink(record, 'test', 'https://edgewise.example/results/shared');
		const shared = await decodeShare(new URL(link).hash);
		expect(shared!.engines[1]!.quality).toEqual(record.engines[1]!.quality);
		expect(shared!.quality!.runs).toHaveLength(record.quality!.runs.length);
		expect(record.engines[0]!.quality!.suites[0]!.chance).toBe(0.25);
	});

	it('an unknown suite is refused with the ones there are', () => {
		expect(() => qualityPlan(['nope'], [], 'completion')).toThrow(/no quality suite "nope"; choose one of: arithmetic/);
	});
});
