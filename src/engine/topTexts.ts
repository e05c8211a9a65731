/**
 * The k best texts of every neuron, kept while streaming: one bounded min-heap per neuron in
 * flat typed arrays (neuron j owns slots j·k … j·k + k − 1), so memory is O(k · neurons) and
 * one offer costs O(1) when the text does not beat the neuron's current k-th best (the common
 * case) and O(log k) when it does. Never a texts × neurons matrix.
 */
import type { TextNumber, TopTexts } from './types.ts';

/** Per-neuron top-k of (value, text), best = highest value, ties by lower text number. */
export class TopTextsBuilder {
  private readonly values: Float64Array;
  private readonly texts: Int32Array;
  private readonly sizes: Int32Array;

  constructor(
    neurons: number,
    private readonly k: number,
  ) {
    if (!Number.isInteger(k) || k < 1) throw new Error(`k must be a positive integer, got ${k}`);
    this.values = new Float64Array(neurons * k);
    this.texts = new Int32Array(neurons * k);
    this.sizes = new Int32Array(neurons);
  }

  /** Offers `text` with `value` to `neuron`'s top-k (NaN is never kept). */
  offer(neuron: number, value: number, text: TextNumber): void {
    if (Number.isNaN(value)) return;
    const base = neuron * this.k;
    const size = this.sizes[neuron];
    if (size < this.k) {
      // Heap not full: append and sift up.
      this.values[base + size] = value;
      this.texts[base + size] = text;
      this.sizes[neuron] = size + 1;
      this.siftUp(base, size);
      return;
    }
    // Full: the root is the worst kept; replace it only when the new text is better.
    if (!this.better(value, text, this.values[base], this.texts[base])) return;
    this.values[base] = value;
    this.texts[base] = text;
    this.siftDown(base, 0);
  }

  /** Each neuron's kept texts, best first; unfilled slots hold text −1 and NaN. */
  finish(): TopTexts {
    const neurons = this.sizes.length;
    const texts = new Int32Array(neurons * this.k).fill(-1);
    const values = new Float64Array(neurons * this.k).fill(NaN);
    const order: number[] = [];
    for (let j = 0; j < neurons; j++) {
      const base = j * this.k;
      const size = this.sizes[j];
      order.length = 0;
      for (let s = 0; s < size; s++) order.push(s);
      order.sort((a, b) => (this.better(this.values[base + a], this.texts[base + a], this.values[base + b], this.texts[base + b]) ? -1 : 1));
      order.forEach((s, r) => {
        texts[base + r] = this.texts[base + s];
        values[base + r] = this.values[base + s];
      });
    }
    return { texts, values, filled: Int32Array.from(this.sizes) };
  }

  private better(va: number, ta: number, vb: number, tb: number): boolean {
    return va > vb || (va === vb && ta < tb);
  }

  /** Whether slot a holds a worse entry than slot b. */
  private worse(a: number, b: number): boolean {
    return this.better(this.values[b], this.texts[b], this.values[a], this.texts[a]);
  }

  /** Min-heap on "better": the parent is worse than (or the same as) its children. */
  private siftUp(base: number, at: number): void {
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!this.worse(base + at, base + parent)) break;
      this.swap(base + parent, base + at);
      at = parent;
    }
  }

  private siftDown(base: number, at: number): void {
    const size = this.k;
    for (;;) {
      let worst = at;
      const left = 2 * at + 1;
      if (left < size && this.worse(base + left, base + worst)) worst = left;
      if (left + 1 < size && this.worse(base + left + 1, base + worst)) worst = left + 1;
      if (worst === at) return;
      this.swap(base + worst, base + at);
      at = worst;
    }
  }

  private swap(a: number, b: number): void {
    const v = this.values[a];
    this.values[a] = this.values[b];
    this.values[b] = v;
    const t = this.texts[a];
    this.texts[a] = this.texts[b];
    this.texts[b] = t;
  }
}
