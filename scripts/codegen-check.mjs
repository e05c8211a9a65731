// Fails when src/resolvers/generated.ts is not what `npm run codegen` makes from schema.graphql now:
// generates into a temporary file (codegen.ts reads RMLENS_CODEGEN_OUT) and compares the two.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const committed = 'src/resolvers/generated.ts';
const dir = mkdtempSync(join(tmpdir(), 'rmlens-codegen-'));
// codegen writes the mapper import paths verbatim, so a file generated elsewhere has the same text.
const fresh = join(dir, 'generated.ts');
try {
  execFileSync('npx', ['graphql-codegen', '--config', 'codegen.ts'], { env: { ...process.env, RMLENS_CODEGEN_OUT: fresh }, stdio: 'inherit' });
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(`${committed} is stale: run \`npm run codegen\` and commit the result`);
    process.exitCode = 1;
  } else {
    console.log(`${committed} is up to date`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
