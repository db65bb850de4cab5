import { defineConfig, type PlaywrightTestConfig } from '@playwright/test';
import { E2E_PORTS } from './tests/e2e/fixtures/origins';
import { QUIET_CHROMIUM_ARGS } from './scripts/chromium-flags';

// End-to-end tests drive the real build/ in Debian chromium (never `npx playwright install` here).
// Servers: the built app, the reference cloud server and a test Hub server, on the ports in
// tests/e2e/fixtures/origins.ts (4320-4322 unless EDGEWISE_E2E_PORT_BASE moves them).
const reportDir = process.env.EDGEWISE_REPORT_DIR;
const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const reuseExistingServer = !process.env.CI;

type WebServer = Extract<NonNullable<PlaywrightTestConfig['webServer']>, unknown[]>[number];
const webServers: WebServer[] = [
	{
		// --prepare generates the default model and builds when stale before listening: web servers start
		// before globalSetup, and the cloud server below needs the model on disk.
		command: `node_modules/.bin/tsx src/cli/serve.ts --prepare --port ${E2E_PORTS.app}`,
		url: `http://127.0.0.1:${E2E_PORTS.app}/`,
		timeout: 600_000,
		reuseExistingServer,
		stdout: 'pipe'
	},
	{
		command: `node_modules/.bin/tsx src/cli/cloud.ts --model static/models/stories260k --port ${E2E_PORTS.cloud}`,
		url: `http://127.0.0.1:${E2E_PORTS.cloud}/health`,
		timeout: 180_000,
		reuseExistingServer
	},
	{
		command: `node_modules/.bin/tsx tests/e2e/fixtures/hub-server.ts --port ${E2E_PORTS.hub}`,
		port: E2E_PORTS.hub,
		timeout: 180_000,
		reuseExistingServer
	}
];

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	// Several people run specs in one working tree: PW_OUTPUT_DIR keeps one run from wiping another's traces.
	outputDir: process.env.PW_OUTPUT_DIR ?? 'test-results',
	// Model inference in a browser on 2 shared cores: one worker, generous per-test time.
	workers: 1,
	fullyParallel: false,
	timeout: 180_000,
	expect: { timeout: 30_000 },
	retries: 0,
	forbidOnly: Boolean(process.env.CI),
	globalSetup: './tests/e2e/global-setup.ts',
	reporter: reportDir ? [['list'], ['json', { outputFile: `${reportDir}/playwright.json` }]] : [['list']],
	use: {
		baseURL: `http://127.0.0.1:${E2E_PORTS.app}`,
		browserName: 'chromium',
		headless: true,
		trace: 'retain-on-failure',
		launchOptions: {
			executablePath: chromiumPath,
			args: [
				'--enable-unsafe-webgpu',
				// No request may leave the machine: switch off Chromium's own background traffic.
				...QUIET_CHROMIUM_ARGS
			]
		}
	},
	webServer: webServers
});
