// The model says what it has: a custom model's precision starts from what its folder declares and holds
// (Range probes of its onnx/ files), a load of a precision it lacks names the missing file and what exists,
// and offline, a model that is not cached says so instead of "Failed to fetch".
import { expect, HUB_ORIGIN, test, waitForServiceWorkerControl } from './fixtures';
import { editLocal, generateInPage, greedyRequest, loadLocal, nodeGreedyIds } from './fixtures/local';
import { DEFAULT_HUB_ROOT, FP32_ONLY, TINY } from './fixtures/hub-server';

test('an fp32-only custom model loads by default in fp32, the precision its config declares', async ({ page }) => {
	await page.goto('/');
	// The form on q8 (the built-in model's default is fp32): the custom model's own declaration must win over it.
	await page.getByTestId('local-dtype').selectOption('q8');
	await expect(page.getByTestId('local-dtype')).toHaveValue('q8');
	expect(await loadLocal(page, { custom: `${HUB_ORIGIN}/${FP32_ONLY}`, backend: 'wasm', threads: 1 })).toBe('ready');
	// A loaded slot's form folds to one line: Edit opens it again.
	await editLocal(page);
	await expect(page.getByTestId('local-dtype')).toHaveValue('fp32');
	await expect(page.getByTestId('local-model-files')).toHaveText(/^\s*This model has fp32 \(it declares fp32\)\.\s*$/);
	const result = await generateInPage(page, greedyRequest(6));
	expect(result.tokenIds).toEqual(await nodeGreedyIds(FP32_ONLY, 'fp32', 6, `${DEFAULT_HUB_ROOT}/`));
});

test('forcing q8 on the fp32-only model names onnx/model_quantized.onnx as missing and lists fp32', async ({
	page
}) => {
	await page.goto('/');
	expect(
		await loadLocal(page, { custom: `${HUB_ORIGIN}/${FP32_ONLY}`, backend: 'wasm', dtype: 'q8', threads: 1 })
	).toBe('error');
	await expect(page.getByTestId('local-dtype')).toHaveValue('q8');
	const error = page.getByTestId('local-error');
	await expect(error).toHaveAttribute('data-error-name', 'MissingModelFileError');
	await expect(error).toHaveText(
		`The model "${FP32_ONLY}" has no onnx/model_quantized.onnx, the file for q8. It has fp32: pick that precision and load again.`
	);
	await expect(page.getByTestId('local-model-files')).toContainText('It has no q8 file');
	// Picking what exists clears the old error and loads.
	expect(
		await loadLocal(page, { custom: `${HUB_ORIGIN}/${FP32_ONLY}`, backend: 'wasm', dtype: 'fp32', threads: 1 })
	).toBe('ready');
	await expect(error).toHaveCount(0);
});

test('offline, a model that is not cached says so and that it needs the network', async ({ page, context }) => {
	await page.goto('/');
	await waitForServiceWorkerControl(page);
	await context.setOffline(true);
	try {
		expect(await loadLocal(page, { custom: `${HUB_ORIGIN}/${TINY}`, backend: 'wasm', dtype: 'q8', threads: 1 })).toBe(
			'error'
		);
		const error = page.getByTestId('local-error');
		await expect(error).toHaveAttribute('data-error-name', 'ModelOfflineError');
		await expect(error).toHaveText(
			`The model "${TINY}" is not cached on this device, and the device is offline. Connect to the network and load it once; after that it loads offline too.`
		);
		await expect(error).not.toContainText('Failed to fetch');
	} finally {
		await context.setOffline(false);
	}
});
