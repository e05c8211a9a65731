/**
 * The reference zoo: a base RM trained on a label-free objective (real vs corrupted response)
 * over the train texts of both objectives, then helpful-only, harmless-only and mixed (union)
 * RMs fine-tuned from it with one set of hyper-parameters, one seed and one epoch budget
 * (per data source: `HYPER_PARAMETERS`);
 * each exported to ONNX with rmlens metadata, parity-checked, and evaluated on the held-out
 * part of every dataset of both objectives.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { estimateAccuracy, type AccuracyEstimate } from '../util/bootstrap.ts';
import { formatTable } from '../util/textTable.ts';
import { promptClusters } from '../data/split.ts';
import { DEFAULT_TOKENIZER } from '../data/tokenizer.ts';
import type { Dataset, PreferencePair } from '../data/types.ts';
import { sha256 } from '../util/hash.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/random.ts';
import { buildVocabulary, corruptionPairs, encodePair, isValidation } from './corpus.ts';
import { checkOnnxParity, exportOnnx, siteNames } from './exportOnnx.ts';
import { GemmRunner } from './gemm.ts';
import { cloneParams, initParams, RewardNet, type Architecture, type Params } from './model.ts';
import { trainPairs, type EncodedPair, type EpochRecord, type TrainSettings } from './trainer.ts';
import { ROLE_OBJECTIVE, ZOO_ROLES, type Objective, type ZooRole } from '../vocabulary.ts';
import { readZooManifest, writeZooManifest, zooManifestPath, zooName, type ZooManifest } from './zooManifest.ts';
import { BadUserInputError } from '../errors.ts';

export type ZooData = 'default' | 'hh-rlhf';

/** Dataset refs each objective trains on, per data source (hh-rlhf helpful = the three helpful-* files). */
export const ZOO_DATASETS: Record<ZooData, { helpful: string[]; harmless: string[] }> = {
  default: { helpful: ['default/helpful'], harmless: ['default/harmless'] },
  'hh-rlhf': {
    helpful: ['hh-rlhf/helpful-base', 'hh-rlhf/helpful-online', 'hh-rlhf/helpful-rejection-sampled'],
    harmless: ['hh-rlhf/harmless-base'],
  },
};

export interface HyperParameters {
  d: number;
  dFf: number;
  layers: number;
  /** A GPT-2 token enters the compact vocabulary when seen this often in the train texts. */
  minTokenCount: number;
  lr: number;
  batchSize: number;
  /** Epoch budget of the label-free base. */
  baseEpochs: number;
  /** Epoch budget of each fine-tune (helpful, harmless, mixed); the stopping epoch is chosen on its validation slice. */
  fineTuneEpochs: number;
  /** Dropout rate of the embedding stream while fine-tuning (the base trains without). */
  embedDropout: number;
}

const V4: HyperParameters = { d: 64, dFf: 256, layers: 2, minTokenCount: 2, lr: 2e-3, batchSize: 64, baseEpochs: 3, fineTuneEpochs: 3, embedDropout: 0 };

/**
 * The zoo's hyper-parameters per data source, chosen on validation slices of the train parts
 * (docs/zoo.md logs every configuration tried). On HH-RLHF the fine-tunes memorise within two
 * epochs (the embedding is ~1.35M parameters for ~4,400 pairs): embedding dropout 0.4 and twice
 * the epoch budget (log rows 19–31).
 */
export const HYPER_PARAMETERS: Record<ZooData, HyperParameters> = {
  default: V4,
  'hh-rlhf': { ...V4, fineTuneEpochs: 6, embedDropout: 0.4 },
};

/** Where a zoo is built when no folder is given: `<zoo dir>/<zoo name>` (`<data>`, `-seed<n>` unless seed 1), `-quick` for a quick build. */
export function defaultZooOut(zooDir: string, data: ZooData, seed: number, quick: boolean): string {
  return join(zooDir, `${zooName(data, seed)}${quick ? '-quick' : ''}`);
}

/** `--quick`: the same code path on a sliver of the data, for tests. */
export const QUICK = { trainPairsPerObjective: 200, heldOutPairsPerDataset: 100, maxEpochs: 1, dataSeed: 1 };

/** Texts per model on which the ONNX export must reproduce the training forward. */
const PARITY_TEXTS = 64;

export interface ZooBuildOptions {
  data: ZooData;
  out: string;
  seed: number;
  quick: boolean;
  /** The resolved datasets of ZOO_DATASETS[data], per objective. */
  datasets: { helpful: Dataset[]; harmless: Dataset[] };
  hyper?: HyperParameters;
  /** Intra-op threads of the training matrix products. */
  threads?: number;
  progress?: boolean;
  /** Share of the build done (0 … 1, by training pairs seen, each model a quarter) and what trains now. */
  onProgress?: (fraction: number, message: string) => void;
  log?: (line: string) => void;
}

export interface ZooModelReport {
  role: ZooRole;
  objective: Objective;
  file: string;
  sha256: string;
  stoppingEpoch: number;
  epochs: EpochRecord[];
  trainPairs: number;
  validationPairs: number;
  heldOut: Record<string, AccuracyEstimate>;
  parityMaxDiff: number;
  seconds: number;
}

export interface ZooReport {
  dir: string;
  data: ZooData;
  seed: number;
  quick: boolean;
  vocabulary: number;
  models: ZooModelReport[];
  seconds: number;
}


/** Builds, checks and writes the four models and zoo.json into `options.out`; returns what it measured. */
export async function buildZoo(options: ZooBuildOptions): Promise<ZooReport> {
  const started = performance.now();
  const { seed, quick, datasets } = options;
  const log = options.log ?? (() => {});
  const hyper = { ...(options.hyper ?? HYPER_PARAMETERS[options.data]), ...(quick ? { baseEpochs: QUICK.maxEpochs, fineTuneEpochs: QUICK.maxEpochs } : {}) };
  await guardOutput(options.out, options.data, quick);

  const pick = (objective: 'helpful' | 'harmless'): PreferencePair[] => {
    const all = datasets[objective].flatMap((d) => d.train);
    if (!quick) return all;
    // The sliver does not depend on the seed: zoos of several seeds share their data and differ in initialisation, batch order and corruption only.
    return shuffleInPlace(createRng(deriveSeed(QUICK.dataSeed, `quick-${objective}`)), all).slice(0, QUICK.trainPairsPerObjective);
  };
  const train = { helpful: pick('helpful'), harmless: pick('harmless') };
  const split = (pairs: PreferencePair[]) => ({ fit: pairs.filter((p) => !isValidation(p)), validation: pairs.filter(isValidation) });
  const parts = { helpful: split(train.helpful), harmless: split(train.harmless) };
  const encode = (pairs: PreferencePair[]) => pairs.map((p) => encodePair(p, DEFAULT_TOKENIZER));
  const encoded = {
    helpful: { fit: encode(parts.helpful.fit), validation: encode(parts.helpful.validation) },
    harmless: { fit: encode(parts.harmless.fit), validation: encode(parts.harmless.validation) },
  };
  const allDatasets = [...datasets.helpful, ...datasets.harmless];
  const heldOut = allDatasets.map((d) => {
    const pairs = quick ? d.heldOut.slice(0, QUICK.heldOutPairsPerDataset) : d.heldOut;
    return { ref: d.id, pairs: encode(pairs), clusters: promptClusters(pairs) };
  });
  const { remap, size } = buildVocabulary(
    [...encoded.helpful.fit, ...encoded.helpful.validation, ...encoded.harmless.fit, ...encoded.harmless.validation],
    hyper.minTokenCount,
  );
  const arch: Architecture = { vocab: size, d: hyper.d, dFf: hyper.dFf, layers: hyper.layers };
  const settings = (role: ZooRole): TrainSettings =>
    role === 'base'
      ? { lr: hyper.lr, batchSize: hyper.batchSize, maxEpochs: hyper.baseEpochs, embedDropout: 0, seed }
      : { lr: hyper.lr, batchSize: hyper.batchSize, maxEpochs: hyper.fineTuneEpochs, embedDropout: hyper.embedDropout, seed };
  log(`zoo ${options.data}${quick ? ' (quick)' : ''}: vocabulary ${size}, train pairs helpful ${train.helpful.length}, harmless ${train.harmless.length}`);

  const parityTexts = heldOut.flatMap((h) => h.pairs.slice(0, Math.ceil(PARITY_TEXTS / 2 / heldOut.length))).flatMap((p) => [p.chosen, p.rejected]);
  const trainHashes = (refs: Dataset[]) => Object.fromEntries(refs.map((d) => [d.id, d.partHashes.train]));
  const gemm = new GemmRunner('float32', options.threads ?? 1);
  await mkdir(options.out, { recursive: true });
  const models: ZooModelReport[] = [];
  try {
    const trainOne = async (role: ZooRole, start: Params, fit: EncodedPair[], validation: EncodedPair[], trainedOn: Dataset[], baseSha: string | null) => {
      const t0 = performance.now();
      const net = new RewardNet(arch, start, gemm);
      const before = models.length;
      const onProgress = options.onProgress && ((done: number, total: number) =>
        options.onProgress!((before + done / total) / ZOO_ROLES.length, `training ${role} (${done}/${total} pairs)`));
      const result = await trainPairs(net, remap, fit, validation, settings(role), { label: role, progress: options.progress, onProgress });
      const evaluation: Record<string, AccuracyEstimate> = {};
      for (const h of heldOut) {
        const chosen = await net.rewards(h.pairs.map((p) => p.chosen), remap);
        const rejected = await net.rewards(h.pairs.map((p) => p.rejected), remap);
        evaluation[h.ref] = estimateAccuracy(chosen, rejected, { clusters: h.clusters });
      }
      const metadata: Record<string, string> = {
        'rmlens.sites': JSON.stringify(siteNames(arch.layers)),
        'rmlens.objective': ROLE_OBJECTIVE[role],
        ...(baseSha ? { 'rmlens.base_sha256': baseSha } : {}),
        'rmlens.tokenizer': JSON.stringify(DEFAULT_TOKENIZER),
        'rmlens.data': JSON.stringify({ refs: trainedOn.map((d) => d.id), trainHashes: trainHashes(trainedOn) }),
        'rmlens.heldout': JSON.stringify(
          Object.fromEntries(Object.entries(evaluation).map(([ref, e]) => [ref, { accuracy: e.accuracy, low: e.low, high: e.high, pairs: e.pairs }])),
        ),
        'rmlens.training': JSON.stringify({
          objective: role === 'base' ? 'real vs corrupted response (label-free), Bradley-Terry' : 'Bradley-Terry on preference pairs',
          architecture: arch,
          hyperParameters: { ...hyper },
          optimizer: 'adam(beta1=0.9, beta2=0.999, eps=1e-8; lazy embedding rows)',
          seed,
          quick,
          initialisation: baseSha ? 'base' : 'seeded random',
          trainPairs: fit.length,
          validationPairs: validation.length,
          stoppingEpoch: result.stoppingEpoch,
          epochs: result.epochs,
        }),
      };
      const bytes = exportOnnx(net, remap, metadata);
      const parityMaxDiff = await checkOnnxParity(bytes, net, remap, parityTexts);
      const file = `${role}.onnx`;
      await writeFile(join(options.out, file), bytes);
      const report: ZooModelReport = {
        role,
        objective: ROLE_OBJECTIVE[role],
        file,
        sha256: sha256(bytes),
        stoppingEpoch: result.stoppingEpoch,
        epochs: result.epochs,
        trainPairs: fit.length,
        validationPairs: validation.length,
        heldOut: evaluation,
        parityMaxDiff,
        seconds: (performance.now() - t0) / 1000,
      };
      models.push(report);
      const last = result.epochs[result.stoppingEpoch - 1];
      log(
        `${role}: stopping epoch ${result.stoppingEpoch}/${settings(role).maxEpochs} (validation accuracy ${last.validationAccuracy.toFixed(3)}), ` +
          `parity ${parityMaxDiff.toExponential(1)}, ${report.seconds.toFixed(1)} s`,
      );
      return { report, params: result.params };
    };

    const base = await trainOne(
      'base',
      initParams(arch, deriveSeed(seed, 'init'), 'float32'),
      corruptionPairs([...parts.helpful.fit, ...parts.harmless.fit], deriveSeed(seed, 'corrupt-fit'), DEFAULT_TOKENIZER),
      corruptionPairs([...parts.helpful.validation, ...parts.harmless.validation], deriveSeed(seed, 'corrupt-validation'), DEFAULT_TOKENIZER),
      allDatasets,
      null,
    );
    const fineTunes: [ZooRole, EncodedPair[], EncodedPair[], Dataset[]][] = [
      ['helpful', encoded.helpful.fit, encoded.helpful.validation, datasets.helpful],
      ['harmless', encoded.harmless.fit, encoded.harmless.validation, datasets.harmless],
      [
        'mixed',
        [...encoded.helpful.fit, ...encoded.harmless.fit],
        [...encoded.helpful.validation, ...encoded.harmless.validation],
        allDatasets,
      ],
    ];
    for (const [role, fit, validation, trainedOn] of fineTunes) {
      await trainOne(role, cloneParams(base.params), fit, validation, trainedOn, base.report.sha256);
    }
  } finally {
    await gemm.close();
  }

  const manifest: ZooManifest = {
    data: options.data,
    seed,
    quick,
    models: models.map((m) => ({ role: m.role, objective: m.objective, file: m.file, sha256: m.sha256, base: m.role === 'base' ? null : 'base' })),
    datasets: { helpful: datasets.helpful.map((d) => d.id), harmless: datasets.harmless.map((d) => d.id) },
  };
  await writeZooManifest(options.out, manifest);
  return { dir: options.out, data: options.data, seed, quick, vocabulary: size, models, seconds: (performance.now() - started) / 1000 };
}

/** Refuses to write over a zoo built from other data (or a full zoo with a quick one, and back). */
async function guardOutput(out: string, data: ZooData, quick: boolean): Promise<void> {
  if (!existsSync(zooManifestPath(out))) return;
  const existing = readZooManifest(out);
  if (existing.data !== data || existing.quick !== quick) {
    throw new BadUserInputError(`${out} holds a ${existing.quick ? 'quick ' : ''}'${existing.data}' zoo; refusing to overwrite it with a ${quick ? 'quick ' : ''}'${data}' zoo (choose another --out)`);
  }
}

/** Held-out accuracy table: one row per model, one column per dataset ("acc [low, high] n=pairs"), and its wall time. */
export function formatAccuracyTable(report: ZooReport): string {
  const refs = Object.keys(report.models[0]?.heldOut ?? {});
  const cell = (e: AccuracyEstimate) => `${e.accuracy.toFixed(3)} [${e.low.toFixed(3)}, ${e.high.toFixed(3)}] n=${e.pairs}`;
  const rows = report.models.map((m) => [`${zooName(report.data, report.seed)}/${m.role}`, `${m.stoppingEpoch}`, ...refs.map((r) => cell(m.heldOut[r])), m.seconds.toFixed(1)]);
  return formatTable(['model', 'epoch', ...refs, 'seconds'], rows, new Set([1, refs.length + 2]));
}
