// vitest setup: property tests run a short search by default so the unit layer stays fast; set
// EDGEWISE_LONG_PROPERTIES=1 for the long search (fast-check's runs per property, and the tests that
// read the flag themselves check every case instead of a sample). A failing seed is printed either way.
import fc from 'fast-check';

export const LONG_PROPERTIES = process.env.EDGEWISE_LONG_PROPERTIES === '1';

fc.configureGlobal({ numRuns: LONG_PROPERTIES ? 300 : 40 });
