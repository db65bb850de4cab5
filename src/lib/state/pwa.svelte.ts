/// <reference types="vite-plugin-pwa/vanillajs" />
// App-wide PWA state: online/offline, the browser's install offer, and a waiting service-worker update.
// One instance (`pwa`), started once by the root layout in the browser.
import { registerSW } from 'virtual:pwa-register';

/** Chromium's install offer; not in the DOM typings. */
interface BeforeInstallPromptEvent extends Event {
	prompt(): Promise<void>;
	userChoice: Promise<{ outcome: 'accepted' | 'dismissed' }>;
}

const UPDATE_CHECK_MS = 60 * 60 * 1000;

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
			onRegisteredSW: (_url: string, registration: ServiceWorkerRegistration | undefined) => {
				// An installed app can stay open for days: look for a new version every hour while online.
				if (registration)
					setInterval(() => navigator.onLine && void registration.update().catch(() => {}), UPDATE_CHECK_MS);
			},
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
		// vite-plugin-pwa reloads only for an update found while registering; one found later in a long-lived
		// page counts as "external" to workbox-window and would activate without a reload. Reload ourselves
		// once the new worker takes control, whichever way it was found.
		navigator.serviceWorker.addEventListener('controllerchange', () => window.location.reload(), { once: true });
		await this.#updateServiceWorker?.(true);
	}

	dismissUpdate(): void {
		this.updateAvailable = false;
	}
}

export const pwa = new PwaManager();
