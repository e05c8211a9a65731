/** The ONNX export reproduces the training forward, declares its sites, and is found by discovery too. */
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { EncodedText } from '../src/data/tokenizer.ts';
import { encodeText, VOCAB_SIZE } from '../src/data/tokenizer.ts';
import { decodeModel, modelMetadata, IR_VERSION, OPSET } from '../src/engine/onnxGraph.ts';
import { discoverSiteNames } from '../src/engine/sites.ts';
import { buildVocabulary } from '../src/train/corpus.ts';
import { checkOnnxParity, exportOnnx, siteNames } from '../src/train/exportOnnx.ts';
import { GemmRunner } from '../src/train/gemm.ts';
import { initParams, paramList, RewardNet, type Architecture } from '../src/train/model.ts';
import { createRng } from '../src/util/random.ts';

const gemm = new GemmRunner('float32');
after(() => gemm.close());

const texts: EncodedText[] = [
  encodeText('\n\nHuman: How do I bake bread?\n\nAssistant:', ' Mix flour, water, salt and yeast, knead, let it rise, then bake.'),
  encodeText('\n\nHuman: How do I bake bread?\n\nAssistant:', ' I cannot help with that.'),
  encodeText('\n\nHuman: Tell me a joke about cats.\n\nAssistant:', ' Why did the cat sit on the computer? To keep an eye on the mouse.'),
  encodeText('', ' A response with no prompt at all.'),
  encodeText('\n\nHuman: Say nothing.\n\nAssistant:', ''),
];

/** A net with every parameter perturbed (so biases and the context matrix matter) over a vocabulary seen in `texts`. */
function perturbedNet(): { net: RewardNet; remap: Int32Array } {
  const { remap, size } = buildVocabulary(texts.map((t) => ({ chosen: t, rejected: t })), 1);
  const arch: Architecture = { vocab: size, d: 16, dFf: 128, layers: 2 };
  const net = new RewardNet(arch, initParams(arch, 3, 'float32'), gemm);
  const rng = createRng(9);
  for (const t of paramList(arch, net.params)) for (let i = 0; i < t.data.length; i++) t.data[i] += 0.3 * (rng() - 0.5);
  return { net, remap };
}

test('ONNX rewards equal the training forward on texts with and without prompts, and with unknown tokens', async () => {
  const { net, remap } = perturbedNet();
  const unknown = encodeText('\n\nHuman: Zyzzyva quetzalcoatl?\n\nAssistant:', ' Xylophone.');
  const bytes = exportOnnx(net, remap, {});
  const diff = await checkOnnxParity(bytes, net, remap, [...texts, unknown]);
  assert.ok(diff < 1e-5, `max diff ${diff}`);
});

test('the parity check fails the build when the export and the training forward disagree', async () => {
  const { net, remap } = perturbedNet();
  const bytes = exportOnnx(net, remap, {});
  net.params.headBias[0] += 0.01;
  await assert.rejects(checkOnnxParity(bytes, net, remap, texts), /disagrees with the training forward/);
});

test('IR 10 / opset 20, metadata as given, sites declared and discoverable, GPT-2 remap inside the graph', () => {
  const { net, remap } = perturbedNet();
  const model = decodeModel(exportOnnx(net, remap, { 'rmlens.sites': JSON.stringify(siteNames(2)), 'rmlens.objective': 'BASE' }));
  assert.equal(model.irVersion, IR_VERSION);
  assert.equal(model.opsetImport[0].version, OPSET);
  assert.deepEqual(modelMetadata(model), { 'rmlens.sites': '["ffn0.act","ffn1.act"]', 'rmlens.objective': 'BASE' });
  // The discovery heuristic finds exactly the declared sites: no other MatMul weight has d_in > d_out ≥ 2.
  assert.deepEqual(discoverSiteNames(model), siteNames(2));
  const graph = model.graph!;
  assert.deepEqual(graph.input.map((i) => i.name), ['input_ids', 'attention_mask', 'token_type_ids']);
  const table = graph.initializer.find((t) => t.name === 'vocab_remap')!;
  assert.deepEqual(table.dims.map(Number), [VOCAB_SIZE]);
  assert.ok(graph.node.some((n) => n.opType === 'Gelu' && n.output[0] === 'ffn0.act'));
});
