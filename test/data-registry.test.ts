import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadConfig, REPO_ROOT } from '../src/config.ts';
import { ConfigError, NotFoundError } from '../src/errors.ts';
import { pairsHash } from '../src/data/dataset.ts';
import { generateDefaultCorpus } from '../src/data/defaultCorpus.ts';
import { loadDatasetFile } from '../src/data/datasetFiles.ts';
import { availableDatasetRefs, listDatasetRefs, resolveDataset } from '../src/data/registry.ts';
import { summariseDataset } from '../src/data/summary.ts';

const dir = mkdtempSync(join(tmpdir(), 'rmlens-registry-'));
after(() => rmSync(dir, { recursive: true, force: true }));

describe('dataset registry', () => {
  it('rejects an unknown ref with the list of known refs', async () => {
    await assert.rejects(resolveDataset('hh-rlhf/nope'), (err: unknown) => {
      assert.ok(err instanceof NotFoundError);
      assert.equal(err.code, 'NOT_FOUND');
      for (const ref of listDatasetRefs()) assert.ok(err.message.includes(ref), ref);
      return true;
    });
  });

  it('names the missing file of an HH ref, and lists only refs whose files exist', async () => {
    await assert.rejects(resolveDataset('hh-rlhf/harmless-base', { dataRoot: dir }), (err: unknown) => {
      assert.ok(err instanceof NotFoundError && /file not found/.test(err.message));
      assert.ok(err.message.includes(join(dir, 'hh-rlhf', 'harmless-base', 'test.jsonl.gz')));
      return true;
    });
    assert.deepEqual(availableDatasetRefs({ dataRoot: dir }), ['default/helpful', 'default/harmless']);
  });

  it('builds the default datasets once per process, split and hashed', async () => {
    const ds = await resolveDataset('default/harmless');
    assert.equal(await resolveDataset('default/harmless'), ds);
    assert.equal(ds.objective, 'HARMLESS');
    assert.equal(ds.train.length + ds.heldOut.length, 2500);
    const inOrder = generateDefaultCorpus().harmless.map(({ prompt, chosen, rejected }) => ({ prompt, chosen, rejected }));
    assert.equal(ds.contentHash, pairsHash(inOrder));
    assert.deepEqual(ds.partHashes, { train: pairsHash(ds.train), heldOut: pairsHash(ds.heldOut) });
    assert.match(ds.contentHash, /^[0-9a-f]{64}$/);
    assert.notEqual((await resolveDataset('default/harmless', { seed: 5 })).contentHash, ds.contentHash);
  });

  it('hashes the parsed pairs in file order, not the file bytes', async () => {
    const rows = [{ prompt: 'P1', chosen: 'a', rejected: 'b' }, { prompt: 'P2', chosen: 'c', rejected: 'd' }];
    const compact = join(dir, 'compact.jsonl');
    const spaced = join(dir, 'spaced.jsonl');
    writeFileSync(compact, rows.map((r) => JSON.stringify(r)).join('\n'));
    writeFileSync(spaced, rows.map((r) => JSON.stringify({ rejected: r.rejected, extra: true, chosen: r.chosen, prompt: r.prompt }, null, 0)).join('\n') + '\n');
    const options = { format: 'generic', prompt: 'verbatim', objective: 'HELPFUL' } as const;
    const [a] = await loadDatasetFile(compact, options);
    const [b] = await loadDatasetFile(spaced, options);
    assert.equal(a.contentHash, b.contentHash);
    assert.equal(a.contentHash, pairsHash(rows));
  });

  it('summarises token lengths and truncation', async () => {
    const s = await summariseDataset(await resolveDataset('default/helpful'));
    assert.equal(s.pairs, s.train + s.heldOut);
    assert.ok(s.promptTokens.median > 0 && s.promptTokens.p95 >= s.promptTokens.median && s.promptTokens.max >= s.promptTokens.p95);
    assert.ok(s.truncatedShare >= 0 && s.truncatedShare < 0.05);
  });
});

describe('config', () => {
  it('applies defaults relative to the repository root', () => {
    const c = loadConfig({});
    assert.equal(c.dbPath, join(REPO_ROOT, '.rmlens', 'results.sqlite'));
    assert.equal(c.zooDir, join(REPO_ROOT, 'zoo'));
    assert.equal(c.device, 'cpu');
    const shared = join(REPO_ROOT, '..', 'shared', 'data');
    assert.equal(c.dataRoot, existsSync(shared) ? shared : join(REPO_ROOT, 'data'));
  });

  it('reads the environment and reports every problem at once', () => {
    assert.equal(loadConfig({ RMLENS_DEVICE: 'cuda', RMLENS_DATA_ROOT: '/x' }).dataRoot, '/x');
    assert.throws(() => loadConfig({ RMLENS_DEVICE: 'tpu', RMLENS_DB: 42 as unknown as string }), (err: unknown) => {
      assert.ok(err instanceof ConfigError);
      assert.equal(err.problems.length, 2);
      assert.match(err.message, /RMLENS_DEVICE/);
      assert.match(err.message, /RMLENS_DB/);
      return true;
    });
  });
});
