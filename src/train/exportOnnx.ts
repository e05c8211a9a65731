/**
 * ONNX export of a trained {@link RewardNet}, written independently of the training forward
 * from onnxGraph.ts ops, and the parity check that makes the build fail when the two
 * disagree.
 *
 * The graph reads GPT-2 `input_ids` (remapped to the compact vocabulary by an int64 Gather
 * table inside the graph), `attention_mask` and `token_type_ids`, and runs the FFN blocks on
 * every token, so each site `ffn<l>.act` is a [batch, seq, d_ff] tensor; prompt tokens reach
 * the reward through the prompt means of block 0's output (`context`) and of the last stream
 * (`query`), as in the training forward. The only non-square
 * MatMul weights with d_in > d_out are the FFN down-projections (the engine's discovery
 * heuristic finds exactly the declared sites); the reward head is a Mul + ReduceSum along a direction
 * from a square `query` matrix.
 */
import { buildModel, DataType, encodeModel, floatTensor, int64Tensor, node, valueInfo, type NodeProto, type TensorProto } from '../engine/onnxGraph.ts';
import { createSession, Tensor } from '../engine/session.ts';
import type { EncodedText } from '../data/tokenizer.ts';
import { VOCAB_SIZE } from '../data/tokenizer.ts';
import type { RewardNet } from './model.ts';

/** Largest |ONNX reward − training reward| a build accepts. */
export const PARITY_TOLERANCE = 1e-4;

/** The neuron-site tensor names of a net with `layers` FFN blocks, in layer order. */
export function siteNames(layers: number): string[] {
  return Array.from({ length: layers }, (_, l) => `ffn${l}.act`);
}

/** The model's ONNX bytes (IR 10, opset 20) with the given metadata_props. */
export function exportOnnx(net: RewardNet, remap: Int32Array, metadata: Record<string, string>): Uint8Array {
  const { vocab, d, dFf } = net.arch;
  const p = net.params;
  if (remap.length !== VOCAB_SIZE) throw new Error(`vocabulary table has ${remap.length} entries, GPT-2 has ${VOCAB_SIZE}`);
  const initializers: TensorProto[] = [
    int64Tensor('vocab_remap', [VOCAB_SIZE], remap),
    floatTensor('embed', [vocab, d], p.embed),
    floatTensor('segment', [2, d], p.segment),
    floatTensor('context', [d, d], p.context),
    floatTensor('query', [d, d], p.query),
    floatTensor('head', [d], p.head),
    floatTensor('head_bias', [1], p.headBias),
    int64Tensor('one_i64', [], [1]),
    floatTensor('one_f', [], [1]),
    int64Tensor('axis_seq', [1], [1]),
    int64Tensor('axis_last', [1], [2]),
  ];
  const nodes: NodeProto[] = [
    node('Gather', ['vocab_remap', 'input_ids'], ['compact_ids'], { axis: { i: 0 } }),
    node('Gather', ['embed', 'compact_ids'], ['token_emb'], { axis: { i: 0 } }),
    node('Gather', ['segment', 'token_type_ids'], ['segment_emb'], { axis: { i: 0 } }),
    node('Add', ['token_emb', 'segment_emb'], ['stream0']),
    // Prompt tokens (type 0, mask 1) and their count, clamped to 1 so that a text without a prompt gets a zero summary.
    node('Sub', ['one_i64', 'token_type_ids'], ['is_prompt']),
    node('Mul', ['is_prompt', 'attention_mask'], ['prompt_mask_i64']),
    node('Cast', ['prompt_mask_i64'], ['prompt_mask_2d'], { to: { i: DataType.FLOAT } }),
    node('Unsqueeze', ['prompt_mask_2d', 'axis_last'], ['prompt_mask']),
    node('ReduceSum', ['prompt_mask', 'axis_seq'], ['prompt_count'], { keepdims: { i: 1 } }),
    node('Max', ['prompt_count', 'one_f'], ['prompt_denominator']),
  ];
  /** Mean of `input` [batch, seq, d] over each text's prompt tokens, into `output` [batch, 1, d]. */
  const promptMean = (input: string, output: string) =>
    nodes.push(
      node('Mul', [input, 'prompt_mask'], [`${output}.masked`]),
      node('ReduceSum', [`${output}.masked`, 'axis_seq'], [`${output}.sum`], { keepdims: { i: 1 } }),
      node('Div', [`${output}.sum`, 'prompt_denominator'], [output]),
    );
  const sites = siteNames(p.ffn.length);
  p.ffn.forEach((f, l) => {
    initializers.push(
      floatTensor(`ffn${l}.up`, [d, dFf], f.up),
      floatTensor(`ffn${l}.up_bias`, [dFf], f.upBias),
      floatTensor(`ffn${l}.down`, [dFf, d], f.down),
      floatTensor(`ffn${l}.down_bias`, [d], f.downBias),
    );
    // Block 0's output is mixed with its prompt summary before it becomes stream 1.
    const out = l === 0 ? 'ffn0.out' : `stream${l + 1}`;
    nodes.push(
      node('MatMul', [`stream${l}`, `ffn${l}.up`], [`ffn${l}.up_out`]),
      node('Add', [`ffn${l}.up_out`, `ffn${l}.up_bias`], [`ffn${l}.pre`]),
      node('Gelu', [`ffn${l}.pre`], [sites[l]], { approximate: { s: 'tanh' } }),
      node('MatMul', [sites[l], `ffn${l}.down`], [`ffn${l}.down_out`]),
      // No residual Add: the block's output is the next stream, so tokens reach the reward only through the sites.
      node('Add', [`ffn${l}.down_out`, `ffn${l}.down_bias`], [out]),
    );
    if (l === 0) {
      // Context mixing: the prompt tokens' mean block-0 output, through the square `context`, added to every token.
      promptMean('ffn0.out', 'context_mean');
      nodes.push(node('MatMul', ['context_mean', 'context'], ['context_vec']), node('Add', ['ffn0.out', 'context_vec'], ['stream1']));
    }
  });
  const last = `stream${p.ffn.length}`;
  promptMean(last, 'readout_mean');
  nodes.push(
    // Reward: the response tokens' (type 1, mask 1) sum / √count, read along the direction below.
    node('Mul', ['token_type_ids', 'attention_mask'], ['response_mask_i64']),
    node('Cast', ['response_mask_i64'], ['response_mask_2d'], { to: { i: DataType.FLOAT } }),
    node('Unsqueeze', ['response_mask_2d', 'axis_last'], ['response_mask']),
    node('Mul', [last, 'response_mask'], ['response_stream']),
    node('ReduceSum', ['response_stream', 'axis_seq'], ['response_sum'], { keepdims: { i: 0 } }),
    node('ReduceSum', ['response_mask', 'axis_seq'], ['response_count'], { keepdims: { i: 0 } }),
    node('Max', ['response_count', 'one_f'], ['response_count_safe']),
    node('Sqrt', ['response_count_safe'], ['response_denominator']),
    node('Div', ['response_sum', 'response_denominator'], ['pooled']),
    // Prompt-dependent readout direction: head + query·(the last stream's mean over the prompt tokens).
    node('MatMul', ['readout_mean', 'query'], ['query_vec_3d']),
    node('Squeeze', ['query_vec_3d', 'axis_seq'], ['query_vec']),
    node('Add', ['query_vec', 'head'], ['direction']),
    node('Mul', ['pooled', 'direction'], ['head_terms']),
    node('ReduceSum', ['head_terms', 'axis_seq'], ['head_sum'], { keepdims: { i: 0 } }),
    node('Add', ['head_sum', 'head_bias'], ['reward']),
  );
  const model = buildModel({
    name: 'rmlens-zoo-reward-model',
    nodes,
    inputs: [
      valueInfo('input_ids', DataType.INT64, ['batch', 'seq']),
      valueInfo('attention_mask', DataType.INT64, ['batch', 'seq']),
      valueInfo('token_type_ids', DataType.INT64, ['batch', 'seq']),
    ],
    outputs: [valueInfo('reward', DataType.FLOAT, ['batch'])],
    initializers,
    metadata,
  });
  return encodeModel(model);
}

/** Right-padded int64 feeds for tokenised texts, as rmlens feeds any model. */
export function paddedFeeds(texts: readonly EncodedText[]): Record<string, Tensor> {
  const seq = Math.max(...texts.map((t) => t.ids.length));
  const ids = new BigInt64Array(texts.length * seq);
  const mask = new BigInt64Array(texts.length * seq);
  const types = new BigInt64Array(texts.length * seq);
  texts.forEach((t, b) => {
    for (let k = 0; k < t.ids.length; k++) {
      ids[b * seq + k] = BigInt(t.ids[k]);
      mask[b * seq + k] = 1n;
      types[b * seq + k] = BigInt(t.segments[k]);
    }
  });
  const dims = [texts.length, seq];
  return {
    input_ids: new Tensor('int64', ids, dims),
    attention_mask: new Tensor('int64', mask, dims),
    token_type_ids: new Tensor('int64', types, dims),
  };
}

/**
 * Runs the exported bytes in onnxruntime-node on `texts` and compares with the training
 * forward; throws when any reward differs by PARITY_TOLERANCE or more. Returns the largest
 * difference.
 */
export async function checkOnnxParity(bytes: Uint8Array, net: RewardNet, remap: Int32Array, texts: readonly EncodedText[]): Promise<number> {
  const session = await createSession(bytes, { threads: 1 });
  try {
    const onnx = (await session.run(paddedFeeds(texts))).reward.data as Float32Array;
    const trained = await net.rewards(texts, remap);
    let worst = 0;
    for (let i = 0; i < texts.length; i++) worst = Math.max(worst, Math.abs(onnx[i] - trained[i]));
    if (!(worst < PARITY_TOLERANCE)) {
      throw new Error(`ONNX export disagrees with the training forward: max |Δreward| = ${worst} ≥ ${PARITY_TOLERANCE} on ${texts.length} texts`);
    }
    return worst;
  } finally {
    await session.close();
  }
}
