// The local runtime registry with Edgewise's own runtimes in it: what the rest of the app imports.
import './builtin';

export * from './registry';
