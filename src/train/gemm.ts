/**
 * Matrix products for training, run as one-node ONNX `Gemm` graphs in onnxruntime-node.
 *
 * Measured here (training-notes.md, and again for this module): MLAS runs these products at
 * ~40 GFLOP/s on one thread, ten times a hand-written TS kernel. ORT's CPU Gemm accepts both
 * float32 (training) and float64 (the finite-difference gradient check), so the model math
 * has exactly one implementation whatever the precision.
 */
import { buildModel, encodeModel, node, valueInfo, DataType } from '../engine/onnxGraph.ts';
import { createSession, Tensor, type CheckedSession } from '../engine/session.ts';

export type FloatArray = Float32Array | Float64Array;
export type Precision = 'float32' | 'float64';

/** The typed-array constructor of a precision. */
export function arrayOf(precision: Precision, length: number): FloatArray {
  return precision === 'float32' ? new Float32Array(length) : new Float64Array(length);
}

/** A row-major matrix: its values and [rows, cols]. */
export interface Matrix {
  data: FloatArray;
  rows: number;
  cols: number;
}

/** Options of one product: transpose either operand, add a bias row broadcast over the output rows. */
export interface GemmOptions {
  transA?: boolean;
  transB?: boolean;
  bias?: FloatArray;
}

/**
 * Computes op(A)·op(B) (+ bias) for one precision; sessions are built lazily per
 * (transA, transB, bias) variant and reused. Results are deterministic for a fixed thread
 * count (MLAS splits the output, never the inner sum, across threads).
 */
export class GemmRunner {
  private readonly sessions = new Map<string, Promise<CheckedSession>>();

  constructor(
    readonly precision: Precision,
    private readonly threads = 1,
  ) {}

  /** op(A)·op(B) (+ bias) as a new array of the runner's precision. */
  async run(a: Matrix, b: Matrix, { transA = false, transB = false, bias }: GemmOptions = {}): Promise<FloatArray> {
    const inner = transA ? a.rows : a.cols;
    if (inner !== (transB ? b.cols : b.rows)) {
      throw new Error(`gemm: inner dimensions differ (${a.rows}x${a.cols}${transA ? 'ᵀ' : ''} · ${b.rows}x${b.cols}${transB ? 'ᵀ' : ''})`);
    }
    const session = await this.session(transA, transB, bias !== undefined);
    const type = this.precision;
    const feeds: Record<string, Tensor> = {
      A: new Tensor(type, a.data, [a.rows, a.cols]),
      B: new Tensor(type, b.data, [b.rows, b.cols]),
    };
    if (bias) feeds.C = new Tensor(type, bias, [bias.length]);
    const out = await session.run(feeds);
    return out.Y.data as FloatArray;
  }

  /** Frees the native sessions. */
  async close(): Promise<void> {
    for (const session of this.sessions.values()) await (await session).close();
    this.sessions.clear();
  }

  private session(transA: boolean, transB: boolean, withBias: boolean): Promise<CheckedSession> {
    const key = `${+transA}${+transB}${+withBias}`;
    let session = this.sessions.get(key);
    if (!session) {
      const elem = this.precision === 'float32' ? DataType.FLOAT : DataType.DOUBLE;
      const inputs = [valueInfo('A', elem, ['a0', 'a1']), valueInfo('B', elem, ['b0', 'b1'])];
      if (withBias) inputs.push(valueInfo('C', elem, ['n']));
      const model = buildModel({
        name: `gemm${key}`,
        nodes: [node('Gemm', inputs.map((i) => i.name), ['Y'], { transA: { i: +transA }, transB: { i: +transB } })],
        inputs,
        outputs: [valueInfo('Y', elem, ['m', 'n'])],
        initializers: [],
      });
      session = createSession(encodeModel(model), { threads: this.threads });
      this.sessions.set(key, session);
    }
    return session;
  }
}
