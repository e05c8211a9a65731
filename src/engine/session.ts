/**
 * onnxruntime-node sessions with the two guards rmlens relies on: a CUDA request that cannot
 * load falls back to CPU with a warning (ORT has no automatic fallback), and every run checks
 * its feed names, because ORT silently ignores unknown feeds (a misspelt mask would mean
 * "no ablation" without any error).
 */
import * as ort from 'onnxruntime-node';
import { profiledAsync } from '../util/profile.ts';
import type { Device } from './types.ts';

/** ORT's tensor, re-exported so callers need not import onnxruntime-node themselves. */
export type Tensor = ort.Tensor;
export const Tensor = ort.Tensor;

export interface SessionOptions {
  device?: Device;
  /** intra-op threads; 2 measured fastest on the 2-core hosts. */
  threads?: number;
  /** Where the CUDA fallback warning goes (default console.warn). */
  warn?: (message: string) => void;
}

/** An ORT session whose `run` refuses unknown and missing feeds. */
export class CheckedSession {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  /** The provider actually used after any fallback. */
  readonly device: Device;
  private readonly session: ort.InferenceSession;
  private readonly inputSet: Set<string>;

  constructor(session: ort.InferenceSession, device: Device) {
    this.session = session;
    this.device = device;
    this.inputNames = session.inputNames;
    this.outputNames = session.outputNames;
    this.inputSet = new Set(session.inputNames);
  }

  /** Runs the session; throws naming any feed the session does not have or any input left unfed. */
  async run(feeds: Record<string, ort.Tensor>, fetches?: readonly string[]): Promise<Record<string, ort.Tensor>> {
    const unknown = Object.keys(feeds).filter((name) => !this.inputSet.has(name));
    if (unknown.length > 0) {
      throw new Error(`unknown feed name(s) ${unknown.map((n) => `'${n}'`).join(', ')}; inputs are ${this.inputNames.join(', ')}`);
    }
    const missing = this.inputNames.filter((name) => !(name in feeds));
    if (missing.length > 0) throw new Error(`missing feed(s) ${missing.map((n) => `'${n}'`).join(', ')}`);
    const out = await profiledAsync('ORT runs', () => (fetches ? this.session.run(feeds, fetches as string[]) : this.session.run(feeds)));
    return out as Record<string, ort.Tensor>;
  }

  /** Frees the native session. */
  async close(): Promise<void> {
    await this.session.release();
  }
}

/** Creates a checked session from model bytes; 'cuda' falls back to 'cpu' with a warning when CUDA cannot load. */
export function createSession(bytes: Uint8Array, options: SessionOptions = {}): Promise<CheckedSession> {
  return profiledAsync('model load and sessions', () => openSession(bytes, options));
}

async function openSession(bytes: Uint8Array, options: SessionOptions): Promise<CheckedSession> {
  const device = options.device ?? 'cpu';
  const base: ort.InferenceSession.SessionOptions = {
    executionMode: 'sequential',
    intraOpNumThreads: options.threads ?? 2,
  };
  if (device === 'cuda') {
    try {
      return new CheckedSession(await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['cuda'] }), 'cuda');
    } catch (error) {
      const warn = options.warn ?? console.warn;
      warn(`rmlens: CUDA execution provider unavailable (${firstLine(error)}); falling back to CPU`);
    }
  }
  return new CheckedSession(await ort.InferenceSession.create(bytes, { ...base, executionProviders: ['cpu'] }), 'cpu');
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0];
}
