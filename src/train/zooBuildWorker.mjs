// Entry of a zoo build thread (zooBuildThread.ts). Registers tsx itself before loading the
// TypeScript body, for the reason given in src/engine/engineWorker.mjs: a worker gets tsx's
// hooks only when they came through execArgv, which the `rmlens` bin does not use. The compiled
// build in dist/ starts dist/train/zooBuildWorker.js instead (src/util/workerEntry.ts).
import { register } from 'tsx/esm/api';

register();
await import('./zooBuildWorker.ts');
