import type { Command } from "commander";
export const registerPaper = (_program: Command): void => undefined;
