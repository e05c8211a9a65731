/** Progress bars for long CLI work, on stderr and only on a terminal, so piped output stays clean. */
import cliProgress from 'cli-progress';

export interface Progress {
  /** Sets the bar to `done` of `total` (the total may change between calls). */
  update(done: number, total: number): void;
  /** Removes the bar. */
  stop(): void;
}

/** A progress bar labelled `label`; a no-op when stderr is not a terminal. */
export function createProgress(label: string): Progress {
  if (!process.stderr.isTTY) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label} [{bar}] {percentage}% | {value}/{total} | {task}`, clearOnComplete: true, hideCursor: true, stream: process.stderr },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done, { task: '' });
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
