/**
 * Zoo builds as jobs (`Mutation.buildZoo`, and `rmlens serve` when its default zoo is missing):
 * the trainer reports progress into the job row, and a finished zoo is registered in the
 * running server, so its models are listed and analysed without a restart.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelRegistry, Zoo } from '../analysis/modelRegistry.ts';
import type { Dataset } from '../data/types.ts';
import { BadUserInputError } from '../errors.ts';
import { buildZoo, ZOO_DATASETS, type ZooData } from '../train/zoo.ts';
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
  resolveDataset: (ref: string) => Promise<Dataset>;
  log?: (line: string) => void;
}

/** One zoo build request. */
export interface ZooBuildRequest {
  data: string;
  seed: number;
  /** Default `<zoo dir>/<data>` for seed 1, else `<zoo dir>/<data>-seed<seed>`. */
  out?: string;
  requestId: string;
}

/** Submits zoo builds to the job runner. */
export class ZooBuilds {
  constructor(private readonly deps: ZooBuildDeps) {}

  /** Queues a build (or attaches to the same one in progress); BadUserInputError for unknown data, a bad seed or a zoo already there. */
  submit({ data, seed, out, requestId }: ZooBuildRequest): Job {
    if (!Object.hasOwn(ZOO_DATASETS, data)) throw new BadUserInputError(`data must be one of ${Object.keys(ZOO_DATASETS).join(', ')}, got '${data}'`);
    if (!Number.isInteger(seed) || seed < 0) throw new BadUserInputError(`seed must be a non-negative integer, got ${seed}`);
    const dir = out ?? join(this.deps.zooDir, seed === 1 ? data : `${data}-seed${seed}`);
    if (existsSync(zooManifestPath(dir))) throw new BadUserInputError(`a zoo is already built at ${dir}`);
    let id = '';
    const submitted = this.deps.jobs.submit({
      kind: 'zooBuild',
      requestKey: `zooBuild:${dir}`,
      request: { data, seed, out: dir },
      requestId,
      run: async (report) => {
        const refs = ZOO_DATASETS[data as ZooData];
        const datasets = {
          helpful: await Promise.all(refs.helpful.map((ref) => this.deps.resolveDataset(ref))),
          harmless: await Promise.all(refs.harmless.map((ref) => this.deps.resolveDataset(ref))),
        };
        await buildZoo({ data: data as ZooData, out: dir, seed, quick: false, datasets, onProgress: report, log: this.deps.log });
        // A build cancelled while it trained finishes its files, but the server does not take it up.
        if (this.deps.jobs.get(id)?.state !== 'RUNNING') return dir;
        this.deps.zoos.push(this.deps.models.addZoo(dir));
        return dir;
      },
    });
    id = submitted.job.id;
    return submitted.job;
  }

  /** A zoo build still QUEUED or RUNNING, if any: until it ends, unknown model ids may be its models. */
  live(): Job | undefined {
    return [...this.deps.jobs.list('RUNNING'), ...this.deps.jobs.list('QUEUED')].find((job) => job.kind === 'zooBuild');
  }
}
