#!/usr/bin/env node
// Entry point: registers the TypeScript loader and hands over to the CLI.
import { register } from "tsx/esm/api";
// A reader that stops early (`qthermo ... | head -1`) closes the pipe: that is not an error of ours,
// so end quietly instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}
register();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
