/**
 * Neuron sites: named tensors whose last axis is the neuron axis, in layer order. Declared
 * sites (metadata `rmlens.sites`) win; otherwise the input of every MatMul/Gemm whose constant
 * weight maps d_in → d_out with d_in > d_out ≥ 2 (FFN down-projections; d_out ≥ 2 leaves out
 * a scalar readout head, d_in > d_out leaves out square and up-projections).
 */
import { batchFeeds, MODEL_INPUTS, type TextBatch } from './batches.ts';
import {
  constantTensors,
  encodeModel,
  feedInputNames,
  intAttribute,
  namedOutput,
  tensorDims,
  topologicalOrder,
  type ModelProto,
  type NodeProto,
} from './onnxGraph.ts';
import { createSession } from './session.ts';
import type { NeuronSite } from './types.ts';
import { BadUserInputError } from '../errors.ts';

export const SITES_METADATA_KEY = 'rmlens.sites';

/** Site names the model declares in its metadata, or null when it declares none. */
export function declaredSiteNames(metadata: Record<string, string>): string[] | null {
  const raw = metadata[SITES_METADATA_KEY];
  if (raw === undefined) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new BadUserInputError(`metadata ${SITES_METADATA_KEY} is not JSON`);
  }
  if (!Array.isArray(parsed) || parsed.length === 0 || !parsed.every((s) => typeof s === 'string')) {
    throw new BadUserInputError(`metadata ${SITES_METADATA_KEY} must be a non-empty JSON array of tensor names`);
  }
  if (new Set(parsed).size !== parsed.length) throw new BadUserInputError(`metadata ${SITES_METADATA_KEY} names a site twice`);
  return parsed as string[];
}

/**
 * Sites found by the down-projection heuristic, in topological order of their projections: the
 * input of a MatMul/Gemm whose constant weight is [d_in, d_out] with d_in > d_out ≥ 2 — and
 * only when every consumer of that tensor is such a projection. An FFN activation feeds its
 * down-projection alone; a normalised residual stream also feeds square or widening
 * projections (in grouped-query attention its k/v projections narrow it, which alone would
 * pass the size test).
 */
export function discoverSiteNames(model: ModelProto): string[] {
  const graph = requireGraph(model);
  const constants = constantTensors(graph);
  const isDownProjection = (n: NodeProto, input: string): boolean => {
    if ((n.opType !== 'MatMul' && n.opType !== 'Gemm') || n.input[0] !== input) return false;
    // Gemm with transA reads its input transposed: its last axis is not a neuron axis.
    if (n.opType === 'Gemm' && intAttribute(n, 'transA', 0) !== 0) return false;
    const weight = constants.get(n.input[1]);
    if (!weight || weight.dims.length !== 2) return false;
    const dims = tensorDims(weight);
    const [dIn, dOut] = n.opType === 'Gemm' && intAttribute(n, 'transB', 0) !== 0 ? [dims[1], dims[0]] : dims;
    return dIn > dOut && dOut >= 2;
  };
  const nodes = topologicalOrder(graph.node);
  const names: string[] = [];
  for (const n of nodes) {
    const input = n.input[0];
    if (!isDownProjection(n, input) || names.includes(input)) continue;
    const consumers = nodes.filter((c) => c.input.includes(input));
    if (consumers.every((c) => isDownProjection(c, input))) names.push(input);
  }
  if (names.length === 0) throw new BadUserInputError('no neuron sites: metadata declares none and discovery found no down-projection');
  return names;
}

/** Shape and element type of a probed tensor. */
export interface TensorProbe {
  type: string;
  dims: number[];
}

/** A tiny batch (2 rows × 3 tokens, id 0) that any model rmlens accepts can run. */
export function probeBatch(): TextBatch {
  const rows = 2;
  const seq = 3;
  return {
    pairs: 1,
    rows,
    seq,
    lengths: Int32Array.from([seq, seq]),
    inputIds: new BigInt64Array(rows * seq),
    attentionMask: new BigInt64Array(rows * seq).fill(1n),
    tokenTypeIds: new BigInt64Array(rows * seq),
  };
}

/**
 * Types and shapes of intermediate tensors, by exposing them as untyped outputs of a probe
 * model and running the probe batch once (value_info is optional and often stale).
 */
export async function probeTensors(model: ModelProto, names: readonly string[]): Promise<Map<string, TensorProbe>> {
  const graph = requireGraph(model);
  const produced = new Set(graph.node.flatMap((n) => n.output));
  for (const name of names) {
    if (!produced.has(name)) throw new BadUserInputError(`unknown site or tensor '${name}': no node of the graph produces it`);
  }
  const alreadyOutput = new Set(graph.output.map((o) => o.name));
  const probe: ModelProto = {
    ...model,
    graph: { ...graph, output: [...graph.output, ...names.filter((n) => !alreadyOutput.has(n)).map(namedOutput)] },
  };
  const session = await createSession(encodeModel(probe), { threads: 1 });
  try {
    const out = await session.run(batchFeeds(probeBatch(), session.inputNames), names);
    return new Map(names.map((name) => [name, { type: out[name].type, dims: [...out[name].dims] }]));
  } finally {
    await session.close();
  }
}

/** Sites with widths, token axes and flat offsets from probed shapes; rejects non-float or odd-rank tensors. */
export function sitesFromProbes(names: readonly string[], probes: Map<string, TensorProbe>): NeuronSite[] {
  const batch = probeBatch();
  let offset = 0;
  return names.map((name, layer) => {
    const probe = probes.get(name);
    if (!probe) throw new Error(`site '${name}' was not probed`);
    if (probe.type !== 'float32') throw new BadUserInputError(`site '${name}' is ${probe.type}, not float32`);
    const tokenAxis = probe.dims.length === 3 && probe.dims[1] === batch.seq;
    if (probe.dims[0] !== batch.rows || !(tokenAxis || probe.dims.length === 2)) {
      throw new BadUserInputError(`site '${name}' has shape [${probe.dims}] on a [${batch.rows}, ${batch.seq}] batch; expected [batch, width] or [batch, seq, width]`);
    }
    const width = probe.dims[probe.dims.length - 1];
    const site: NeuronSite = { name, layer, width, tokenAxis, offset };
    offset += width;
    return site;
  });
}

/** Throws unless the model's fed inputs are rmlens' token inputs (input_ids and attention_mask required). */
export function checkModelInputs(model: ModelProto): void {
  const inputs = feedInputNames(requireGraph(model));
  const unsupported = inputs.filter((name) => !(MODEL_INPUTS as readonly string[]).includes(name));
  if (unsupported.length > 0) throw new BadUserInputError(`unsupported model input(s) ${unsupported.join(', ')}; rmlens feeds ${MODEL_INPUTS.join(', ')}`);
  for (const required of ['input_ids', 'attention_mask']) {
    if (!inputs.includes(required)) throw new BadUserInputError(`model has no '${required}' input`);
  }
}

/** The model's graph, or an error for a graph-less file. */
export function requireGraph(model: ModelProto) {
  if (!model.graph) throw new BadUserInputError('ONNX model has no graph');
  return model.graph;
}
