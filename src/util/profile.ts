/**
 * An opt-in profile by phase (`npm run bench`'s cold-study profile): wall time and process CPU
 * time (user + system, every thread of the process, so onnxruntime's intra-op threads count)
 * charged to the innermost phase running, so the phases add up to the whole. Off by default:
 * every hook is one null check then.
 *
 * Phases nest (an ORT run inside an ablation computation is charged to 'ORT runs', the rest of
 * that computation to its own phase). The accounting assumes one computation at a time, as the
 * CLI runs a study: concurrent phases on one thread would be charged to whichever entered last.
 */

/** Where a study spends its time; 'other' is everything outside a named phase. */
export type Phase =
  | 'tokenising'
  | 'batching'
  | 'ORT runs'
  | 'ablations in workers'
  | 'engine JS (accumulation)'
  | 'bootstrap'
  | 'SQLite reads'
  | 'SQLite writes'
  | 'model load and sessions'
  | 'other';

export interface PhaseTotals {
  wallMs: number;
  cpuMs: number;
  /** Times the phase was entered. */
  calls: number;
}

class Profiler {
  readonly totals = new Map<Phase, PhaseTotals>();
  private readonly stack: Phase[] = ['other'];
  private lastWall = performance.now();
  private lastCpu = cpuMs();

  enter(phase: Phase): void {
    this.charge();
    this.stack.push(phase);
    this.totalsOf(phase).calls++;
  }

  exit(): void {
    this.charge();
    if (this.stack.length > 1) this.stack.pop();
  }

  /** Charges the time since the last mark to the phase on top of the stack. */
  charge(): void {
    const wall = performance.now();
    const cpu = cpuMs();
    const t = this.totalsOf(this.stack[this.stack.length - 1]);
    t.wallMs += wall - this.lastWall;
    t.cpuMs += cpu - this.lastCpu;
    this.lastWall = wall;
    this.lastCpu = cpu;
  }

  private totalsOf(phase: Phase): PhaseTotals {
    let t = this.totals.get(phase);
    if (!t) this.totals.set(phase, (t = { wallMs: 0, cpuMs: 0, calls: 0 }));
    return t;
  }
}

function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

let active: Profiler | null = null;

/** Starts profiling (replacing any profile running). */
export function startProfile(): void {
  active = new Profiler();
}

/** Stops profiling and returns the totals per phase (null when none was running). */
export function stopProfile(): Map<Phase, PhaseTotals> | null {
  const profiler = active;
  active = null;
  if (!profiler) return null;
  profiler.charge();
  return profiler.totals;
}

/** Runs `fn` charged to `phase` (synchronous work). */
export function profiled<T>(phase: Phase, fn: () => T): T {
  const profiler = active;
  if (!profiler) return fn();
  profiler.enter(phase);
  try {
    return fn();
  } finally {
    profiler.exit();
  }
}

/** Awaits `fn()` charged to `phase`. */
export async function profiledAsync<T>(phase: Phase, fn: () => Promise<T>): Promise<T> {
  const profiler = active;
  if (!profiler) return fn();
  profiler.enter(phase);
  try {
    return await fn();
  } finally {
    profiler.exit();
  }
}
