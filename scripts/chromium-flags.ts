// Chromium flags that switch off its own background traffic, for every Chromium the project drives (the
// e2e tests, whose privacy spec allows no request to leave the machine, and the browser benchmarks, where
// background work would compete with timed runs).
export const QUIET_CHROMIUM_ARGS = [
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-domain-reliability',
	'--disable-sync',
	'--disable-default-apps',
	'--disable-client-side-phishing-detection',
	'--no-pings',
	'--no-first-run',
	'--metrics-recording-only',
	'--disable-features=OptimizationHints,Translate,MediaRouter,AutofillServerCommunication,CertificateTransparencyComponentUpdater'
];
