// The JSON Schema text of an export file, exactly as committed to docs/results-schema.json.
import { resultsJsonSchema } from './schema';

export function resultsJsonSchemaText(): string {
	return (
		JSON.stringify(
			{ $id: 'https://edgewise.local/results-schema.json', title: 'Edgewise results export', ...resultsJsonSchema() },
			null,
			2
		) + '\n'
	);
}
