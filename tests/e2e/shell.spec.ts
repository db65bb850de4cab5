// The app shell: every page renders, the keyboard reaches everything with a visible focus ring, dark mode
// follows the system and the toggle (persisted), and settings survive a reload.
import { at } from '../../src/lib/bench/testing/must';
import { expect, test, type Page } from './fixtures';
import { includeSlot } from './fixtures/slots';

const pages = [
	{ path: '/', heading: 'Compare this device with the cloud' },
	{ path: '/models', heading: 'Models' },
	{ path: '/results', heading: 'Results' },
	{ path: '/devices', heading: 'Devices' },
	{ path: '/settings', heading: 'Settings' },
	{ path: '/about', heading: 'About Edgewise' }
];

const backgroundOf = (page: Page) => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
/** Relative luminance-ish: the mean of the RGB channels, 0 (black) to 255 (white). */
const brightness = (rgb: string) => {
	const channels = rgb.match(/\d+/g)!.map(Number);
	return (at(channels, 0) + at(channels, 1) + at(channels, 2)) / 3;
};

for (const { path, heading } of pages) {
	test(`${path} renders its page inside the shell`, async ({ page }) => {
		const errors: string[] = [];
		page.on('pageerror', (error) => errors.push(error.message));
		await page.goto(path);
		await expect(page.getByRole('heading', { level: 1, name: heading, includeHidden: true })).toBeAttached();
		await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
		const current = page.getByRole('navigation', { name: 'Main' }).locator('[aria-current="page"]');
		await expect(current).toHaveAttribute('href', path);
		expect(errors).toEqual([]);
	});
}

test('the keyboard reaches the skip link, the nav and the prompt, with a visible focus ring', async ({ page }) => {
	await page.goto('/');
	// The shell renders client-side (ssr off): wait for it before pressing keys.
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	await page.keyboard.press('Tab');
	const skip = page.getByRole('link', { name: 'Skip to content' });
	await expect(skip).toBeFocused();
	await expect(skip).toBeInViewport();
	await page.keyboard.press('Enter');
	await expect(page.locator('main')).toBeFocused();

	// From the top again, Tab through the header to the Models link and follow it with Enter.
	await page.goto('/');
	await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
	let reached = false;
	for (let i = 0; i < 12 && !reached; i++) {
		await page.keyboard.press('Tab');
		reached = await page
			.getByRole('link', { name: 'Models', exact: true })
			.evaluate((el) => el === document.activeElement);
	}
	expect(reached).toBe(true);
	const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
	expect(outline).not.toBe('none');
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/models$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Models' })).toBeVisible();
});

test('Ctrl+Enter in the prompt runs, and says plainly when no engine is set up', async ({ page }) => {
	await page.goto('/');
	const prompt = page.getByRole('textbox', { name: 'Prompt' });
	await prompt.fill('Hello');
	// Only meaningful while neither engine is ready: then the run must say what to do instead of failing silently.
	await includeSlot(page, 'local', false);
	await includeSlot(page, 'cloud', false);
	await prompt.press('Control+Enter');
	await expect(page.getByRole('alert')).toContainText('No engine is ready');
	await expect(page.getByRole('button', { name: 'Stop' })).toBeDisabled();
});

test('dark mode follows the system, and the toggle overrides it across reloads', async ({ page }) => {
	await page.emulateMedia({ colorScheme: 'dark' });
	await page.goto('/');
	expect(brightness(await backgroundOf(page))).toBeLessThan(60);
	await page.emulateMedia({ colorScheme: 'light' });
	expect(brightness(await backgroundOf(page))).toBeGreaterThan(200);

	// system -> light -> dark
	const toggle = page.getByRole('button', { name: /^Theme:/ });
	await toggle.click();
	await expect(toggle).toHaveAccessibleName(/Theme: light/);
	await toggle.click();
	await expect(toggle).toHaveAccessibleName(/Theme: dark/);
	expect(brightness(await backgroundOf(page))).toBeLessThan(60);
	await page.reload();
	await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
	expect(brightness(await backgroundOf(page))).toBeLessThan(60);
});

test('settings persist across a reload', async ({ page }) => {
	await page.goto('/settings');
	const app = page.getByRole('region', { name: 'App' });
	const tokens = app.getByRole('spinbutton', { name: 'Max new tokens' });
	await tokens.fill('17');
	await tokens.press('Tab');
	await app.getByRole('combobox', { name: 'Mode' }).selectOption('completion');
	await page.reload();
	await expect(app.getByRole('spinbutton', { name: 'Max new tokens' })).toHaveValue('17');
	await expect(app.getByRole('combobox', { name: 'Mode' })).toHaveValue('completion');
	// The Compare page starts from the same defaults.
	await page.goto('/');
	await expect(page.getByRole('spinbutton', { name: 'Max new tokens' })).toHaveValue('17');
	await expect(page.getByRole('radio', { name: 'Plain completion' })).toBeChecked();
});

test('the prompt being typed survives a reload', async ({ page }) => {
	await page.goto('/');
	await page.getByRole('textbox', { name: 'Prompt' }).fill('Half-written question about the edge');
	await page.reload();
	await expect(page.getByRole('textbox', { name: 'Prompt' })).toHaveValue('Half-written question about the edge');
});
