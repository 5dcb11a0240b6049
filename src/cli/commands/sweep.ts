import type { Command } from "commander";
export const registerSweep = (_program: Command): void => undefined;
