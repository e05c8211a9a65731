// Entry of an engine worker thread. A worker does not get the tsx hooks the main thread was
// started with unless they came through execArgv (`node --import tsx` passes them on; the
// `rmlens` bin, which calls tsx's register(), does not), so it registers tsx itself before
// loading the TypeScript body. Measured on Node 20 with tsx 4: this entry loads the .ts body
// whether the main thread ran under `node --import tsx`, the `tsx` CLI or a plain register().
// Only the sources start here: the compiled build in dist/ starts dist/engine/engineWorker.js
// directly, without tsx (src/util/workerEntry.ts chooses).
import { register } from 'tsx/esm/api';

register();
await import('./engineWorker.ts');
