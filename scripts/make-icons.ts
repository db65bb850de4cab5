// Renders the app icons (static/icons/*.png, static/favicon.svg) from one SVG with the system chromium.
// Run once when the logo changes: `npx tsx scripts/make-icons.ts`; the PNGs are committed.
import { chromium } from '@playwright/test';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const OUT_DIR = 'static/icons';

/** The mark: a chip (the device) with a signal arc leaving it (the edge). `inset` shrinks it for maskable. */
function logoSvg(sizePx: number, { inset, rounded }: { inset: number; rounded: boolean }): string {
	const radius = rounded ? 96 : 0;
	const scale = 1 - inset * 2;
	const offset = 256 * inset * 2;
	return `<svg xmlns="http://www.w3.org/2000/svg" width="${sizePx}" height="${sizePx}" viewBox="0 0 512 512">
	<rect width="512" height="512" rx="${radius}" fill="#0f766e"/>
	<g transform="translate(${offset} ${offset}) scale(${scale})" fill="none" stroke="#ecfeff" stroke-linecap="round" stroke-linejoin="round">
		<rect x="96" y="176" width="208" height="208" rx="28" stroke-width="28"/>
		<rect x="156" y="236" width="88" height="88" rx="10" fill="#ecfeff" stroke="none"/>
		<path d="M140 176v-40M200 176v-40M260 176v-40M140 424v-40M200 424v-40M260 424v-40M96 240H56M96 320H56" stroke-width="20"/>
		<path d="M344 200a120 120 0 0 1 0 160" stroke-width="28"/>
		<path d="M400 150a190 190 0 0 1 0 260" stroke-width="28" opacity="0.7"/>
	</g>
</svg>`;
}

async function main(): Promise<void> {
	await mkdir(OUT_DIR, { recursive: true });
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium' });
	try {
		const page = await browser.newPage();
		const icons = [
			{ file: 'icon-192.png', sizePx: 192, inset: 0, rounded: true },
			{ file: 'icon-512.png', sizePx: 512, inset: 0, rounded: true },
			// Maskable icons are cropped to a circle of 80% diameter: full-bleed background, mark inside it.
			{ file: 'icon-maskable-512.png', sizePx: 512, inset: 0.1, rounded: false },
			{ file: 'apple-touch-icon-180.png', sizePx: 180, inset: 0.06, rounded: false }
		];
		for (const icon of icons) {
			await page.setViewportSize({ width: icon.sizePx, height: icon.sizePx });
			const svg = logoSvg(icon.sizePx, icon);
			await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
			const png = await page.locator('svg').screenshot({ omitBackground: true });
			await writeFile(join(OUT_DIR, icon.file), png);
			console.log(`wrote ${join(OUT_DIR, icon.file)} (${png.byteLength} bytes)`);
		}
		await writeFile('static/favicon.svg', logoSvg(32, { inset: 0, rounded: true }));
		console.log('wrote static/favicon.svg');
	} finally {
		await browser.close();
	}
}

await main();
