/** `rmlens cache …`: what the results store holds, and removing rows nobody can read any more. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { ENGINE_VERSION } from '../analysis/cacheKeys.ts';
import { loadConfig, resolveDb } from '../config.ts';
import type { CacheStats, PrunedRow } from '../db/store.ts';
import { formatTable } from '../util/textTable.ts';

const SHA256 = /^[0-9a-f]{64}$/;

const when = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

/** The stats as tables: by kind, by engine version, then the store's age and the file hashes it knows. */
export function formatCacheStats(stats: CacheStats): string {
  const byKind = formatTable(['kind', 'rows', 'bytes'], [
    ...stats.byKind.map((k) => [k.kind, String(k.rows), String(k.bytes)]),
    ['total', String(stats.rows), String(stats.bytes)],
  ], new Set([1, 2]));
  const byEngine = formatTable(['engine version', 'rows', 'bytes'], stats.byEngineVersion.map((v) => [
    v.engineVersion === null ? '-' : `${v.engineVersion}${v.engineVersion === ENGINE_VERSION ? ' (current)' : ''}`,
    String(v.rows),
    String(v.bytes),
  ]), new Set([1, 2]));
  return [byKind, '', byEngine, '', `oldest row: ${when(stats.oldest)}`, `newest row: ${when(stats.newest)}`, `file hashes known: ${stats.fileHashes}`].join('\n');
}

/** What a prune removed (or, in a dry run, would remove), per kind. */
export function formatPruned(rows: readonly PrunedRow[], dryRun: boolean): string {
  const perKind = new Map<string, { rows: number; bytes: number }>();
  for (const row of rows) {
    const k = perKind.get(row.kind) ?? { rows: 0, bytes: 0 };
    k.rows++;
    k.bytes += row.bytes;
    perKind.set(row.kind, k);
  }
  const bytes = rows.reduce((n, r) => n + r.bytes, 0);
  const verb = dryRun ? 'would remove' : 'removed';
  if (rows.length === 0) return `${verb} 0 rows`;
  const table = formatTable(['kind', 'rows', 'bytes'], [...perKind].map(([kind, k]) => [kind, String(k.rows), String(k.bytes)]), new Set([1, 2]));
  return `${table}\n${verb} ${rows.length} rows (${bytes} bytes)`;
}

interface PruneCliOptions {
  db?: string;
  zoo?: string;
  engineOlder?: boolean;
  model?: string;
  dryRun?: boolean;
  vacuum?: boolean;
  json?: boolean;
}

/**
 * The sha256 a `--model` value names: a sha256 as is, else a model id of the zoo or of the
 * registrations in this store (a file that is gone can still be named by its sha256).
 */
async function modelSha256(model: string, dbPath: string, zooDir: string): Promise<string> {
  if (SHA256.test(model)) return model;
  const { openContext } = await import('../context.ts');
  const context = await openContext({ dbPath, zooDirs: existsSync(join(zooDir, 'zoo.json')) ? [zooDir] : [] });
  try {
    return await context.analysis.modelSha256(model);
  } finally {
    await context.close();
  }
}

/** Registers the `cache` command group. */
export function registerCacheCommands(program: Command): void {
  const cache = program.command('cache').description('The results store: what it holds, and pruning rows that can no longer be served');

  cache
    .command('stats')
    .description('Rows and bytes per result kind and per engine version, oldest and newest rows, file hashes known')
    .option('--db <file|url>', 'results store: a SQLite file or a postgres:// URL (default: RMLENS_DB, else .rmlens/results.sqlite)')
    .option('--json', 'print JSON instead of tables')
    .action(async (options: { db?: string; json?: boolean }) => {
      const { openStore } = await import('../db/store.ts');
      const store = await openStore(options.db ? resolveDb(options.db) : loadConfig().dbPath);
      try {
        const stats = await store.cacheStats();
        process.stdout.write(options.json ? `${JSON.stringify(stats, null, 2)}\n` : `${formatCacheStats(stats)}\n`);
      } finally {
        await store.close();
      }
    });

  cache
    .command('prune')
    .description('Remove results (in one transaction); with both filters, rows matching both')
    .option('--engine-older', `rows computed by an engine version below the current one (${ENGINE_VERSION}): no key can match them again`)
    .option('--model <id|sha256>', "rows whose key names that model's file content (as the model, a base, or a correlation side)")
    .option('--dry-run', 'list what would be removed, remove nothing')
    .option('--vacuum', 'give the freed space back to the file system afterwards (rewrites the file)')
    .option('--db <file|url>', 'results store: a SQLite file or a postgres:// URL (default: RMLENS_DB, else .rmlens/results.sqlite)')
    .option('--zoo <dir>', 'zoo folder whose model ids --model may name (default: <zoo dir>/default)')
    .option('--json', 'print the rows as JSON')
    .action(async (options: PruneCliOptions) => {
      if (!options.engineOlder && options.model === undefined) throw new Error('cache prune needs --engine-older, --model <id|sha256>, or both');
      const config = loadConfig();
      const dbPath = options.db ? resolveDb(options.db) : config.dbPath;
      const sha = options.model === undefined ? undefined : await modelSha256(options.model, dbPath, resolve(options.zoo ?? join(config.zooDir, 'default')));
      const { openStore } = await import('../db/store.ts');
      const store = await openStore(dbPath);
      try {
        const dryRun = options.dryRun === true;
        const rows = await store.pruneResults({ engineOlderThan: options.engineOlder ? ENGINE_VERSION : undefined, modelSha256: sha, dryRun });
        if (options.vacuum && !dryRun) await store.vacuum();
        process.stdout.write(options.json ? `${JSON.stringify({ dryRun, rows }, null, 2)}\n` : `${formatPruned(rows, dryRun)}\n`);
      } finally {
        await store.close();
      }
    });
}
