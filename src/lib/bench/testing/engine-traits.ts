// What a test's hand-written EngineInfo says about where its engine runs and which request fields it
// carries out: the traits of this app's own local and cloud engines.
import type { EngineInfo } from '../../engine/types';

type Traits = Pick<EngineInfo, 'placement' | 'priced' | 'honours'>;

export const DEVICE_TRAITS: Traits = {
	placement: 'device',
	priced: false,
	honours: { stop: true, seed: false, ignoreEos: true }
};
export const REMOTE_TRAITS: Traits = {
	placement: 'remote',
	priced: false,
	honours: { stop: true, seed: true, ignoreEos: true }
};
