/**
 * Worker thread of the sweep pool (./sweep-runner.ts): solves the chunks of points it is sent,
 * keeping one point solver per scenario key so that caches survive between chunks.
 */
import { parentPort } from "node:worker_threads";
import { pointSolver, type ChunkMessage, type ChunkDoneMessage, type PointMessage, type PointResult, type PointValues } from "./sweep-runner.js";

const solvers = new Map<string, (values: PointValues) => PointResult>();

parentPort?.on("message", (m: ChunkMessage) => {
  let solve = solvers.get(m.key);
  if (solve === undefined) {
    solve = pointSolver(m.scenario);
    solvers.set(m.key, solve);
  }
  m.points.forEach((values, k) => {
    const msg: PointMessage = { type: "point", key: m.key, index: m.start + k, result: (solve as (v: PointValues) => PointResult)(values) };
    parentPort?.postMessage(msg);
  });
  const done: ChunkDoneMessage = { type: "chunk-done" };
  parentPort?.postMessage(done);
});
