/**
 * Runs many scenario points (a sweep, or the several sweeps of `qthermo paper`) on a pool of
 * worker threads, one steady state per point. Each worker keeps one `scenarioRunner` per scenario,
 * so the prepared body and the electrodynamics caches (per-frequency responses, kernels of pairs
 * whose geometry a sweep does not change) are reused across all the points it solves.
 *
 * Workers are started from a tiny CommonJS bootstrap that registers tsx before importing
 * ./sweep-worker.ts, so they load TypeScript whether or not the main thread runs under
 * `node --import tsx` (module hooks registered with `register()` in the main thread do not reach
 * worker threads). With `workers: 0` everything runs in the calling thread (tests, tiny grids).
 */
import { Worker } from "node:worker_threads";
import { availableParallelism } from "node:os";
import * as E from "fp-ts/lib/Either.js";
import type { ParameterName } from "../scenario/schema.js";
import { scenarioEnvironment, scenarioPoint, type Scenario } from "../scenario/scenario.js";
import { prepareEnvironment, buildSystemIn, type PreparedEnvironment } from "../emitters/environment.js";
import type { ModelOptions } from "../emitters/options.js";
import { solveSystem } from "../thermo/report.js";
import type { SteadyStateOptions } from "../numeric/steady-state.js";
import type { Task } from "../thermo/temperature.js";
import type { DimensionlessCouplings } from "../emitters/rates.js";
import type { EnvironmentRecord } from "../emitters/system.js";
import type { SteadyReport } from "../thermo/report.js";
import { silentProgress, type ProgressReporter } from "./progress.js";
import { readTextFile } from "./output.js";

export type PointValues = Readonly<Partial<Record<ParameterName, number>>>;

/** What a sweep keeps of one steady state (small enough to send between threads). */
export interface PointOk {
  readonly ok: true;
  /** K per emitter (principal transition) */
  readonly theta: Readonly<Record<string, number>>;
  /** K per emitter */
  readonly T_env: Readonly<Record<string, number>>;
  readonly tasks: Readonly<Record<string, Task>>;
  readonly residual: number;
  readonly relativeResidual: number;
  readonly couplings: DimensionlessCouplings;
  readonly options: ModelOptions;
  readonly environment: EnvironmentRecord;
}

export interface PointFailed {
  readonly ok: false;
  readonly message: string;
}

export type PointResult = PointOk | PointFailed;

/** One sweep to run: a scenario and the parameter values of each point. */
export interface SweepJob {
  /** Unique within one `runSweeps` call; workers cache one runner per key. */
  readonly key: string;
  readonly scenario: Scenario;
  readonly points: readonly PointValues[];
}

export interface RunSweepsOptions {
  /** Worker threads (0: run in this thread). Default: one per core, at most 8. */
  readonly workers?: number;
  readonly progress?: ProgressReporter;
  readonly progressLabel?: string;
  /** Points per message to a worker; default balances about 4 chunks per worker and job. */
  readonly chunkSize?: number;
}

export const pointResultFromReport = (report: SteadyReport): PointOk => ({
  ok: true,
  theta: report.theta,
  T_env: report.T_env,
  tasks: report.tasks,
  residual: report.residual,
  relativeResidual: report.relativeResidual,
  couplings: report.couplings,
  options: report.options,
  environment: report.environment,
});

/**
 * Steady-state solver options for sweeps: the solver's defaults (block reduction, approximate
 * minimum degree, dense tail; right at every size measured in docs/performance.md), without the
 * dense eigenvalue check of rho (`run` keeps it).
 */
export const SWEEP_STEADY_OPTIONS: SteadyStateOptions = { eigenvalueCheckMaxDimension: 0 };

/**
 * Prepared environments (body + field, with the electrodynamics caches inside) of this thread, by
 * environment and far-IR loss. Shared between scenarios: the paper's five sweeps per model all use
 * one body, so each worker prepares it (and warms its caches) once per model, not once per sweep.
 */
const preparedEnvironments = new Map<string, PreparedEnvironment>();
const MAX_PREPARED = 8;

const preparedFor = (s: Scenario, options: ModelOptions): E.Either<{ readonly message: string }, PreparedEnvironment> => {
  const key = JSON.stringify([s.environment, options.farInfraredLoss]);
  const hit = preparedEnvironments.get(key);
  if (hit !== undefined) return E.right(hit);
  const spec = scenarioEnvironment(s, { readTextFile });
  if (E.isLeft(spec)) return spec;
  const prepared = prepareEnvironment(spec.right, options);
  if (E.isLeft(prepared)) return prepared;
  if (preparedEnvironments.size >= MAX_PREPARED) preparedEnvironments.delete(preparedEnvironments.keys().next().value as string);
  preparedEnvironments.set(key, prepared.right);
  return prepared;
};

/**
 * A point solver for one scenario: like `scenarioRunner`, but the prepared environment (and so
 * the electrodynamics caches) is shared by every scenario of this thread with the same body,
 * temperatures and far-IR loss; solves with `SWEEP_STEADY_OPTIONS`.
 */
export const pointSolver = (base: Scenario): ((values: PointValues) => PointResult) => {
  const solve = (values: PointValues): E.Either<{ readonly message: string }, SteadyReport> => {
    const point = scenarioPoint(base, values);
    if (E.isLeft(point)) return point;
    const { scenario, emitters, given, options } = point.right;
    const prepared = preparedFor(scenario, options);
    if (E.isLeft(prepared)) return prepared;
    const system = buildSystemIn(prepared.right, emitters, given);
    if (E.isLeft(system)) return system;
    return solveSystem(system.right, SWEEP_STEADY_OPTIONS);
  };
  return (values) => {
    try {
      const r = solve(values);
      return E.isLeft(r) ? { ok: false, message: r.left.message } : pointResultFromReport(r.right);
    } catch (err) {
      // A bug deeper down must not kill a whole sweep silently: the point records it.
      return { ok: false, message: `internal error: ${err instanceof Error ? err.message : String(err)}` };
    }
  };
};

// ---- messages between the main thread and the workers ----

export interface ChunkMessage {
  readonly type: "chunk";
  readonly key: string;
  readonly scenario: Scenario;
  readonly start: number;
  readonly points: readonly PointValues[];
}

export interface PointMessage {
  readonly type: "point";
  readonly key: string;
  readonly index: number;
  readonly result: PointResult;
}

export interface ChunkDoneMessage {
  readonly type: "chunk-done";
}

interface Chunk {
  readonly job: SweepJob;
  readonly start: number;
  readonly points: readonly PointValues[];
}

/** One worker per core, at most 8 (each worker holds its own electrodynamics caches). */
const defaultWorkers = (): number => Math.max(1, Math.min(8, availableParallelism()));

const chunksOf = (jobs: readonly SweepJob[], workers: number, chunkSize: number | undefined): Chunk[] =>
  jobs.flatMap((job) => {
    const size = chunkSize ?? Math.max(1, Math.ceil(job.points.length / (4 * Math.max(1, workers))));
    const out: Chunk[] = [];
    for (let start = 0; start < job.points.length; start += size) out.push({ job, start, points: job.points.slice(start, start + size) });
    return out;
  });

/** The bootstrap each worker runs: register tsx, then import the TypeScript worker. */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsxApi).then((m) => { m.register(); return import(workerData.entry); }).catch((err) => { throw err; });
`;

/** The ESM entry of tsx's API (the CommonJS one cannot be imported from the bootstrap). */
const tsxApiUrl = (): string => import.meta.resolve("tsx/esm/api");

const startWorker = (): Worker =>
  new Worker(BOOTSTRAP, {
    eval: true,
    workerData: { tsxApi: tsxApiUrl(), entry: new URL("./sweep-worker.ts", import.meta.url).href },
  });

const runInThread = (jobs: readonly SweepJob[], results: Map<string, PointResult[]>, progress: ProgressReporter): void => {
  for (const job of jobs) {
    const solve = pointSolver(job.scenario);
    const out = results.get(job.key) as PointResult[];
    job.points.forEach((p, k) => {
      out[k] = solve(p);
      progress.increment();
    });
  }
};

/**
 * Feeds `chunks` to a pool of workers, one chunk at a time per worker: a worker replies with
 * `{ type: "point", ... }` messages (handed to `onPoint`) and one other message when its chunk is done,
 * which sends it the next. Resolves when every chunk is done; rejects if a worker fails or exits early.
 */
export const drainQueue = <C, P extends { readonly type: "point" }>(
  pool: readonly Worker[],
  chunks: readonly C[],
  onPoint: (message: P) => void,
): Promise<void> => {
  const queue = [...chunks];
  return Promise.all(
    pool.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          const next = (): void => {
            const chunk = queue.shift();
            if (chunk === undefined) resolve();
            else worker.postMessage(chunk);
          };
          worker.on("message", (m: P | { readonly type: string }) => (m.type === "point" ? onPoint(m as P) : next()));
          worker.on("error", reject);
          worker.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`a worker exited with code ${code}`))));
          next();
        }),
    ),
  ).then(() => undefined);
};

/**
 * Solves every point of every job; results come back in point order per job key. Fails (Left)
 * only if a worker thread dies; a point that cannot be solved is a `PointFailed` entry.
 */
export const runSweeps = async (
  jobs: readonly SweepJob[],
  options: RunSweepsOptions = {},
): Promise<E.Either<{ readonly kind: "SweepError"; readonly message: string }, ReadonlyMap<string, readonly PointResult[]>>> => {
  const keys = jobs.map((j) => j.key);
  if (new Set(keys).size !== keys.length) return E.left({ kind: "SweepError", message: `sweep job keys must be unique, got ${keys.join(", ")}` });
  const progress = options.progress ?? silentProgress;
  const total = jobs.reduce((n, j) => n + j.points.length, 0);
  const results = new Map<string, PointResult[]>(jobs.map((j) => [j.key, new Array<PointResult>(j.points.length)]));
  const workers = Math.min(options.workers ?? defaultWorkers(), total);
  progress.start(total, options.progressLabel ?? "sweep");
  if (workers <= 0) {
    runInThread(jobs, results, progress);
    progress.stop();
    return E.right(results);
  }
  const queue = chunksOf(jobs, workers, options.chunkSize);
  const pool = Array.from({ length: workers }, startWorker);
  try {
    await drainQueue(
      pool,
      queue.map((chunk): ChunkMessage => ({ type: "chunk", key: chunk.job.key, scenario: chunk.job.scenario, start: chunk.start, points: chunk.points })),
      (m: PointMessage) => {
        (results.get(m.key) as PointResult[])[m.index] = m.result;
        progress.increment();
      },
    );
  } catch (err) {
    return E.left({ kind: "SweepError", message: `sweep worker failed: ${err instanceof Error ? err.message : String(err)}` });
  } finally {
    progress.stop();
    await Promise.all(pool.map((w) => w.terminate()));
  }
  return E.right(results);
};
