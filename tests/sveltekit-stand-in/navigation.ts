// SvelteKit's $app/navigation for unit tests: there is no router to navigate, so navigation does nothing.
export const goto = async (): Promise<void> => {};
