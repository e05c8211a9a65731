/**
 * Zoo builds as jobs (`Mutation.buildZoo`, and `rmlens serve` when its default zoo is missing):
 * each build trains in its own worker thread (src/train/zooBuildThread.ts: minutes of
 * synchronous ONNX calls would otherwise hold up every request), reports progress into the job
 * row, and a finished zoo is registered in the running server, so its models are listed and
 * analysed without a restart. There is no in-process path: tests build through the same thread.
 */
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { ModelRegistry, Zoo } from '../analysis/modelRegistry.ts';
import { BadUserInputError } from '../errors.ts';
import { defaultZooOut, ZOO_DATASETS, type ZooData } from '../train/zoo.ts';
import { buildZooInWorker } from '../train/zooBuildThread.ts';
import { zooManifestPath } from '../train/zooManifest.ts';
import type { JobRunner } from './jobRunner.ts';
import type { Job } from './jobStore.ts';

/** What a zoo build job needs from the server. */
export interface ZooBuildDeps {
  jobs: JobRunner;
  /** Folder the zoos are built in (RMLENS_ZOO_DIR). */
  zooDir: string;
  /** The running server's models: a finished zoo is added here. */
  models: ModelRegistry;
  /** The running server's zoos (the first is the default): a finished zoo is appended. */
  zoos: Zoo[];
  /** Folder holding `hh-rlhf/…` (the build thread resolves the built-in refs itself); default the configured one. */
  dataRoot?: string;
  /** Where the build's log lines go; default nowhere. */
  log?: (line: string) => void;
}

/** One zoo build request. */
export interface ZooBuildRequest {
  data: string;
  seed: number;
  /** The `--quick` build (a sliver of the data, one epoch: seconds, for tests); default false. */
  quick?: boolean;
  /** Default `<zoo dir>/<data>` for seed 1, else `<zoo dir>/<data>-seed<seed>`. */
  out?: string;
  requestId: string;
}

/** Submits zoo builds to the job runner. */
export class ZooBuilds {
  /** Aborts the builds whose threads are running, and their outcomes (settled when the thread has exited). */
  private readonly running = new Map<AbortController, Promise<unknown>>();

  constructor(private readonly deps: ZooBuildDeps) {}

  /** Queues a build (or attaches to the same one in progress); BadUserInputError for unknown data, a bad seed or a zoo already there. */
  async submit({ data, seed, quick = false, out, requestId }: ZooBuildRequest): Promise<Job> {
    if (!Object.hasOwn(ZOO_DATASETS, data)) throw new BadUserInputError(`data must be one of ${Object.keys(ZOO_DATASETS).join(', ')}, got '${data}'`);
    if (!Number.isInteger(seed) || seed < 0) throw new BadUserInputError(`seed must be a non-negative integer, got ${seed}`);
    const dir = out ?? defaultZooOut(this.deps.zooDir, data as ZooData, seed, quick);
    if (existsSync(zooManifestPath(dir))) throw new BadUserInputError(`a zoo is already built at ${dir}`);
    let id = '';
    const submitted = await this.deps.jobs.submit({
      kind: 'zooBuild',
      requestKey: `zooBuild:${dir}`,
      request: { data, seed, quick, out: dir },
      requestId,
      run: async (report) => {
        const abort = new AbortController();
        const built = buildZooInWorker(
          { data: data as ZooData, out: dir, seed, quick, dataRoot: this.deps.dataRoot },
          { onProgress: report, log: this.deps.log, signal: abort.signal },
        );
        this.running.set(abort, built.catch(() => undefined));
        try {
          await built;
        } finally {
          this.running.delete(abort);
        }
        // A build cancelled while it trained finishes its files, but the server does not take it up.
        if ((await this.deps.jobs.get(id))?.state !== 'RUNNING') return dir;
        // Named by its folder (`default-seed2/mixed`): a second zoo of served data must not take over the served ids.
        this.deps.zoos.push(this.deps.models.addZoo(dir, basename(dir)));
        return dir;
      },
    });
    id = submitted.job.id;
    return submitted.job;
  }

  /**
   * Stops every build thread at its next training batch and waits until each has exited. The
   * server calls it after the job runner's grace: the jobs are INTERRUPTED by then, and the
   * process must not exit while a thread is inside an onnxruntime call (that aborts it).
   */
  async close(): Promise<void> {
    for (const abort of this.running.keys()) abort.abort();
    await Promise.all(this.running.values());
  }

  /** A zoo build still QUEUED or RUNNING, if any: until it ends, unknown model ids may be its models. */
  async live(): Promise<Job | undefined> {
    return [...await this.deps.jobs.list('RUNNING'), ...await this.deps.jobs.list('QUEUED')].find((job) => job.kind === 'zooBuild');
  }
}
