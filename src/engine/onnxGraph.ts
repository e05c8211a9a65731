/**
 * Reading, building and writing ONNX protobuf models.
 *
 * One small vocabulary shared by the instrumenter, the zoo exporter and the tests, so every
 * graph rmlens writes is IR 10 / opset 20 (onnxruntime-node 1.30 refuses IR 14; opset 20 has Gelu).
 */
import { readFile } from 'node:fs/promises';
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  AttributeProtoSchema,
  AttributeProto_AttributeType,
  GraphProtoSchema,
  ModelProtoSchema,
  NodeProtoSchema,
  OperatorSetIdProtoSchema,
  StringStringEntryProtoSchema,
  TensorProtoSchema,
  TensorProto_DataType,
  TensorShapeProtoSchema,
  TensorShapeProto_DimensionSchema,
  TypeProtoSchema,
  TypeProto_TensorSchema,
  ValueInfoProtoSchema,
  type GraphProto,
  type ModelProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from 'onnx-buf';

export type { GraphProto, ModelProto, NodeProto, TensorProto, ValueInfoProto };
export { TensorProto_DataType as DataType };

export const IR_VERSION = 10n;
export const OPSET = 20n;

/** Attribute values by kind; explicit so a float attribute of 1.0 is never written as an int. */
export type AttrValue = { i: number } | { f: number } | { ints: number[] } | { s: string } | { t: TensorProto };

/** Parses an ONNX file's bytes. */
export function decodeModel(bytes: Uint8Array): ModelProto {
  return fromBinary(ModelProtoSchema, bytes);
}

/** Serialises a model to ONNX bytes. */
export function encodeModel(model: ModelProto): Uint8Array {
  return toBinary(ModelProtoSchema, model);
}

/** A float32 initializer or constant. */
export function floatTensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  checkSize(name, dims, values.length);
  const data = Float32Array.from(values);
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.FLOAT,
    rawData: new Uint8Array(data.buffer),
  });
}

/** An int64 initializer or constant. */
export function int64Tensor(name: string, dims: number[], values: ArrayLike<number>): TensorProto {
  checkSize(name, dims, values.length);
  const data = BigInt64Array.from(Array.from(values, (v) => BigInt(v)));
  return create(TensorProtoSchema, {
    name,
    dims: dims.map(BigInt),
    dataType: TensorProto_DataType.INT64,
    rawData: new Uint8Array(data.buffer),
  });
}

function checkSize(name: string, dims: number[], length: number): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length) throw new Error(`tensor ${name}: dims [${dims}] need ${size} values, got ${length}`);
}

/** A tensor's dims as numbers. */
export function tensorDims(t: TensorProto): number[] {
  return t.dims.map(Number);
}

/** One graph node. */
export function node(
  opType: string,
  inputs: string[],
  outputs: string[],
  attrs: Record<string, AttrValue> = {},
  name = `${opType}_${outputs[0]}`,
): NodeProto {
  return create(NodeProtoSchema, {
    opType,
    name,
    input: inputs,
    output: outputs,
    attribute: Object.entries(attrs).map(([key, v]) => attribute(key, v)),
  });
}

function attribute(name: string, v: AttrValue) {
  if ('i' in v) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INT, i: BigInt(v.i) });
  if ('f' in v) return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.FLOAT, f: v.f });
  if ('ints' in v)
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.INTS, ints: v.ints.map(BigInt) });
  if ('s' in v)
    return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.STRING, s: new TextEncoder().encode(v.s) });
  return create(AttributeProtoSchema, { name, type: AttributeProto_AttributeType.TENSOR, t: v.t });
}

/** A typed graph input or output; a string dim is symbolic (e.g. 'batch'). */
export function valueInfo(name: string, elemType: TensorProto_DataType, dims?: (number | string)[]): ValueInfoProto {
  const shape =
    dims &&
    create(TensorShapeProtoSchema, {
      dim: dims.map((d) =>
        create(TensorShapeProto_DimensionSchema, {
          value: typeof d === 'number' ? { case: 'dimValue', value: BigInt(d) } : { case: 'dimParam', value: d },
        }),
      ),
    });
  return create(ValueInfoProtoSchema, {
    name,
    type: create(TypeProtoSchema, { value: { case: 'tensorType', value: create(TypeProto_TensorSchema, { elemType, shape }) } }),
  });
}

/** An untyped value info: enough to expose an intermediate tensor as a graph output. */
export function namedOutput(name: string): ValueInfoProto {
  return create(ValueInfoProtoSchema, { name });
}

export interface GraphSpec {
  name: string;
  nodes: NodeProto[];
  inputs: ValueInfoProto[];
  outputs: ValueInfoProto[];
  initializers: TensorProto[];
  metadata?: Record<string, string>;
}

/** A complete model at rmlens' IR and opset. */
export function buildModel(spec: GraphSpec): ModelProto {
  const graph: GraphProto = create(GraphProtoSchema, {
    name: spec.name,
    node: spec.nodes,
    input: spec.inputs,
    output: spec.outputs,
    initializer: spec.initializers,
  });
  return create(ModelProtoSchema, {
    irVersion: IR_VERSION,
    producerName: 'rmlens',
    opsetImport: [create(OperatorSetIdProtoSchema, { domain: '', version: OPSET })],
    graph,
    metadataProps: Object.entries(spec.metadata ?? {}).map(([key, value]) =>
      create(StringStringEntryProtoSchema, { key, value }),
    ),
  });
}

/** The metadata_props of an ONNX file, without opening a session. */
export async function readModelMetadata(path: string): Promise<Record<string, string>> {
  return modelMetadata(decodeModel(new Uint8Array(await readFile(path))));
}

/** The model's metadata_props as a plain record. */
export function modelMetadata(model: ModelProto): Record<string, string> {
  return Object.fromEntries(model.metadataProps.map((p) => [p.key, p.value]));
}

/** Graph inputs that must be fed: declared inputs without an initializer of the same name. */
export function feedInputNames(graph: GraphProto): string[] {
  const initialized = new Set(graph.initializer.map((t) => t.name));
  return graph.input.map((v) => v.name).filter((name) => !initialized.has(name));
}

/** Constant tensors by name: initializers and the values of `Constant` nodes. */
export function constantTensors(graph: GraphProto): Map<string, TensorProto> {
  const constants = new Map(graph.initializer.map((t) => [t.name, t] as const));
  for (const n of graph.node) {
    if (n.opType !== 'Constant') continue;
    const value = n.attribute.find((a) => a.name === 'value' && a.t);
    if (value?.t) constants.set(n.output[0], value.t);
  }
  return constants;
}

/** An integer attribute of a node, or the fallback when absent. */
export function intAttribute(n: NodeProto, name: string, fallback: number): number {
  const a = n.attribute.find((x) => x.name === name);
  return a ? Number(a.i) : fallback;
}

/**
 * Nodes in a topological order that keeps the file's order wherever the file is already
 * sorted (ONNX requires it, but not every exporter obeys). Iterative DFS: exported graphs
 * are deep enough to overflow recursion.
 */
export function topologicalOrder(nodes: readonly NodeProto[]): NodeProto[] {
  const producer = new Map<string, number>();
  nodes.forEach((n, i) => n.output.forEach((o) => o && producer.set(o, i)));
  const state = new Uint8Array(nodes.length); // 0 new, 1 on stack, 2 emitted
  const order: NodeProto[] = [];
  for (let root = 0; root < nodes.length; root++) {
    if (state[root] !== 0) continue;
    const stack: Array<{ index: number; next: number }> = [{ index: root, next: 0 }];
    state[root] = 1;
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const inputs = nodes[top.index].input;
      if (top.next < inputs.length) {
        const p = producer.get(inputs[top.next++]);
        if (p === undefined || state[p] === 2) continue;
        if (state[p] === 1) throw new Error(`graph has a cycle through node ${nodes[p].name || nodes[p].opType}`);
        state[p] = 1;
        stack.push({ index: p, next: 0 });
      } else {
        state[top.index] = 2;
        order.push(nodes[top.index]);
        stack.pop();
      }
    }
  }
  return order;
}

/** A copy of `model` whose graph is replaced by the given parts (metadata, opsets and IR kept). */
export function withGraph(
  model: ModelProto,
  parts: { nodes: NodeProto[]; inputs: ValueInfoProto[]; outputs: ValueInfoProto[]; initializers: TensorProto[] },
): ModelProto {
  const source = model.graph ?? create(GraphProtoSchema, {});
  // value_info must not redeclare a tensor that became a graph input or output.
  const declared = new Set([...parts.inputs, ...parts.outputs].map((v) => v.name));
  const graph = create(GraphProtoSchema, {
    name: source.name,
    node: parts.nodes,
    input: parts.inputs,
    output: parts.outputs,
    initializer: parts.initializers,
    valueInfo: source.valueInfo.filter((v) => !declared.has(v.name)),
    sparseInitializer: source.sparseInitializer,
  });
  return { ...model, graph };
}

/** The element type ORT names in `Tensor.type`, as an ONNX data type. */
export function dataTypeOfOrtType(type: string): TensorProto_DataType {
  const map: Record<string, TensorProto_DataType> = {
    float32: TensorProto_DataType.FLOAT,
    float16: TensorProto_DataType.FLOAT16,
    float64: TensorProto_DataType.DOUBLE,
    int64: TensorProto_DataType.INT64,
    int32: TensorProto_DataType.INT32,
    int8: TensorProto_DataType.INT8,
    uint8: TensorProto_DataType.UINT8,
    bool: TensorProto_DataType.BOOL,
  };
  const dataType = map[type];
  if (dataType === undefined) throw new Error(`unsupported tensor element type ${type}`);
  return dataType;
}
