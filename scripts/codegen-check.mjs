// Fails when a committed generated file (the resolver types, the web pages' API types) is not what
// `npm run codegen` makes from schema.graphql now: generates into temporary files and compares.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'rmlens-codegen-'));
// codegen writes the mapper import paths verbatim, so a file generated elsewhere has the same text.
const outputs = [
  { committed: 'src/resolvers/generated.ts', fresh: join(dir, 'generated.ts'), env: 'RMLENS_CODEGEN_OUT' },
  { committed: 'web/src/shared/schema.generated.ts', fresh: join(dir, 'schema.generated.ts'), env: 'RMLENS_CODEGEN_WEB_OUT' },
];
try {
  const env = { ...process.env, ...Object.fromEntries(outputs.map((o) => [o.env, o.fresh])) };
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts'], { env, stdio: 'inherit' });
  for (const { committed, fresh } of outputs) {
    if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
      console.error(`${committed} is stale: run \`npm run codegen\` and commit the result`);
      process.exitCode = 1;
    } else {
      console.log(`${committed} is up to date`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
