// Runs once before the specs: the default model, then a fresh build. The app's web server (see
// playwright.config.ts) does the same before listening; this covers a reused, already running server.
import { prepare } from '../../src/cli/prepare';

export default async function globalSetup(): Promise<void> {
	await prepare();
}
