/**
 * Built-in scenarios, loadable by name. The JSON files in scenarios/ are the source of truth; they
 * are imported as modules (not read from disk) so that library code does no file I/O.
 */
import * as E from "fp-ts/lib/Either.js";
import paperFig3 from "../../scenarios/paper-fig3.json" with { type: "json" };
import paperFig4 from "../../scenarios/paper-fig4.json" with { type: "json" };
import paperFig5 from "../../scenarios/paper-fig5.json" with { type: "json" };
import singleQubitMachine from "../../scenarios/single-qubit-machine.json" with { type: "json" };
import { parseScenario, type Scenario, type ScenarioError } from "./scenario.js";

const BUILT_IN: Readonly<Record<string, unknown>> = {
  "paper-fig3": paperFig3,
  "paper-fig4": paperFig4,
  "paper-fig5": paperFig5,
  "single-qubit-machine": singleQubitMachine,
};

export const builtinScenarioNames: readonly string[] = Object.keys(BUILT_IN);

export const isBuiltinScenario = (name: string): boolean => Object.prototype.hasOwnProperty.call(BUILT_IN, name);

/** A built-in scenario by name (validated like any file). */
export const builtinScenario = (name: string): E.Either<ScenarioError, Scenario> =>
  isBuiltinScenario(name)
    ? parseScenario(BUILT_IN[name])
    : E.left({ kind: "ScenarioError", message: `unknown built-in scenario "${name}"; the built-ins are ${builtinScenarioNames.join(", ")} (or give a path to a .json file)` });
