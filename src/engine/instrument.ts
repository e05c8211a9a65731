/**
 * The graph edit behind every engine method, done once per variant and cached by the model.
 *
 * Ablation: each site X is replaced, for all its consumers, by `Add(Mul(X, keep__X), fill__X)`
 * with keep/fill float graph inputs of shape [rows, width]: per example (rows = batch), so
 * one run can carry several conditions, or one row broadcast over the whole batch (rows = 1);
 * Unsqueezed to [rows, 1, width] for token sites. The new nodes
 * sit right after X's producer, which keeps the node list topologically sorted.
 *
 * Statistics: per example, pooled in-graph over valid tokens (Where on the attention mask,
 * so padding never leaks in even when it holds inf): Σ activation and count of activation > 0
 * per neuron, and the valid-token count. Token-level site tensors only when asked (CHANGE
 * needs two models' activations at the same tokens).
 *
 * Response statistics (neuron examples): per example, max and Σ of each neuron over the
 * RESPONSE tokens only (token_type_ids = 1 and not padding), and the response-token count, so
 * a pass over a part returns [batch, width] per site instead of [batch, seq, width].
 */
import {
  DataType,
  floatTensor,
  int64Tensor,
  node,
  topologicalOrder,
  valueInfo,
  withGraph,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from './onnxGraph.ts';
import { requireGraph } from './sites.ts';
import type { NeuronSite } from './types.ts';

/** Which edits a variant carries. */
export interface VariantSpec {
  /** keep/fill inputs at every site. */
  ablate: boolean;
  /** Per-example pooled sums, positive counts and valid-token counts. */
  pooled: boolean;
  /** Token-level site activations. */
  tokens: boolean;
  /** Per-example max and Σ over response tokens, and response-token counts. */
  response: boolean;
  /**
   * With `pooled`: also the per-example counts of activation > 0 (default true). Pearson
   * correlations need only the sums: without the counts the statistics graph makes two passes
   * over each site's activations instead of five.
   */
  positive?: boolean;
}

/** The keep input of a site, float [rows, width]. */
export const keepInput = (site: NeuronSite): string => `keep__${site.name}`;
/** The fill input of a site, float [rows, width]. */
export const fillInput = (site: NeuronSite): string => `fill__${site.name}`;
/** Per-example Σ activation over valid tokens, float [batch, width] (outputs are named by layer: site names may hold any character). */
export const sumOutput = (site: NeuronSite): string => `rmlens__sum__${site.layer}`;
/** Per-example count of valid tokens with activation > 0, float [batch, width]. */
export const positiveOutput = (site: NeuronSite): string => `rmlens__positive__${site.layer}`;
/** Token-level site activation, float [batch, seq, width] (or [batch, width]). */
export const tokensOutput = (site: NeuronSite): string => `rmlens__tokens__${site.layer}`;
/** Valid tokens per example, float [batch]. */
export const COUNT_OUTPUT = 'rmlens__count';
/** Per-example max activation over response tokens, float [batch, width] (rank-2 sites: the activation). */
export const responseMaxOutput = (site: NeuronSite): string => `rmlens__response_max__${site.layer}`;
/** Per-example Σ activation over response tokens, float [batch, width] (rank-2 sites: the activation). */
export const responseSumOutput = (site: NeuronSite): string => `rmlens__response_sum__${site.layer}`;
/** Response tokens per example, float [batch]. */
export const RESPONSE_COUNT_OUTPUT = 'rmlens__response_count';

const AXIS_1 = 'rmlens__axis1';
const AXIS_2 = 'rmlens__axis2';
const ZERO = 'rmlens__zero';
const MASK_BOOL = 'rmlens__mask_bool';
const MASK_BOOL_3 = 'rmlens__mask_bool3';
const LOWEST = 'rmlens__lowest';
const RESPONSE_BOOL = 'rmlens__response_bool';
const RESPONSE_BOOL_3 = 'rmlens__response_bool3';

/**
 * An instrumented copy of `model`: output 0 (the reward) plus the variant's outputs. Sites
 * may be graph inputs (the suffix of a split graph), then their edits come first.
 */
export function instrumentModel(model: ModelProto, sites: readonly NeuronSite[], spec: VariantSpec): ModelProto {
  const graph = requireGraph(model);
  const inputs: ValueInfoProto[] = [...graph.input];
  const initializers: TensorProto[] = [...graph.initializer];
  const outputs: ValueInfoProto[] = [graph.output[0]];
  const bySiteName = new Map(sites.map((s) => [s.name, s]));
  // The tensor consumers read at each site: X itself, or X*keep+fill when ablating.
  const readName = new Map(sites.map((s) => [s.name, spec.ablate ? `${s.name}__instrumented` : s.name]));

  const editsOf = (site: NeuronSite): NodeProto[] => {
    if (!spec.ablate) return [];
    const keep = keepInput(site);
    const fill = fillInput(site);
    inputs.push(valueInfo(keep, DataType.FLOAT, ['mask_rows', site.width]), valueInfo(fill, DataType.FLOAT, ['mask_rows', site.width]));
    const kept = `${site.name}__kept`;
    if (!site.tokenAxis) {
      return [node('Mul', [site.name, keep], [kept]), node('Add', [kept, fill], [readName.get(site.name)!])];
    }
    return [
      node('Unsqueeze', [keep, AXIS_1], [`${keep}__3d`]),
      node('Unsqueeze', [fill, AXIS_1], [`${fill}__3d`]),
      node('Mul', [site.name, `${keep}__3d`], [kept]),
      node('Add', [kept, `${fill}__3d`], [readName.get(site.name)!]),
    ];
  };

  const rewired = (n: NodeProto): NodeProto =>
    spec.ablate && n.input.some((i) => bySiteName.has(i))
      ? { ...n, input: n.input.map((i) => (bySiteName.has(i) ? readName.get(i)! : i)) }
      : n;

  const nodes: NodeProto[] = [];
  const graphInputNames = new Set(graph.input.map((v) => v.name));
  for (const site of sites) if (graphInputNames.has(site.name)) nodes.push(...editsOf(site));
  for (const n of topologicalOrder(graph.node)) {
    nodes.push(rewired(n));
    for (const out of n.output) {
      const site = bySiteName.get(out);
      if (site) nodes.push(...editsOf(site));
    }
  }
  const placed = new Set(nodes.flatMap((n) => n.output).concat([...graphInputNames]));
  const lost = sites.filter((s) => !placed.has(s.name));
  if (lost.length > 0) throw new Error(`unknown site(s) ${lost.map((s) => s.name).join(', ')}`);

  const needInput = (name: string) => {
    if (!inputs.some((v) => v.name === name)) inputs.push(valueInfo(name, DataType.INT64, ['batch', 'seq']));
  };
  if (spec.ablate || spec.pooled || spec.response) initializers.push(int64Tensor(AXIS_1, [1], [1]));
  if (spec.pooled || spec.response) {
    needInput('attention_mask');
    initializers.push(int64Tensor(AXIS_2, [1], [2]), floatTensor(ZERO, [], [0]));
  }
  if (spec.pooled) {
    nodes.push(
      node('Cast', ['attention_mask'], [MASK_BOOL], { to: { i: DataType.BOOL } }),
      node('Unsqueeze', [MASK_BOOL, AXIS_2], [MASK_BOOL_3]),
      node('Cast', ['attention_mask'], [`${COUNT_OUTPUT}__float`], { to: { i: DataType.FLOAT } }),
      node('ReduceSum', [`${COUNT_OUTPUT}__float`, AXIS_1], [COUNT_OUTPUT], { keepdims: { i: 0 } }),
    );
    outputs.push(valueInfo(COUNT_OUTPUT, DataType.FLOAT, ['batch']));
    for (const site of sites) {
      const positive = spec.positive ?? true;
      nodes.push(...pooledStats(site, readName.get(site.name)!, positive));
      outputs.push(valueInfo(sumOutput(site), DataType.FLOAT, ['batch', site.width]));
      if (positive) outputs.push(valueInfo(positiveOutput(site), DataType.FLOAT, ['batch', site.width]));
    }
  }
  if (spec.response) {
    // Padding has token type 0, so the type alone marks response tokens; the mask is and-ed in
    // anyway so a model fed odd type ids on padding cannot leak padding into the maxima.
    needInput('token_type_ids');
    initializers.push(floatTensor(LOWEST, [], [-Infinity]));
    nodes.push(
      node('Cast', ['token_type_ids'], [`${RESPONSE_BOOL}__type`], { to: { i: DataType.BOOL } }),
      node('Cast', ['attention_mask'], [`${RESPONSE_BOOL}__valid`], { to: { i: DataType.BOOL } }),
      node('And', [`${RESPONSE_BOOL}__type`, `${RESPONSE_BOOL}__valid`], [RESPONSE_BOOL]),
      node('Unsqueeze', [RESPONSE_BOOL, AXIS_2], [RESPONSE_BOOL_3]),
      node('Cast', [RESPONSE_BOOL], [`${RESPONSE_COUNT_OUTPUT}__float`], { to: { i: DataType.FLOAT } }),
      node('ReduceSum', [`${RESPONSE_COUNT_OUTPUT}__float`, AXIS_1], [RESPONSE_COUNT_OUTPUT], { keepdims: { i: 0 } }),
    );
    outputs.push(valueInfo(RESPONSE_COUNT_OUTPUT, DataType.FLOAT, ['batch']));
    const opset = defaultOpset(model);
    for (const site of sites) {
      nodes.push(...responseStats(site, readName.get(site.name)!, opset));
      outputs.push(valueInfo(responseMaxOutput(site), DataType.FLOAT, ['batch', site.width]));
      outputs.push(valueInfo(responseSumOutput(site), DataType.FLOAT, ['batch', site.width]));
    }
  }
  if (spec.tokens) {
    for (const site of sites) {
      nodes.push(node('Identity', [readName.get(site.name)!], [tokensOutput(site)]));
      outputs.push(valueInfo(tokensOutput(site), DataType.FLOAT, site.tokenAxis ? ['batch', 'seq', site.width] : ['batch', site.width]));
    }
  }
  return withGraph(model, { nodes, inputs, outputs, initializers });
}

/** Σ over valid tokens and count of activation > 0 for one site (rank-2 sites: the example itself). */
function pooledStats(site: NeuronSite, x: string, positive: boolean): NodeProto[] {
  const p = `rmlens__${site.layer}`;
  if (!positive) {
    if (!site.tokenAxis) return [node('Identity', [x], [sumOutput(site)])];
    return [
      node('Where', [MASK_BOOL_3, x, ZERO], [`${p}__masked`]),
      node('ReduceSum', [`${p}__masked`, AXIS_1], [sumOutput(site)], { keepdims: { i: 0 } }),
    ];
  }
  if (!site.tokenAxis) {
    return [
      node('Identity', [x], [sumOutput(site)]),
      node('Greater', [x, ZERO], [`${p}__gt`]),
      node('Cast', [`${p}__gt`], [positiveOutput(site)], { to: { i: DataType.FLOAT } }),
    ];
  }
  return [
    node('Where', [MASK_BOOL_3, x, ZERO], [`${p}__masked`]),
    node('ReduceSum', [`${p}__masked`, AXIS_1], [sumOutput(site)], { keepdims: { i: 0 } }),
    // Padding reads 0 after the Where, and 0 is not > 0: no second mask needed.
    node('Greater', [`${p}__masked`, ZERO], [`${p}__gt`]),
    node('Cast', [`${p}__gt`], [`${p}__gt_float`], { to: { i: DataType.FLOAT } }),
    node('ReduceSum', [`${p}__gt_float`, AXIS_1], [positiveOutput(site)], { keepdims: { i: 0 } }),
  ];
}

/**
 * Max and Σ over response tokens for one site (rank-2 sites: the example's activation itself).
 * Non-response positions read −∞ for the max; every text has at least one response token
 * (the tokenizer puts <|endoftext|> in an empty response), so −∞ never comes out.
 */
function responseStats(site: NeuronSite, x: string, opset: number): NodeProto[] {
  if (!site.tokenAxis) {
    return [node('Identity', [x], [responseMaxOutput(site)]), node('Identity', [x], [responseSumOutput(site)])];
  }
  const p = `rmlens__response__${site.layer}`;
  // ReduceMax takes its axes as an input from opset 18 on, as an attribute before.
  const reduceMax = opset >= 18
    ? node('ReduceMax', [`${p}__for_max`, AXIS_1], [responseMaxOutput(site)], { keepdims: { i: 0 } })
    : node('ReduceMax', [`${p}__for_max`], [responseMaxOutput(site)], { keepdims: { i: 0 }, axes: { ints: [1] } });
  return [
    node('Where', [RESPONSE_BOOL_3, x, LOWEST], [`${p}__for_max`]),
    reduceMax,
    node('Where', [RESPONSE_BOOL_3, x, ZERO], [`${p}__for_sum`]),
    node('ReduceSum', [`${p}__for_sum`, AXIS_1], [responseSumOutput(site)], { keepdims: { i: 0 } }),
  ];
}

/** The model's ai.onnx opset version. */
function defaultOpset(model: ModelProto): number {
  const entry = model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx');
  return entry ? Number(entry.version) : 1;
}

/**
 * How one site is edited in an ablation variant, chosen per condition (src/engine/ablationPlan.ts)
 * so each condition pays only for the arithmetic it needs; every kind computes the same numbers
 * as `X · keep + fill` for the conditions it is chosen for:
 * - 'none': the site's slice is the identity (keep 1, fill 0): no edit at all;
 * - 'fold': keep ∈ {0, 1}, fill 0, and every consumer is a MatMul reading the site as its input A
 *   against a constant weight: the keep column scales the weight's rows instead
 *   (W' = W · keep[:, None], width × d_out multiplies per run instead of tokens × width);
 * - 'scale': fill 0: `X · keep`;
 * - 'general': `X · keep + fill`.
 * Feeds: keep__X is [width, 1] for 'fold', [1, width] otherwise; fill__X [1, width] for 'general'.
 */
export type SiteEdit = 'none' | 'fold' | 'scale' | 'general';

/**
 * Whether a site can take the 'fold' edit in `model`: it is not a graph output, and every node
 * reading it is a MatMul with the site as input A and a 2-D constant weight of `width` rows.
 */
export function foldableSite(model: ModelProto, site: NeuronSite): boolean {
  const graph = requireGraph(model);
  if (graph.output.some((o) => o.name === site.name)) return false;
  const weights = new Map(graph.initializer.map((t) => [t.name, t]));
  const consumers = graph.node.filter((n) => n.input.includes(site.name));
  return (
    consumers.length > 0 &&
    consumers.every((n) => {
      if (n.opType !== 'MatMul' || n.input[0] !== site.name || n.input[1] === site.name) return false;
      const w = weights.get(n.input[1]);
      return w !== undefined && w.dims.length === 2 && Number(w.dims[0]) === site.width;
    })
  );
}

/**
 * An ablation variant of `model` (a whole model or the suffix of a split): each site of `sites`
 * present in the graph (produced by a node, or a graph input) gets `edits[site.layer]`; output 0
 * only. Sites absent from the graph must have the edit 'none'.
 */
export function ablationVariant(model: ModelProto, sites: readonly NeuronSite[], edits: readonly SiteEdit[]): ModelProto {
  const graph = requireGraph(model);
  const inputs: ValueInfoProto[] = [...graph.input];
  const initializers: TensorProto[] = [...graph.initializer];
  const graphInputNames = new Set(graph.input.map((v) => v.name));
  const produced = new Set(graph.node.flatMap((n) => n.output));
  const edited = sites.filter((s) => edits[s.layer] !== 'none');
  const absent = edited.filter((s) => !produced.has(s.name) && !graphInputNames.has(s.name));
  if (absent.length > 0) throw new Error(`site(s) ${absent.map((s) => s.name).join(', ')} are not in this graph`);
  // Activation edits: consumers read `<site>__instrumented`. Folds: the site's MatMuls read a scaled weight.
  const readName = new Map<string, string>();
  const foldedWeight = new Map<string, string>(); // `${site}\u0000${weight}` → folded weight name
  const head: NodeProto[] = [];
  const activationEdits = (site: NeuronSite): NodeProto[] => {
    const keep = keepInput(site);
    const fill = fillInput(site);
    const out = `${site.name}__instrumented`;
    const edit = edits[site.layer];
    inputs.push(valueInfo(keep, DataType.FLOAT, [1, site.width]));
    if (edit === 'general') inputs.push(valueInfo(fill, DataType.FLOAT, [1, site.width]));
    const k = site.tokenAxis ? `${keep}__3d` : keep;
    const f = site.tokenAxis ? `${fill}__3d` : fill;
    const nodes: NodeProto[] = [];
    if (site.tokenAxis) nodes.push(node('Unsqueeze', [keep, AXIS_1], [k]));
    if (edit === 'scale') return [...nodes, node('Mul', [site.name, k], [out])];
    if (site.tokenAxis) nodes.push(node('Unsqueeze', [fill, AXIS_1], [f]));
    const kept = `${site.name}__kept`;
    return [...nodes, node('Mul', [site.name, k], [kept]), node('Add', [kept, f], [out])];
  };
  for (const site of edited) {
    const edit = edits[site.layer];
    if (edit === 'fold') {
      if (!foldableSite(model, site)) throw new Error(`site '${site.name}' cannot be folded into its consumers`);
      const keep = keepInput(site);
      inputs.push(valueInfo(keep, DataType.FLOAT, [site.width, 1]));
      for (const n of graph.node.filter((c) => c.input[0] === site.name)) {
        const key = `${site.name}\u0000${n.input[1]}`;
        if (foldedWeight.has(key)) continue;
        const name = `${n.input[1]}__folded__${site.layer}`;
        foldedWeight.set(key, name);
        head.push(node('Mul', [n.input[1], keep], [name]));
      }
    } else {
      readName.set(site.name, `${site.name}__instrumented`);
    }
  }
  const rewired = (n: NodeProto): NodeProto => {
    const folded = n.opType === 'MatMul' ? foldedWeight.get(`${n.input[0]}\u0000${n.input[1]}`) : undefined;
    if (folded) return { ...n, input: [n.input[0], folded, ...n.input.slice(2)] };
    if (!n.input.some((i) => readName.has(i))) return n;
    return { ...n, input: n.input.map((i) => readName.get(i) ?? i) };
  };
  const bySiteName = new Map(edited.filter((s) => readName.has(s.name)).map((s) => [s.name, s]));
  const nodes: NodeProto[] = [...head];
  for (const site of bySiteName.values()) if (graphInputNames.has(site.name)) nodes.push(...activationEdits(site));
  for (const n of topologicalOrder(graph.node)) {
    nodes.push(rewired(n));
    for (const out of n.output) {
      const site = bySiteName.get(out);
      if (site) nodes.push(...activationEdits(site));
    }
  }
  if ([...bySiteName.values()].some((site) => site.tokenAxis)) initializers.push(int64Tensor(AXIS_1, [1], [1]));
  return withGraph(model, { nodes, inputs, outputs: [graph.output[0]], initializers });
}
