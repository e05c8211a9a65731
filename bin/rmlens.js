#!/usr/bin/env node
// The installed `rmlens` command: registers tsx so Node runs the TypeScript sources directly.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import(new URL('../src/cli/main.ts', import.meta.url).href);
await runCli(process.argv);
