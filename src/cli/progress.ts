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

/**
 * Seconds as "45s", "2m5s", "1h3m". cli-progress's own formatter rounds the seconds *after* splitting
 * off the minutes, which prints "1m60s"; here the total is rounded first (to a multiple of
 * `roundToSeconds` above 10 s). An ETA that is not known yet arrives as a string ("0" before the first
 * step, "INF", "NULL") and is shown as "?" rather than a misleading "0s".
 */
export const formatDuration = (seconds: number | string, roundToSeconds = 1): string => {
  if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) return "?";
  const step = seconds > 10 && roundToSeconds > 0 ? roundToSeconds : 1;
  const total = step * Math.round(seconds / step);
  if (total >= 3600) {
    const minutes = Math.round(total / 60);
    return `${Math.floor(minutes / 60)}h${minutes % 60}m`;
  }
  if (total >= 60) return `${Math.floor(total / 60)}m${total % 60}s`;
  return `${total}s`;
};

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
        formatTime: (t: number, _options: unknown, roundToSeconds: number) => formatDuration(t as number | string, roundToSeconds),
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
