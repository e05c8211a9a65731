/**
 * The file a worker thread starts from, for a thread body `<name>.ts` beside the calling module.
 *
 * From the sources (the caller is a `.ts` file, run through tsx) it is the `<name>.mjs` shim,
 * which registers tsx before importing the body: a worker does not inherit the hooks the `rmlens`
 * bin registered (src/engine/engineWorker.mjs). From the compiled build in dist/ (the caller is
 * `.js`) it is the compiled body `<name>.js` itself, which plain Node runs without tsx.
 */
export function workerEntry(name: string, callerUrl: string): URL {
  const compiled = !new URL(callerUrl).pathname.endsWith('.ts');
  return new URL(`./${name}.${compiled ? 'js' : 'mjs'}`, callerUrl);
}
