/// <reference types="vite-plugin-pwa/vanillajs" />
// App-wide PWA state: online/offline, the browser's install offer, and a waiting service-worker update.
// One instance (`pwa`), started once by the root layout in the browser.
import { registerSW } from 'virtual:pwa-register';

/** Chromium's install offer; not in the DOM typings. */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

export class PwaManager {
	online = $state.raw(true);
	/** True while the browser offers installation (`beforeinstallprompt` fired and was kept). */
	canInstall = $state.raw(false);
	installed = $state.raw(false);
	/** A new service worker is waiting; `applyUpdate()` activates it and reloads. */
	updateAvailable = $state.raw(false);
	/** The shell is cached: the app opens with no network. */
	offlineReady = $state.raw(false);
	registrationError = $state.raw<string | null>(null);

	#installEvent: BeforeInstallPromptEvent | null = null;
	#updateServiceWorker: ((reloadPage?: boolean) => Promise<void>) | null = null;
	#started = false;

	start(): void {
		if (this.#started || typeof window === 'undefined') return;
		this.#started = true;
		this.online = navigator.onLine;
		window.addEventListener('online', () => (this.online = true));
		window.addEventListener('offline', () => (this.online = false));
		window.addEventListener('beforeinstallprompt', (event) => {
			// Keep the offer for our own button instead of the browser's mini-infobar.
			event.preventDefault();
			this.#installEvent = event as BeforeInstallPromptEvent;
			this.canInstall = true;
		});
		window.addEventListener('appinstalled', () => {
			this.installed = true;
			this.canInstall = false;
			this.#installEvent = null;
		});
		this.installed = window.matchMedia('(display-mode: standalone)').matches;
		if (!('serviceWorker' in navigator)) return;
		this.#updateServiceWorker = registerSW({
			immediate: true,
			onNeedRefresh: () => (this.updateAvailable = true),
			onOfflineReady: () => (this.offlineReady = true),
			onRegisterError: (error: unknown) => {
				this.registrationError = error instanceof Error ? error.message : String(error);
			}
		});
	}

	async install(): Promise<void> {
		const event = this.#installEvent;
		if (!event) return;
		this.#installEvent = null;
		this.canInstall = false;
		await event.prompt();
		const { outcome } = await event.userChoice;
		if (outcome === 'accepted') this.installed = true;
	}

	async applyUpdate(): Promise<void> {
		this.updateAvailable = false;
		await this.#updateServiceWorker?.(true);
	}

	dismissUpdate(): void {
		this.updateAvailable = false;
	}
}

export const pwa = new PwaManager();
