// htmx-ext-sse ships no types: it is imported for its side effect (it registers the `sse` extension).
declare module 'htmx-ext-sse';
