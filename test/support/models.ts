/**
 * Reward models built in tests, from given weights, with plain TypeScript forward passes that
 * share no code with onnxruntime: the independent truth the engine is checked against.
 * Parameterisable so analysis tests can plant known neurons (set weights, get bytes).
 *
 * MLP RM: embedding (GPT-2 ids, or hashed ids `id mod vocab` when vocab < 50257), optional
 * segment embedding, per-token FFN layers x += W2·gelu(W1·x + b1) + b2 whose GELU output is
 * the site `mlp<l>/act` [batch, seq, ff], masked mean pooling, optional pooler
 * `Gemm(tanh(Wp·pooled + bp), Wd, transB=1)` whose tanh output is the rank-2 site
 * `pooler/act`, scalar head.
 *
 * Transformer RM: token + position embeddings, per layer single-head masked self-attention
 * (square Wq, Wk, Wv, Wo) and an FFN with site `layer<l>/ffn/act`, masked mean pooling, head.
 */
import { VOCAB_SIZE } from '../../src/data/tokenizer.ts';
import {
  buildModel,
  DataType,
  encodeModel,
  floatTensor,
  int64Tensor,
  node,
  valueInfo,
  type NodeProto,
  type TensorProto,
} from '../../src/engine/onnxGraph.ts';
import { createRng, randomNormal } from '../../src/util/random.ts';

export interface FfnWeights {
  /** [dModel, dFf] row-major. */
  w1: Float32Array;
  b1: Float32Array;
  /** [dFf, dModel]. */
  w2: Float32Array;
  b2: Float32Array;
}

export interface PoolerWeights {
  width: number;
  /** [dModel, width]. */
  wUp: Float32Array;
  bUp: Float32Array;
  /** [dModel, width]: Gemm transB weight, i.e. the [width, dModel] projection transposed. */
  wDown: Float32Array;
  bDown: Float32Array;
}

export interface MlpWeights {
  vocab: number;
  dModel: number;
  dFf: number;
  /** [vocab, dModel]. */
  embedding: Float32Array;
  /** [2, dModel] when the model reads token_type_ids. */
  segmentEmbedding?: Float32Array;
  layers: FfnWeights[];
  pooler?: PoolerWeights;
  /** [dModel]. */
  head: Float32Array;
  headBias: number;
}

export interface AttentionWeights {
  /** Each [dModel, dModel]. */
  wq: Float32Array;
  wk: Float32Array;
  wv: Float32Array;
  wo: Float32Array;
}

export interface TransformerWeights {
  vocab: number;
  dModel: number;
  dFf: number;
  maxSeq: number;
  embedding: Float32Array;
  /** [maxSeq, dModel]. */
  positions: Float32Array;
  layers: Array<{ attention: AttentionWeights; ffn: FfnWeights }>;
  head: Float32Array;
  headBias: number;
}

export interface ModelBuildOptions {
  metadata?: Record<string, string>;
}

function randomArray(rng: () => number, size: number, scale: number): Float32Array {
  return Float32Array.from({ length: size }, () => randomNormal(rng) * scale);
}

function randomFfn(rng: () => number, dModel: number, dFf: number): FfnWeights {
  return {
    w1: randomArray(rng, dModel * dFf, 1 / Math.sqrt(dModel)),
    b1: randomArray(rng, dFf, 0.1),
    w2: randomArray(rng, dFf * dModel, 1 / Math.sqrt(dFf)),
    b2: randomArray(rng, dModel, 0.1),
  };
}

/** Random MLP RM weights (seeded). */
export function randomMlpWeights(
  options: { seed?: number; vocab?: number; dModel?: number; dFf?: number; layers?: number; pooler?: number; segments?: boolean } = {},
): MlpWeights {
  const rng = createRng(options.seed ?? 1);
  const { vocab = 97, dModel = 8, dFf = 16, layers = 2 } = options;
  return {
    vocab,
    dModel,
    dFf,
    embedding: randomArray(rng, vocab * dModel, 1),
    segmentEmbedding: options.segments ? randomArray(rng, 2 * dModel, 0.5) : undefined,
    layers: Array.from({ length: layers }, () => randomFfn(rng, dModel, dFf)),
    pooler: options.pooler
      ? {
          width: options.pooler,
          wUp: randomArray(rng, dModel * options.pooler, 1 / Math.sqrt(dModel)),
          bUp: randomArray(rng, options.pooler, 0.1),
          wDown: randomArray(rng, dModel * options.pooler, 1 / Math.sqrt(options.pooler)),
          bDown: randomArray(rng, dModel, 0.1),
        }
      : undefined,
    head: randomArray(rng, dModel, 1 / Math.sqrt(dModel)),
    headBias: 0.05,
  };
}

/** Random transformer RM weights (seeded). */
export function randomTransformerWeights(
  options: { seed?: number; vocab?: number; dModel?: number; dFf?: number; layers?: number; maxSeq?: number } = {},
): TransformerWeights {
  const rng = createRng(options.seed ?? 2);
  const { vocab = 211, dModel = 16, dFf = 32, layers = 2, maxSeq = 256 } = options;
  const square = () => randomArray(rng, dModel * dModel, 1 / Math.sqrt(dModel));
  return {
    vocab,
    dModel,
    dFf,
    maxSeq,
    embedding: randomArray(rng, vocab * dModel, 1),
    positions: randomArray(rng, maxSeq * dModel, 0.3),
    layers: Array.from({ length: layers }, () => ({
      attention: { wq: square(), wk: square(), wv: square(), wo: square() },
      ffn: randomFfn(rng, dModel, dFf),
    })),
    head: randomArray(rng, dModel, 1 / Math.sqrt(dModel)),
    headBias: -0.05,
  };
}

/** Site names of an MLP RM, in layer order. */
export function mlpSiteNames(w: MlpWeights): string[] {
  return [...w.layers.map((_, l) => `mlp${l}/act`), ...(w.pooler ? ['pooler/act'] : [])];
}

/** Site names of a transformer RM, in layer order. */
export function transformerSiteNames(w: TransformerWeights): string[] {
  return w.layers.map((_, l) => `layer${l}/ffn/act`);
}

/** Nodes and initializers shared by both builders. */
class GraphParts {
  nodes: NodeProto[] = [];
  initializers: TensorProto[] = [];
  add(op: string, inputs: string[], output: string, attrs: Parameters<typeof node>[3] = {}): string {
    this.nodes.push(node(op, inputs, [output], attrs));
    return output;
  }
  weight(name: string, dims: number[], values: ArrayLike<number>): string {
    this.initializers.push(floatTensor(name, dims, values));
    return name;
  }
  ints(name: string, values: number[], dims = [values.length]): string {
    this.initializers.push(int64Tensor(name, dims, values));
    return name;
  }
  /** Hashed ids (id mod vocab) unless the vocabulary is GPT-2's own. */
  tokenIds(vocab: number): string {
    return vocab >= VOCAB_SIZE ? 'input_ids' : this.add('Mod', ['input_ids', this.ints('vocab', [vocab], [])], 'ids_hashed');
  }
  ffn(prefix: string, x: string, f: FfnWeights, dModel: number, dFf: number, site: string): string {
    const h = this.add('MatMul', [x, this.weight(`${prefix}/w1`, [dModel, dFf], f.w1)], `${prefix}/h`);
    const hb = this.add('Add', [h, this.weight(`${prefix}/b1`, [dFf], f.b1)], `${prefix}/hb`);
    this.add('Gelu', [hb], site);
    const down = this.add('MatMul', [site, this.weight(`${prefix}/w2`, [dFf, dModel], f.w2)], `${prefix}/down`);
    const downB = this.add('Add', [down, this.weight(`${prefix}/b2`, [dModel], f.b2)], `${prefix}/down_b`);
    return this.add('Add', [x, downB], `${prefix}/out`);
  }
  /** Masked mean over tokens: Σ x·mask / Σ mask → [batch, dModel]. */
  maskedMean(x: string): string {
    const axis1 = this.ints('axis1', [1]);
    const maskF = this.add('Cast', ['attention_mask'], 'mask_f', { to: { i: DataType.FLOAT } });
    const mask3 = this.add('Unsqueeze', [maskF, this.ints('axis2', [2])], 'mask_3d');
    const sum = this.add('ReduceSum', [this.add('Mul', [x, mask3], 'masked'), axis1], 'pool_sum', { keepdims: { i: 0 } });
    const count = this.add('ReduceSum', [mask3, axis1], 'pool_count', { keepdims: { i: 0 } });
    return this.add('Div', [sum, count], 'pooled');
  }
  head(x: string, dModel: number, head: Float32Array, bias: number): string {
    const r = this.add('MatMul', [x, this.weight('head/w', [dModel, 1], head)], 'head_out');
    const rb = this.add('Add', [r, this.weight('head/b', [1], [bias])], 'head_b');
    return this.add('Squeeze', [rb, this.ints('axis_last', [1])], 'reward');
  }
  bytes(name: string, extraInputs: string[], options: ModelBuildOptions): Uint8Array {
    return encodeModel(
      buildModel({
        name,
        nodes: this.nodes,
        initializers: this.initializers,
        inputs: ['input_ids', 'attention_mask', ...extraInputs].map((n) => valueInfo(n, DataType.INT64, ['batch', 'seq'])),
        outputs: [valueInfo('reward', DataType.FLOAT, ['batch'])],
        metadata: options.metadata,
      }),
    );
  }
}

/** ONNX bytes of an MLP RM with the given weights. */
export function mlpRewardModel(w: MlpWeights, options: ModelBuildOptions = {}): Uint8Array {
  const g = new GraphParts();
  let x = g.add('Gather', [g.weight('embedding', [w.vocab, w.dModel], w.embedding), g.tokenIds(w.vocab)], 'embedded');
  if (w.segmentEmbedding) {
    const seg = g.add('Gather', [g.weight('segment_embedding', [2, w.dModel], w.segmentEmbedding), 'token_type_ids'], 'segment');
    x = g.add('Add', [x, seg], 'embedded_seg');
  }
  w.layers.forEach((f, l) => {
    x = g.ffn(`mlp${l}`, x, f, w.dModel, w.dFf, `mlp${l}/act`);
  });
  let pooled = g.maskedMean(x);
  if (w.pooler) {
    const p = w.pooler;
    const up = g.add('MatMul', [pooled, g.weight('pooler/w_up', [w.dModel, p.width], p.wUp)], 'pooler/up');
    const upB = g.add('Add', [up, g.weight('pooler/b_up', [p.width], p.bUp)], 'pooler/up_b');
    g.add('Tanh', [upB], 'pooler/act');
    const down = g.add(
      'Gemm',
      ['pooler/act', g.weight('pooler/w_down', [w.dModel, p.width], p.wDown), g.weight('pooler/b_down', [w.dModel], p.bDown)],
      'pooler/down',
      { transB: { i: 1 } },
    );
    pooled = g.add('Add', [pooled, down], 'pooler/out');
  }
  g.head(pooled, w.dModel, w.head, w.headBias);
  return g.bytes('mlp_rm', w.segmentEmbedding ? ['token_type_ids'] : [], options);
}

/** ONNX bytes of a two-layer-style transformer RM with the given weights. */
export function transformerRewardModel(w: TransformerWeights, options: ModelBuildOptions = {}): Uint8Array {
  const g = new GraphParts();
  const d = w.dModel;
  const tokens = g.add('Gather', [g.weight('embedding', [w.vocab, d], w.embedding), g.tokenIds(w.vocab)], 'embedded');
  const shape = g.add('Shape', ['input_ids'], 'ids_shape');
  const seqLen = g.add('Gather', [shape, g.ints('one', [1], [])], 'seq_len');
  const range = g.add('Range', [g.ints('zero', [0], []), seqLen, g.ints('step', [1], [])], 'positions_ids');
  const pos = g.add('Gather', [g.weight('positions', [w.maxSeq, d], w.positions), range], 'position_vectors');
  let x = g.add('Add', [tokens, pos], 'x0');
  // Additive key mask: 0 for tokens, -1e9 for padding, [batch, 1, seq].
  const maskF = g.add('Cast', ['attention_mask'], 'attn_mask_f', { to: { i: DataType.FLOAT } });
  const inverted = g.add('Sub', [g.weight('one_f', [], [1]), maskF], 'attn_mask_inv');
  const bias = g.add('Mul', [inverted, g.weight('neg_big', [], [-1e9])], 'attn_bias2d');
  const bias3 = g.add('Unsqueeze', [bias, g.ints('axis1_attn', [1])], 'attn_bias');
  w.layers.forEach(({ attention: a, ffn }, l) => {
    const p = `layer${l}`;
    const q = g.add('MatMul', [x, g.weight(`${p}/wq`, [d, d], a.wq)], `${p}/q`);
    const k = g.add('MatMul', [x, g.weight(`${p}/wk`, [d, d], a.wk)], `${p}/k`);
    const v = g.add('MatMul', [x, g.weight(`${p}/wv`, [d, d], a.wv)], `${p}/v`);
    const kt = g.add('Transpose', [k], `${p}/kt`, { perm: { ints: [0, 2, 1] } });
    const scores = g.add('MatMul', [q, kt], `${p}/scores`);
    const scaled = g.add('Mul', [scores, g.weight(`${p}/scale`, [], [1 / Math.sqrt(d)])], `${p}/scaled`);
    const masked = g.add('Add', [scaled, bias3], `${p}/masked_scores`);
    const probs = g.add('Softmax', [masked], `${p}/probs`, { axis: { i: -1 } });
    const ctx = g.add('MatMul', [probs, v], `${p}/ctx`);
    const o = g.add('MatMul', [ctx, g.weight(`${p}/wo`, [d, d], a.wo)], `${p}/attn_out`);
    const residual = g.add('Add', [x, o], `${p}/attn_res`);
    x = g.ffn(`${p}/ffn`, residual, ffn, d, w.dFf, `${p}/ffn/act`);
  });
  g.head(g.maskedMean(x), d, w.head, w.headBias);
  return g.bytes('transformer_rm', [], options);
}

/** erf to ~1e-15 (series for small |x|, continued fraction beyond): GELU's reference. */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    let term = ax;
    let sum = ax;
    for (let n = 1; n < 100; n++) {
      term *= (-ax * ax) / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17) break;
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  // erfc continued fraction (Lentz), accurate for large |x|.
  let f = ax;
  for (let k = 60; k >= 1; k--) f = ax + k / 2 / f;
  const erfc = Math.exp(-ax * ax) / Math.sqrt(Math.PI) / f;
  return Math.sign(x) * (1 - erfc);
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)), as ONNX Gelu with approximate = 'none'. */
export function gelu(x: number): number {
  return 0.5 * x * (1 + erf(x / Math.SQRT2));
}

/**
 * Called on every site activation vector before the model reads it: `layer` is the site's
 * layer, `token` the token index (null for the rank-2 pooler site). Edit in place to ablate.
 */
export type SiteHook = (layer: number, token: number | null, activation: Float64Array) => void;

/** One text's reward and its site activations ([layer][token] vectors; pooler: one vector), in float64. */
export function mlpForward(
  w: MlpWeights,
  ids: ArrayLike<number>,
  segments?: ArrayLike<number>,
  hook?: SiteHook,
): { reward: number; activations: Float64Array[][] } {
  const d = w.dModel;
  const activations: Float64Array[][] = [];
  const xs = Array.from(ids, (id, t) => {
    const row = (id % w.vocab) * d;
    const x = Float64Array.from({ length: d }, (_, i) => w.embedding[row + i]);
    if (w.segmentEmbedding) for (let i = 0; i < d; i++) x[i] += w.segmentEmbedding[(segments?.[t] ?? 0) * d + i];
    return x;
  });
  w.layers.forEach((f, l) => {
    activations.push(
      xs.map((x, t) => {
        const act = new Float64Array(w.dFf);
        for (let j = 0; j < w.dFf; j++) {
          let h = f.b1[j];
          for (let i = 0; i < d; i++) h += x[i] * f.w1[i * w.dFf + j];
          act[j] = gelu(h);
        }
        hook?.(l, t, act);
        for (let i = 0; i < d; i++) {
          let o = f.b2[i];
          for (let j = 0; j < w.dFf; j++) o += act[j] * f.w2[j * d + i];
          x[i] += o;
        }
        return Float64Array.from(act);
      }),
    );
  });
  const pooled = new Float64Array(d);
  for (const x of xs) for (let i = 0; i < d; i++) pooled[i] += x[i] / xs.length;
  if (w.pooler) {
    const p = w.pooler;
    const act = new Float64Array(p.width);
    for (let j = 0; j < p.width; j++) {
      let h = p.bUp[j];
      for (let i = 0; i < d; i++) h += pooled[i] * p.wUp[i * p.width + j];
      act[j] = Math.tanh(h);
    }
    hook?.(w.layers.length, null, act);
    activations.push([Float64Array.from(act)]);
    const down = new Float64Array(d);
    for (let i = 0; i < d; i++) {
      down[i] = p.bDown[i];
      for (let j = 0; j < p.width; j++) down[i] += act[j] * p.wDown[i * p.width + j];
    }
    for (let i = 0; i < d; i++) pooled[i] += down[i];
  }
  let reward = w.headBias;
  for (let i = 0; i < d; i++) reward += pooled[i] * w.head[i];
  return { reward, activations };
}
