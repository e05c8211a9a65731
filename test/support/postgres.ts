/**
 * A PostgreSQL server for tests, never one already running: RMLENS_TEST_POSTGRES_URL names a
 * server to use (each test gets a fresh database in it); without it, the first test that asks
 * starts a throwaway cluster — initdb into a temporary folder, pg_ctl start listening on a unix
 * socket in that folder only (no TCP port to collide on) — and the process stops and removes it
 * on exit. Run as root (CI), the cluster is the `postgres` user's: initdb refuses root.
 *
 * When no server can be had, the asking test FAILS with what to install or set: a PostgreSQL
 * test that silently skipped would let the backend rot.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/**
 * The server binaries: RMLENS_TEST_POSTGRES_BIN when set, else where Debian's `postgresql`
 * package puts them (/usr/lib/postgresql/<major>/bin, newest first), else PATH.
 */
function findBinDir(): string | undefined {
  const given = process.env.RMLENS_TEST_POSTGRES_BIN;
  if (given) return existsSync(join(given, 'initdb')) ? given : undefined;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', 'initdb'))) return join(root, v, 'bin');
  const which = spawnSync('sh', ['-c', 'command -v initdb'], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? join(which.stdout.trim(), '..') : undefined;
}

/** A started cluster: its socket folder, port and superuser. */
interface Cluster {
  dir: string;
  port: number;
  user: string;
}

const SUPERUSER = 'rmlens';
const PORT = 5432;

/** Runs a server binary, as `postgres` when this process is root; throws with its output when it fails. */
function runAs(owner: string | undefined, binary: string, args: string[]): void {
  const [command, argv] = owner === undefined ? [binary, args] : ['runuser', ['-u', owner, '--', binary, ...args]];
  const result = spawnSync(command, argv, { encoding: 'utf8' });
  if (result.error || result.status !== 0) {
    throw new Error(`${[command, ...argv].join(' ')} failed (${result.error?.message ?? `exit ${result.status}`}):\n${result.stdout}${result.stderr}`);
  }
}

function startCluster(): Cluster {
  const bin = findBinDir();
  if (bin === undefined) {
    throw new Error(`no PostgreSQL server binaries (initdb) ${process.env.RMLENS_TEST_POSTGRES_BIN ? `in RMLENS_TEST_POSTGRES_BIN=${process.env.RMLENS_TEST_POSTGRES_BIN}` : 'under /usr/lib/postgresql/*/bin or on PATH'}: `
      + 'install them (`apt-get install -y postgresql`; .ci/run does) or set RMLENS_TEST_POSTGRES_URL to a server the tests may create databases in');
  }
  const dir = mkdtempSync(join(tmpdir(), 'rmlens-pg-'));
  const root = process.getuid?.() === 0;
  let owner: string | undefined;
  if (root) {
    owner = 'postgres';
    let uid: number;
    let gid: number;
    try {
      uid = Number(execFileSync('id', ['-u', owner], { encoding: 'utf8' }).trim());
      gid = Number(execFileSync('id', ['-g', owner], { encoding: 'utf8' }).trim());
    } catch {
      rmSync(dir, { recursive: true, force: true });
      throw new Error('running as root, the test cluster must belong to the `postgres` user (initdb refuses root), and there is none: install `postgresql`, or set RMLENS_TEST_POSTGRES_URL');
    }
    chownSync(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  process.on('exit', () => {
    // Immediate: the cluster is thrown away, nothing in it needs a clean shutdown.
    spawnSync(owner === undefined ? join(bin, 'pg_ctl') : 'runuser', [...(owner === undefined ? [] : ['-u', owner, '--', join(bin, 'pg_ctl')]), '-D', data, '-m', 'immediate', 'stop'], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  try {
    runAs(owner, join(bin, 'initdb'), ['-D', data, '-U', SUPERUSER, '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    // No TCP at all (listen_addresses empty): the socket in the cluster's own folder, so parallel runs never collide.
    const options = `-k ${dir} -p ${PORT} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    runAs(owner, join(bin, 'pg_ctl'), ['-D', data, '-l', log, '-o', options, '-w', '-t', '60', 'start']);
  } catch (error) {
    const serverLog = existsSync(log) ? readFileSync(log, 'utf8') : '';
    throw new Error(`could not start a throwaway PostgreSQL cluster in ${dir}: ${error instanceof Error ? error.message : String(error)}\n${serverLog}`);
  }
  return { dir, port: PORT, user: SUPERUSER };
}

let cluster: Cluster | Error | undefined;

/** The URL of database `name` on the test server. */
function urlOf(name: string): string {
  const given = process.env.RMLENS_TEST_POSTGRES_URL;
  if (given) {
    const url = new URL(given);
    url.pathname = `/${name}`;
    return url.toString();
  }
  if (cluster === undefined) {
    try {
      cluster = startCluster();
    } catch (error) {
      // Every later test fails with the same reason, without trying again.
      cluster = error instanceof Error ? error : new Error(String(error));
    }
  }
  if (cluster instanceof Error) throw cluster;
  return `postgres://${cluster.user}@localhost:${cluster.port}/${name}?host=${encodeURIComponent(cluster.dir)}`;
}

/** A new, empty database on the test server (RMLENS_TEST_POSTGRES_URL's, else a throwaway cluster started now), as a URL. */
export async function freshPostgresDatabase(): Promise<string> {
  const admin = new pg.Client({ connectionString: urlOf('postgres') });
  const name = `rmlens_test_${randomBytes(6).toString('hex')}`;
  try {
    await admin.connect();
    await admin.query(`create database ${name}`);
  } catch (error) {
    const server = process.env.RMLENS_TEST_POSTGRES_URL ? `RMLENS_TEST_POSTGRES_URL's server` : 'the throwaway cluster';
    throw new Error(`could not create a test database on ${server}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  } finally {
    await admin.end().catch(() => undefined);
  }
  return urlOf(name);
}
