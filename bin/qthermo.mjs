#!/usr/bin/env node
// Entry point: registers the TypeScript loader and hands over to the CLI.
import { register } from "tsx/esm/api";
// The CommonJS hook too: a rate-override formula loads its parser (mathjs, ~1 s to import) with a lazy require.
import { register as registerRequire } from "tsx/cjs/api";
// A reader that stops early (`qthermo ... | head -1`) closes the pipe: that is not an error of ours,
// so end quietly instead of dying on an unhandled EPIPE with a stack trace.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (err) => {
    if (err && err.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw err;
  });
}
register();
registerRequire();
const { main } = await import("../src/cli/main.ts");
process.exitCode = await main(process.argv);
