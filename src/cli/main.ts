/**
 * qthermo command line. The only module that prints, reads files or sets exit codes.
 * Commands are registered in ./commands/*.ts; errors are caught here and shown as one line.
 */
import { Command, CommanderError } from "commander";
import { registerDemo } from "./commands/demo.js";
import { registerTeff } from "./commands/teff.js";
import { registerRun } from "./commands/run.js";
import { registerSweep } from "./commands/sweep.js";
import { registerPaper } from "./commands/paper.js";

export const main = async (argv: readonly string[]): Promise<number> => {
  const program = new Command()
    .name("qthermo")
    .description("Quantum thermodynamics of emitters in out-of-thermal-equilibrium fields")
    .exitOverride();
  registerDemo(program);
  registerTeff(program);
  registerRun(program);
  registerSweep(program);
  registerPaper(program);
  try {
    await program.parseAsync([...argv]);
    return 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode;
    console.error(`qthermo: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
};
