/**
 * Prefix/suffix split at the sites: the prefix (every node the first site needs) runs once
 * per batch, the instrumented suffix once per ablation condition. Measured exact and ~3×
 * cheaper than full runs for 32 conditions; tiling conditions into one huge batch was slower
 * for attention.
 */
import {
  dataTypeOfOrtType,
  feedInputNames,
  namedOutput,
  topologicalOrder,
  valueInfo,
  withGraph,
  type GraphProto,
  type ModelProto,
  type NodeProto,
} from './onnxGraph.ts';
import { requireGraph, type TensorProbe } from './sites.ts';

/** Which nodes go where, and the tensors that cross the cut. */
export interface SplitPlan {
  prefixNodes: NodeProto[];
  suffixNodes: NodeProto[];
  /** Tensors the prefix computes and the suffix reads (the first site among them). */
  cutTensors: string[];
  /** Graph inputs the suffix reads directly (e.g. attention_mask for pooling in attention). */
  suffixGraphInputs: string[];
}

/**
 * Plans the split at the earliest site in topological order, or returns null when the prefix
 * would be empty (nothing to save).
 */
export function planSplit(model: ModelProto, siteNames: readonly string[]): SplitPlan | null {
  const graph = requireGraph(model);
  const order = topologicalOrder(graph.node);
  const producerIndex = producers(order);
  const siteIndexes = siteNames.map((name) => producerIndex.get(name));
  if (siteIndexes.some((i) => i === undefined)) return null;
  return planAt(graph, order, producerIndex, Math.min(...(siteIndexes as number[])));
}

/** A split at one site: the plan, and the other sites its prefix computes (their activations cannot be edited after the cut). */
export interface SiteSplitPlan extends SplitPlan {
  /** Indexes (layers) of sites other than the cut site that the prefix produces. */
  prefixSites: number[];
}

/**
 * One plan per site (index = layer): the prefix computes everything the site needs, the suffix
 * the rest, the site's activation crossing the cut. Null where the prefix or the suffix would be
 * empty or the site has no producer. A condition that edits no site of a plan's `prefixSites`
 * can run that plan: the prefix once per batch, the suffix once per condition.
 */
export function planSplitsPerSite(model: ModelProto, siteNames: readonly string[]): (SiteSplitPlan | null)[] {
  const graph = requireGraph(model);
  const order = topologicalOrder(graph.node);
  const producerIndex = producers(order);
  return siteNames.map((name, layer) => {
    const at = producerIndex.get(name);
    const plan = at === undefined ? null : planAt(graph, order, producerIndex, at);
    if (!plan) return null;
    const prefixOutputs = new Set(plan.prefixNodes.flatMap((n) => n.output));
    const prefixSites = siteNames.flatMap((other, i) => (i !== layer && prefixOutputs.has(other) ? [i] : []));
    return { ...plan, prefixSites };
  });
}

function producers(order: readonly NodeProto[]): Map<string, number> {
  const producerIndex = new Map<string, number>();
  order.forEach((n, i) => n.output.forEach((o) => o && producerIndex.set(o, i)));
  return producerIndex;
}

/** The split whose prefix is node `first` (in `order`) and its ancestors. */
function planAt(graph: GraphProto, order: readonly NodeProto[], producerIndex: Map<string, number>, first: number): SplitPlan | null {
  // Ancestors of the site's producer: all nodes needed to compute it.
  const inPrefix = new Uint8Array(order.length);
  const pending = [first];
  inPrefix[first] = 1;
  while (pending.length > 0) {
    for (const input of order[pending.pop()!].input) {
      const p = producerIndex.get(input);
      if (p !== undefined && !inPrefix[p]) {
        inPrefix[p] = 1;
        pending.push(p);
      }
    }
  }
  const prefixNodes = order.filter((_, i) => inPrefix[i]);
  const suffixNodes = order.filter((_, i) => !inPrefix[i]);
  if (prefixNodes.length === 0 || suffixNodes.length === 0) return null;

  const prefixOutputs = new Set(prefixNodes.flatMap((n) => n.output));
  const feedInputs = new Set(feedInputNames(graph));
  const suffixReads = new Set(suffixNodes.flatMap((n) => n.input));
  for (const out of graph.output) suffixReads.add(out.name);
  const cutTensors = [...suffixReads].filter((name) => prefixOutputs.has(name));
  const suffixGraphInputs = [...suffixReads].filter((name) => feedInputs.has(name));
  return { prefixNodes, suffixNodes, cutTensors, suffixGraphInputs };
}

/** The prefix and suffix models; `cutProbes` gives each cut tensor's element type (from a probe run). */
export function buildSplitModels(
  model: ModelProto,
  plan: SplitPlan,
  cutProbes: Map<string, TensorProbe>,
): { prefix: ModelProto; suffix: ModelProto } {
  const graph = requireGraph(model);
  const initializersFor = (nodes: NodeProto[]) => {
    const read = new Set(nodes.flatMap((n) => n.input));
    return graph.initializer.filter((t) => read.has(t.name));
  };
  const prefixReads = new Set(plan.prefixNodes.flatMap((n) => n.input));
  const prefix = withGraph(model, {
    nodes: plan.prefixNodes,
    inputs: graph.input.filter((v) => prefixReads.has(v.name) && !graph.initializer.some((t) => t.name === v.name)),
    outputs: plan.cutTensors.map(namedOutput),
    initializers: initializersFor(plan.prefixNodes),
  });
  const cutInputs = plan.cutTensors.map((name) => {
    const probe = cutProbes.get(name);
    if (!probe) throw new Error(`cut tensor '${name}' was not probed`);
    return valueInfo(name, dataTypeOfOrtType(probe.type), probe.dims.map((_, axis) => `${name}__d${axis}`));
  });
  const suffix = withGraph(model, {
    nodes: plan.suffixNodes,
    inputs: [...graph.input.filter((v) => plan.suffixGraphInputs.includes(v.name)), ...cutInputs],
    outputs: graph.output,
    initializers: initializersFor(plan.suffixNodes),
  });
  return { prefix, suffix };
}
