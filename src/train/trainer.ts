/**
 * Bradley–Terry training of a {@link RewardNet} on preference pairs, with the stopping epoch
 * chosen on a validation slice: the parameters returned are those after the epoch with the
 * best validation accuracy (ties → the earlier epoch), and every epoch's numbers are kept.
 */
import cliProgress from 'cli-progress';
import type { EncodedText } from '../data/tokenizer.ts';
import { createRng, deriveSeed, shuffleInPlace } from '../util/random.ts';
import { cloneParams, packTexts, type Params, type RewardNet } from './model.ts';
import { Adam, clearGrad, gradBuffer } from './optimizer.ts';

export interface EncodedPair {
  chosen: EncodedText;
  rejected: EncodedText;
}

export interface TrainSettings {
  lr: number;
  /** Training-time dropout rate of the embedding stream ({@link RewardNet.forward}); 0 for none. */
  embedDropout: number;
  batchSize: number;
  maxEpochs: number;
  seed: number;
}

export interface EpochRecord {
  epoch: number;
  trainLoss: number;
  trainAccuracy: number;
  validationLoss: number;
  validationAccuracy: number;
}

export interface TrainResult {
  params: Params;
  epochs: EpochRecord[];
  stoppingEpoch: number;
}

/**
 * Mean Bradley–Terry loss −log σ(r_c − r_r) of a batch whose rewards are laid out
 * [chosen₀ … chosen_{B−1}, rejected₀ … rejected_{B−1}], its gradient with respect to each
 * reward, and the wins (ties half).
 */
export function bradleyTerry(rewards: ArrayLike<number>, pairs: number): { loss: number; wins: number; dRewards: Float64Array } {
  const dRewards = new Float64Array(2 * pairs);
  let loss = 0;
  let wins = 0;
  for (let i = 0; i < pairs; i++) {
    const margin = rewards[i] - rewards[pairs + i];
    loss += softplus(-margin);
    wins += margin > 0 ? 1 : margin === 0 ? 0.5 : 0;
    const g = -sigmoid(-margin) / pairs; // d/dmargin of softplus(−margin), averaged
    dRewards[i] = g;
    dRewards[pairs + i] = -g;
  }
  return { loss: loss / pairs, wins, dRewards };
}

/** log(1 + eˣ) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Mean BT loss and accuracy (ties half) of the net on pairs, without updating anything. */
export async function evaluatePairs(net: RewardNet, remap: Int32Array, pairs: readonly EncodedPair[]): Promise<{ loss: number; accuracy: number }> {
  const chosen = await net.rewards(pairs.map((p) => p.chosen), remap);
  const rejected = await net.rewards(pairs.map((p) => p.rejected), remap);
  const joined = new Float64Array(2 * pairs.length);
  joined.set(chosen);
  joined.set(rejected, pairs.length);
  const { loss, wins } = bradleyTerry(joined, pairs.length);
  return { loss, accuracy: wins / pairs.length };
}

/**
 * Trains `net` in place for up to `maxEpochs` epochs (batch order shuffled per epoch from the
 * seed alone, so every model trained with one seed sees the same schedule over the same
 * data), then sets `net.params` to the best epoch's parameters and returns them with the log.
 */
export async function trainPairs(
  net: RewardNet,
  remap: Int32Array,
  train: readonly EncodedPair[],
  validation: readonly EncodedPair[],
  settings: TrainSettings,
  { label = 'model', progress = false, onProgress }: { label?: string; progress?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<TrainResult> {
  if (train.length === 0 || validation.length === 0) throw new Error(`${label}: training needs train and validation pairs (${train.length}, ${validation.length})`);
  const optimizer = new Adam(net.arch, { lr: settings.lr, beta1: 0.9, beta2: 0.999, eps: 1e-8 }, net.precision);
  const { grad, touched, flags } = gradBuffer(net.arch, net.precision);
  const bar = progress
    ? new cliProgress.SingleBar(
        {
          format: `${label.padEnd(9)} epoch {epoch}/${settings.maxEpochs} |{bar}| {value}/{total} pairs  loss {loss}  acc {acc}`,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  const epochs: EpochRecord[] = [];
  let best: { params: Params; record: EpochRecord } | undefined;
  const order = Array.from(train, (_, i) => i);
  try {
    for (let epoch = 1; epoch <= settings.maxEpochs; epoch++) {
      shuffleInPlace(createRng(deriveSeed(settings.seed, `epoch${epoch}`)), order.sort((a, b) => a - b));
      let lossSum = 0;
      let winSum = 0;
      bar?.start(train.length, 0, { epoch, loss: '-', acc: '-' });
      for (let start = 0; start < order.length; start += settings.batchSize) {
        const ids = order.slice(start, start + settings.batchSize);
        const texts = [...ids.map((i) => train[i].chosen), ...ids.map((i) => train[i].rejected)];
        // Masks drawn from the seed, epoch and batch alone, so a build stays reproducible.
        const dropout = settings.embedDropout > 0 ? { rate: settings.embedDropout, rng: createRng(deriveSeed(settings.seed, `dropout${epoch}:${start}`)) } : undefined;
        const cache = await net.forward(packTexts(texts, remap), dropout);
        const { loss, wins, dRewards } = bradleyTerry(cache.rewards, ids.length);
        await net.backward(cache, dRewards, grad, touched, flags);
        optimizer.update(net.params, grad, touched);
        clearGrad(net.arch, grad, touched, flags);
        lossSum += loss * ids.length;
        winSum += wins;
        const seen = start + ids.length;
        bar?.update(seen, { epoch, loss: (lossSum / seen).toFixed(4), acc: (winSum / seen).toFixed(3) });
        onProgress?.((epoch - 1) * train.length + seen, settings.maxEpochs * train.length);
      }
      bar?.stop();
      const val = await evaluatePairs(net, remap, validation);
      const record: EpochRecord = {
        epoch,
        trainLoss: lossSum / train.length,
        trainAccuracy: winSum / train.length,
        validationLoss: val.loss,
        validationAccuracy: val.accuracy,
      };
      epochs.push(record);
      if (!best || record.validationAccuracy > best.record.validationAccuracy) best = { params: cloneParams(net.params), record };
    }
  } finally {
    bar?.stop();
  }
  net.params = best!.params;
  return { params: best!.params, epochs, stoppingEpoch: best!.record.epoch };
}

