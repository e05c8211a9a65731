/**
 * Adam, dense for every tensor but the embedding, whose rows are updated lazily: only rows
 * that received a gradient in the step move (their moments too), as torch's SparseAdam
 * does. The embedding holds most of the parameters and a batch touches a few hundred rows,
 * so a dense update would dominate the step time.
 */
import type { FloatArray, Precision } from './gemm.ts';
import { paramList, zeroParams, type Architecture, type Params } from './model.ts';

export interface AdamSettings {
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
}

export class Adam {
  private step = 0;
  private readonly m: Params;
  private readonly v: Params;

  constructor(
    private readonly arch: Architecture,
    private readonly settings: AdamSettings,
    precision: Precision,
  ) {
    this.m = zeroParams(arch, precision);
    this.v = zeroParams(arch, precision);
  }

  /** One update of `params` from `grad`; embedding rows outside `touchedRows` are left alone. */
  update(params: Params, grad: Params, touchedRows: readonly number[]): void {
    this.step++;
    const { lr, beta1, beta2, eps } = this.settings;
    const c1 = 1 - beta1 ** this.step;
    const c2 = 1 - beta2 ** this.step;
    const apply = (w: FloatArray, g: FloatArray, m: FloatArray, v: FloatArray, from: number, to: number) => {
      for (let i = from; i < to; i++) {
        const gi = g[i];
        m[i] = beta1 * m[i] + (1 - beta1) * gi;
        v[i] = beta2 * v[i] + (1 - beta2) * gi * gi;
        w[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + eps);
      }
    };
    const p = paramList(this.arch, params);
    const g = paramList(this.arch, grad);
    const m = paramList(this.arch, this.m);
    const v = paramList(this.arch, this.v);
    const d = this.arch.d;
    for (let k = 0; k < p.length; k++) {
      if (p[k].name === 'embed') {
        for (const row of touchedRows) apply(p[k].data, g[k].data, m[k].data, v[k].data, row * d, (row + 1) * d);
      } else {
        apply(p[k].data, g[k].data, m[k].data, v[k].data, 0, p[k].data.length);
      }
    }
  }
}

/** Zeroes a gradient after a step: dense tensors whole, the embedding only on the touched rows. */
export function clearGrad(arch: Architecture, grad: Params, touchedRows: number[], rowFlags: Uint8Array): void {
  const d = arch.d;
  for (const row of touchedRows) {
    grad.embed.fill(0, row * d, (row + 1) * d);
    rowFlags[row] = 0;
  }
  touchedRows.length = 0;
  for (const t of paramList(arch, grad)) if (t.name !== 'embed') t.data.fill(0);
}

/** A fresh gradient buffer of the parameters' shape. */
export function gradBuffer(arch: Architecture, precision: Precision): { grad: Params; touched: number[]; flags: Uint8Array } {
  return { grad: zeroParams(arch, precision), touched: [], flags: new Uint8Array(arch.vocab) };
}
