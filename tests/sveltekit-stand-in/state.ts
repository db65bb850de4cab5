// SvelteKit's $app/state for unit tests: a page at the root with nothing in it.
export const page = { url: new URL('http://localhost/'), params: {}, route: { id: '/' }, data: {} };
