/**
 * Progress reporting for sweeps. On a terminal: a live bar on stderr (stdout stays clean for
 * results and --json). Without a terminal (CI logs, pipes): cli-progress's noTTYOutput mode
 * writes a plain line at most every `notTtyIntervalMs` (10 s by default) plus one at the end,
 * so logs stay short. `silentProgress` is for --json runs and tests.
 */
import { SingleBar } from "cli-progress";

export interface ProgressReporter {
  /** Begins a task of `total` steps. */
  readonly start: (total: number, label?: string) => void;
  /** Advances by `steps` (default 1). */
  readonly increment: (steps?: number) => void;
  /** Ends the task (draws the final state). */
  readonly stop: () => void;
}

export const silentProgress: ProgressReporter = {
  start: () => undefined,
  increment: () => undefined,
  stop: () => undefined,
};

export interface ProgressOptions {
  /** Where to draw; defaults to process.stderr. */
  readonly stream?: NodeJS.WritableStream;
  /** Interval between lines when the stream is not a terminal [ms]. */
  readonly notTtyIntervalMs?: number;
}

/** A progress bar for sweeps; see the module comment for terminal and non-terminal behaviour. */
export const createProgress = (options: ProgressOptions = {}): ProgressReporter => {
  const stream = options.stream ?? process.stderr;
  let bar: SingleBar | undefined;
  return {
    start: (total, label = "sweep") => {
      bar?.stop();
      bar = new SingleBar({
        format: "{label} [{bar}] {percentage}% | {value}/{total} | elapsed {duration_formatted} | eta {eta_formatted}",
        stream,
        noTTYOutput: true,
        notTTYSchedule: options.notTtyIntervalMs ?? 10_000,
        hideCursor: true,
        barsize: 30,
        etaBuffer: 50,
        clearOnComplete: false,
      });
      bar.start(total, 0, { label });
    },
    increment: (steps = 1) => bar?.increment(steps),
    stop: () => {
      bar?.stop();
      bar = undefined;
    },
  };
};
