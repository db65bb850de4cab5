// Static SPA: prerender the shell, run everything in the browser.
export const prerender = true;
export const ssr = false;
