/**
 * The reference zoo's reward network (v4), its training forward and its hand-written backward.
 *
 * Per text: token + segment embeddings, then `layers` per-token FFN blocks d → d_ff → d with
 * tanh-GELU and no residual bypass, run on every token, prompt and response (the neuron sites
 * are the GELU outputs, the inputs of the down-projections; each block's output replaces the
 * stream, so tokens reach the reward only through the neurons, apart from the response count —
 * with a residual, ablating all 512 neurons barely moved accuracy). After block 0 the mean of
 * its output over the prompt tokens, projected by a square `context` matrix, is added to every
 * token (so a reward can depend on the prompt); the reward reads the response tokens' sum /
 * √count (unlike a mean it keeps a length signal; it beat the mean on both validation slices)
 * along a prompt-dependent direction, `head + query·(mean of the last stream over the prompt
 * tokens)` (without that bilinear term two responses to one prompt differ only through the
 * GELUs, and the base's real-vs-foreign-response task stayed at chance). Both prompt summaries
 * are taken after FFN blocks (v3 took one summary of the embeddings) so that every site
 * activation rmlens pools — prompt tokens included — is on a path to the reward.
 *
 * All arithmetic is generic over Float32Array (training) and Float64Array (the gradient
 * check); matrix products go through a {@link GemmRunner} of the same precision.
 */
import type { EncodedText } from '../data/tokenizer.ts';
import { createRng, randomNormal } from '../util/random.ts';
import { arrayOf, type FloatArray, type GemmRunner, type Precision } from './gemm.ts';

export interface Architecture {
  /** Compact vocabulary size (id 0 = unknown). */
  vocab: number;
  d: number;
  dFf: number;
  layers: number;
}

export interface FfnParams {
  up: FloatArray; // [d, dFf]
  upBias: FloatArray; // [dFf]
  down: FloatArray; // [dFf, d]
  downBias: FloatArray; // [d]
}

export interface Params {
  embed: FloatArray; // [vocab, d]
  segment: FloatArray; // [2, d]: row 0 prompt, row 1 response
  context: FloatArray; // [d, d]
  ffn: FfnParams[];
  query: FloatArray; // [d, d]
  head: FloatArray; // [d]
  headBias: FloatArray; // [1]
}

/** √(2/π) and the cubic coefficient of tanh-GELU, as ONNX `Gelu(approximate='tanh')` defines it. */
const GELU_C = Math.sqrt(2 / Math.PI);
const GELU_A = 0.044715;

/** Every parameter tensor with a stable name and shape, in a fixed order (Adam, export, gradient check). */
export function paramList(arch: Architecture, p: Params): { name: string; shape: number[]; data: FloatArray }[] {
  const { vocab, d, dFf } = arch;
  return [
    { name: 'embed', shape: [vocab, d], data: p.embed },
    { name: 'segment', shape: [2, d], data: p.segment },
    { name: 'context', shape: [d, d], data: p.context },
    ...p.ffn.flatMap((f, l) => [
      { name: `ffn${l}.up`, shape: [d, dFf], data: f.up },
      { name: `ffn${l}.upBias`, shape: [dFf], data: f.upBias },
      { name: `ffn${l}.down`, shape: [dFf, d], data: f.down },
      { name: `ffn${l}.downBias`, shape: [d], data: f.downBias },
    ]),
    { name: 'query', shape: [d, d], data: p.query },
    { name: 'head', shape: [d], data: p.head },
    { name: 'headBias', shape: [1], data: p.headBias },
  ];
}

/** Zero-filled parameters (also the shape of a gradient). */
export function zeroParams(arch: Architecture, precision: Precision): Params {
  const { vocab, d, dFf } = arch;
  return {
    embed: arrayOf(precision, vocab * d),
    segment: arrayOf(precision, 2 * d),
    context: arrayOf(precision, d * d),
    ffn: Array.from({ length: arch.layers }, () => ({
      up: arrayOf(precision, d * dFf),
      upBias: arrayOf(precision, dFf),
      down: arrayOf(precision, dFf * d),
      downBias: arrayOf(precision, d),
    })),
    query: arrayOf(precision, d * d),
    head: arrayOf(precision, d),
    headBias: arrayOf(precision, 1),
  };
}

/** Seeded initialisation: small embeddings, fan-in scaled matrices, zero biases. */
export function initParams(arch: Architecture, seed: number, precision: Precision): Params {
  const rng = createRng(seed);
  const p = zeroParams(arch, precision);
  const fill = (a: FloatArray, std: number) => {
    for (let i = 0; i < a.length; i++) a[i] = std * randomNormal(rng);
  };
  fill(p.embed, 0.1);
  fill(p.segment, 0.1);
  fill(p.context, 1 / Math.sqrt(arch.d));
  for (const f of p.ffn) {
    fill(f.up, 1 / Math.sqrt(arch.d));
    // The v2 scale, kept so that v2, v3 and v4 differ only in the structure (v3 and v4 train with it).
    fill(f.down, 0.5 / Math.sqrt(arch.dFf));
  }
  fill(p.query, 1 / arch.d);
  fill(p.head, 1 / Math.sqrt(arch.d));
  return p;
}

/** A deep copy (snapshots of the best epoch, fine-tuning from the base). */
export function cloneParams(p: Params): Params {
  return {
    embed: p.embed.slice(),
    segment: p.segment.slice(),
    context: p.context.slice(),
    ffn: p.ffn.map((f) => ({ up: f.up.slice(), upBias: f.upBias.slice(), down: f.down.slice(), downBias: f.downBias.slice() })),
    query: p.query.slice(),
    head: p.head.slice(),
    headBias: p.headBias.slice(),
  };
}

/** Texts packed without padding: compact ids of prompt and response tokens, with per-text offsets. */
export interface TextBatch {
  count: number;
  promptIds: Int32Array;
  promptStart: Int32Array; // [count + 1]
  responseIds: Int32Array;
  responseStart: Int32Array; // [count + 1]
}

/** Packs tokenised texts (GPT-2 ids, prompt tokens first) into a batch of compact ids via `remap`. */
export function packTexts(texts: readonly EncodedText[], remap: Int32Array): TextBatch {
  const promptStart = new Int32Array(texts.length + 1);
  const responseStart = new Int32Array(texts.length + 1);
  texts.forEach((t, i) => {
    const responseLength = t.segments.reduce((s, v) => s + v, 0);
    promptStart[i + 1] = promptStart[i] + t.ids.length - responseLength;
    responseStart[i + 1] = responseStart[i] + responseLength;
  });
  const promptIds = new Int32Array(promptStart[texts.length]);
  const responseIds = new Int32Array(responseStart[texts.length]);
  texts.forEach((t, i) => {
    let p = promptStart[i];
    let r = responseStart[i];
    for (let k = 0; k < t.ids.length; k++) {
      if (t.segments[k] === 0) promptIds[p++] = remap[t.ids[k]];
      else responseIds[r++] = remap[t.ids[k]];
    }
  });
  return { count: texts.length, promptIds, promptStart, responseIds, responseStart };
}

/**
 * What the backward needs from the forward. Token rows are laid out prompt tokens first (row k
 * = `batch.promptIds[k]`, all texts in order), then response tokens (row P + k =
 * `batch.responseIds[k]`), P = `batch.promptStart[count]`.
 */
export interface ForwardCache {
  batch: TextBatch;
  /** Stream entering each FFN block (block 1's after context mixing), and leaving the last one: layers + 1 matrices [tokens, d]. */
  stream: FloatArray[];
  /** Per block, [tokens, dFf]: pre-activations, GELU outputs (the neuron sites) and σ(2z). */
  pre: FloatArray[];
  act: FloatArray[];
  gate: FloatArray[];
  /** The dropout mask of stream 0 (0 or 1/(1 − rate) per entry); absent without dropout. */
  embedMask?: FloatArray;
  /** Prompt-token mean of block 0's output, mixed into every token through `context`, [count, d]. */
  contextMean: FloatArray;
  /** Prompt-token mean of the last stream, read out through `query`, [count, d]. */
  readoutMean: FloatArray;
  /** Response tokens' sum / √count, [count, d]. */
  pooled: FloatArray;
  /** head + query·readoutMean per text, [count, d]. */
  direction: FloatArray;
  rewards: FloatArray; // [count]
}

/**
 * Training-time (inverted) dropout of the embedding stream (stream 0): each entry is zeroed
 * with probability `rate` and the survivors scaled by 1/(1 − rate), so the expected values are
 * those of the plain forward, which the export and evaluation run. Only the embeddings: they
 * hold almost all the parameters and memorise (docs/zoo.md); dropout at the neuron sites would
 * train the model to tolerate random zeroing of its neurons, which is what the study's
 * ablations and their random controls measure.
 */
export interface Dropout {
  rate: number;
  rng: () => number;
}

/** The reward network bound to its parameters and a matrix-product runner of the same precision. */
export class RewardNet {
  constructor(
    readonly arch: Architecture,
    public params: Params,
    readonly gemm: GemmRunner,
  ) {}

  get precision(): Precision {
    return this.gemm.precision;
  }

  /** Rewards of a batch, with everything the backward needs; `dropout` only while training. */
  async forward(batch: TextBatch, dropout?: Dropout): Promise<ForwardCache> {
    const { d, dFf } = this.arch;
    const p = this.params;
    const n = batch.count;
    const promptTokens = batch.promptStart[n];
    const tokens = promptTokens + batch.responseStart[n];
    let x = arrayOf(this.precision, tokens * d);
    embedRows(x, 0, batch.promptIds, p, 0, d);
    embedRows(x, promptTokens, batch.responseIds, p, 1, d);
    const embedMask = dropout && applyDropout(x, dropout.rate, dropout.rng);
    const stream = [x];
    const pre: FloatArray[] = [];
    const act: FloatArray[] = [];
    const gate: FloatArray[] = [];
    let contextMean = arrayOf(this.precision, 0);
    for (const [l, f] of p.ffn.entries()) {
      const u = await this.gemm.run({ data: x, rows: tokens, cols: d }, { data: f.up, rows: d, cols: dFf }, { bias: f.upBias });
      const a = arrayOf(this.precision, u.length);
      const s = arrayOf(this.precision, u.length);
      for (let i = 0; i < u.length; i++) {
        const v = u[i];
        // 0.5·v·(1 + tanh z) = v·σ(2z): one exp instead of tanh; σ(2z) is kept for the backward.
        const g = 1 / (1 + Math.exp(-2 * GELU_C * (v + GELU_A * v * v * v)));
        s[i] = g;
        a[i] = v * g;
      }
      const y = await this.gemm.run({ data: a, rows: tokens, cols: dFf }, { data: f.down, rows: dFf, cols: d }, { bias: f.downBias });
      if (l === 0) {
        // Context mixing after block 0 (not on the embeddings), so the prompt tokens' layer-0
        // activations reach the reward; the backward needs only the mean, not y before mixing.
        contextMean = promptMeans(y, batch, d, this.precision);
        const ctx = await this.gemm.run({ data: contextMean, rows: n, cols: d }, { data: p.context, rows: d, cols: d });
        forEachTextRow(batch, (t, k) => {
          for (let j = 0; j < d; j++) y[k * d + j] += ctx[t * d + j];
        });
      }
      pre.push(u);
      act.push(a);
      gate.push(s);
      x = y;
      stream.push(x);
    }
    const readoutMean = promptMeans(x, batch, d, this.precision);
    const direction = await this.gemm.run({ data: readoutMean, rows: n, cols: d }, { data: p.query, rows: d, cols: d });
    for (let i = 0; i < direction.length; i++) direction[i] += p.head[i % d];
    const pooled = arrayOf(this.precision, n * d);
    const rewards = arrayOf(this.precision, n);
    for (let t = 0; t < n; t++) {
      const from = promptTokens + batch.responseStart[t];
      const to = promptTokens + batch.responseStart[t + 1];
      const o = t * d;
      for (let k = from; k < to; k++) for (let j = 0; j < d; j++) pooled[o + j] += x[k * d + j];
      const inv = 1 / Math.sqrt(to - from);
      let r = p.headBias[0];
      for (let j = 0; j < d; j++) {
        pooled[o + j] *= inv;
        r += pooled[o + j] * direction[o + j];
      }
      rewards[t] = r;
    }
    return { batch, stream, pre, act, gate, embedMask, contextMean, readoutMean, pooled, direction, rewards };
  }

  /**
   * Gradients of Σ_t dRewards[t]·reward[t] into `grad` (accumulated; the caller zeroes it).
   * Embedding rows touched are appended to `touchedRows` (once each, flagged in `rowFlags`)
   * so the optimiser can update them lazily.
   */
  async backward(cache: ForwardCache, dRewards: ArrayLike<number>, grad: Params, touchedRows: number[], rowFlags: Uint8Array): Promise<void> {
    const { d, dFf } = this.arch;
    const p = this.params;
    const { batch } = cache;
    const n = batch.count;
    const promptTokens = batch.promptStart[n];
    const tokens = promptTokens + batch.responseStart[n];
    let dx = arrayOf(this.precision, tokens * d);
    const dDirection = arrayOf(this.precision, n * d);
    for (let t = 0; t < n; t++) {
      const dr = dRewards[t];
      grad.headBias[0] += dr;
      for (let j = 0; j < d; j++) {
        const v = dr * cache.pooled[t * d + j];
        grad.head[j] += v;
        dDirection[t * d + j] = v;
      }
      const from = promptTokens + batch.responseStart[t];
      const to = promptTokens + batch.responseStart[t + 1];
      const inv = dr / Math.sqrt(to - from);
      for (let k = from; k < to; k++) for (let j = 0; j < d; j++) dx[k * d + j] = inv * cache.direction[t * d + j];
    }
    addInto(grad.query, await this.gemm.run({ data: cache.readoutMean, rows: n, cols: d }, { data: dDirection, rows: n, cols: d }, { transA: true }));
    spreadPromptMeans(dx, await this.gemm.run({ data: dDirection, rows: n, cols: d }, { data: p.query, rows: d, cols: d }, { transB: true }), batch, d);
    for (let l = p.ffn.length - 1; l >= 0; l--) {
      // dx is the gradient of the stream leaving block l (after the context mixing when l = 0).
      if (l === 0) {
        const dCtx = arrayOf(this.precision, n * d);
        forEachTextRow(batch, (t, k) => {
          for (let j = 0; j < d; j++) dCtx[t * d + j] += dx[k * d + j];
        });
        addInto(grad.context, await this.gemm.run({ data: cache.contextMean, rows: n, cols: d }, { data: dCtx, rows: n, cols: d }, { transA: true }));
        spreadPromptMeans(dx, await this.gemm.run({ data: dCtx, rows: n, cols: d }, { data: p.context, rows: d, cols: d }, { transB: true }), batch, d);
      }
      const f = p.ffn[l];
      const g = grad.ffn[l];
      const x = cache.stream[l];
      const a = cache.act[l];
      const u = cache.pre[l];
      const s = cache.gate[l];
      addColumnSums(g.downBias, dx, tokens, d);
      addInto(g.down, await this.gemm.run({ data: a, rows: tokens, cols: dFf }, { data: dx, rows: tokens, cols: d }, { transA: true }));
      const du = await this.gemm.run({ data: dx, rows: tokens, cols: d }, { data: f.down, rows: dFf, cols: d }, { transB: true });
      for (let i = 0; i < du.length; i++) {
        const sg = s[i];
        const v = u[i];
        const dz = GELU_C * (1 + 3 * GELU_A * v * v);
        du[i] *= sg + v * sg * (1 - sg) * 2 * dz;
      }
      addColumnSums(g.upBias, du, tokens, dFf);
      addInto(g.up, await this.gemm.run({ data: x, rows: tokens, cols: d }, { data: du, rows: tokens, cols: dFf }, { transA: true }));
      dx = await this.gemm.run({ data: du, rows: tokens, cols: dFf }, { data: f.up, rows: d, cols: dFf }, { transB: true });
    }
    // dx is now the gradient of stream 0: token embedding + segment embedding (through its dropout mask).
    if (cache.embedMask) for (let i = 0; i < dx.length; i++) dx[i] *= cache.embedMask[i];
    const addEmbedding = (ids: Int32Array, firstRow: number, segment: number) => {
      for (let k = 0; k < ids.length; k++) {
        const row = ids[k];
        markRow(row, touchedRows, rowFlags);
        const e = row * d;
        const o = (firstRow + k) * d;
        for (let j = 0; j < d; j++) {
          const v = dx[o + j];
          grad.embed[e + j] += v;
          grad.segment[segment * d + j] += v;
        }
      }
    };
    addEmbedding(batch.promptIds, 0, 0);
    addEmbedding(batch.responseIds, promptTokens, 1);
  }

  /** Rewards of many texts, in batches (no gradients kept). */
  async rewards(texts: readonly EncodedText[], remap: Int32Array, batchSize = 256): Promise<Float64Array> {
    const out = new Float64Array(texts.length);
    for (let i = 0; i < texts.length; i += batchSize) {
      const { rewards } = await this.forward(packTexts(texts.slice(i, i + batchSize), remap));
      out.set(rewards, i);
    }
    return out;
  }
}

/** Inverted dropout in place: each entry zeroed with probability `rate`, the rest scaled by 1/(1 − rate); returns the mask. */
function applyDropout(x: FloatArray, rate: number, rng: () => number): FloatArray {
  const mask = new (x.constructor as new (n: number) => FloatArray)(x.length);
  const keep = 1 / (1 - rate);
  for (let i = 0; i < x.length; i++) {
    if (rng() >= rate) mask[i] = keep;
    x[i] *= mask[i];
  }
  return mask;
}

/** Writes token + segment embeddings of `ids` into rows firstRow.. of `x`. */
function embedRows(x: FloatArray, firstRow: number, ids: Int32Array, p: Params, segment: number, d: number): void {
  for (let k = 0; k < ids.length; k++) {
    const e = ids[k] * d;
    const o = (firstRow + k) * d;
    for (let j = 0; j < d; j++) x[o + j] = p.embed[e + j] + p.segment[segment * d + j];
  }
}

/** Calls `visit(text, row)` for every token row of every text (prompt and response). */
function forEachTextRow(batch: TextBatch, visit: (text: number, row: number) => void): void {
  const promptTokens = batch.promptStart[batch.count];
  for (let t = 0; t < batch.count; t++) {
    for (let k = batch.promptStart[t]; k < batch.promptStart[t + 1]; k++) visit(t, k);
    for (let k = batch.responseStart[t]; k < batch.responseStart[t + 1]; k++) visit(t, promptTokens + k);
  }
}

/** Mean of each text's prompt rows of `x`, [count, d]; zero for a text without prompt tokens (as the graph's max(count, 1) gives). */
function promptMeans(x: FloatArray, batch: TextBatch, d: number, precision: Precision): FloatArray {
  const means = arrayOf(precision, batch.count * d);
  for (let t = 0; t < batch.count; t++) {
    const from = batch.promptStart[t];
    const to = batch.promptStart[t + 1];
    if (to === from) continue;
    const o = t * d;
    for (let k = from; k < to; k++) for (let j = 0; j < d; j++) means[o + j] += x[k * d + j];
    const inv = 1 / (to - from);
    for (let j = 0; j < d; j++) means[o + j] *= inv;
  }
  return means;
}

/** The backward of {@link promptMeans}: adds dMeans[t] / #prompt tokens to each of text t's prompt rows of `dx`. */
function spreadPromptMeans(dx: FloatArray, dMeans: FloatArray, batch: TextBatch, d: number): void {
  for (let t = 0; t < batch.count; t++) {
    const from = batch.promptStart[t];
    const to = batch.promptStart[t + 1];
    const inv = 1 / (to - from);
    for (let k = from; k < to; k++) for (let j = 0; j < d; j++) dx[k * d + j] += dMeans[t * d + j] * inv;
  }
}

function markRow(row: number, touched: number[], flags: Uint8Array): void {
  if (flags[row]) return;
  flags[row] = 1;
  touched.push(row);
}

function addInto(target: FloatArray, values: FloatArray): void {
  for (let i = 0; i < target.length; i++) target[i] += values[i];
}

function addColumnSums(target: FloatArray, m: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) target[c] += m[o + c];
  }
}
