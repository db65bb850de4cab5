// Honest on the models here: the synthetic random-weight model (edgewise-tiny, built in beside the default) answered
// through the reference server and the app's CloudEngine, by the real quality runner and scorers. A model
// with random weights knows nothing, so on multiple choice it must not score above chance (25%): a scorer
// that found right answers in its noise would be broken. Two engines on the same greedy model must agree
// on every item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CloudEngine } from '../../src/lib/engine/cloud/cloud-engine';
import { qualityPlan, runQuality } from '../../src/lib/quality/run';
import { scoreEngines } from '../../src/lib/quality/score';
import { startReferenceServer, type ReferenceServer } from '../../src/server/index';
import { TEST_MODEL_ID, testModelDir } from './cloud-test-model';

let server: ReferenceServer;
const engine = () => new CloudEngine({ baseUrl: server.url + '/v1', model: TEST_MODEL_ID });

beforeAll(async () => {
	server = await startReferenceServer({ modelDir: await testModelDir(), port: 0 });
});
afterAll(async () => {
	await server?.close();
});

describe('quality suites on the random-weight built-in model', () => {
	for (const mode of ['completion', 'chat'] as const)
		it(`multiple choice (${mode}): every item answered, and the score is not above chance`, async () => {
			const plan = qualityPlan(['multiple-choice'], [], mode);
			const outcome = await runQuality([{ id: 'tiny', engine: engine() }], plan);
			const q = scoreEngines(plan.suites, outcome.runs, ['tiny']).tiny!;
			expect(q).toMatchObject({ items: 24, errors: 0, chance: 0.25 });
			// Not significantly above chance: the interval's lower end is at or below 25%.
			expect(q.ci95![0]).toBeLessThanOrEqual(0.25);
			// The answers are real text from the model (not empty), so the scorer had something to read.
			expect(outcome.runs.every((r) => r.result.outputTokens > 0)).toBe(true);
		});

	it('the same model on two engines agrees with itself on every agreement item (the same text: an OpenAI-style stream carries no token ids)', async () => {
		const plan = qualityPlan(['agreement'], [], 'completion');
		const outcome = await runQuality(
			[
				{ id: 'first', engine: engine() },
				{ id: 'second', engine: engine() }
			],
			plan
		);
		const scores = scoreEngines(plan.suites, outcome.runs, ['first', 'second']);
		expect(scores.second).toMatchObject({ items: 16, correct: 16, errors: 0, accuracy: 1 });
		expect(scores.second!.agreement).toMatchObject({ items: 16, identical: 16, sameVerdict: 16 });
	});
});
