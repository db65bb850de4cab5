// Writes docs/results-schema.json from the zod schema (npm run results-schema). A unit test checks
// that the committed file equals what this writes, so the documentation cannot drift from the code.
import { writeFileSync } from 'node:fs';
import { resultsJsonSchemaText } from '../lib/bench/json-schema';

const path = new URL('../../docs/results-schema.json', import.meta.url);
writeFileSync(path, resultsJsonSchemaText());
console.log(`wrote ${path.pathname}`);
