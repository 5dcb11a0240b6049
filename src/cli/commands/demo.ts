/**
 * `qthermo demo`: the whole symbolic-to-numeric pipeline on the smallest interesting system
 * (issue 2): a three-level machine exchanging excitations with one qubit, thermal local rates.
 * The numbers are illustrative (free-space-like rates ~ omega^3, hot 0-2 transition), not the
 * slab's: `qthermo run` computes those from the Green tensor.
 */
import type { Command } from "commander";
import {
  equationOfMotion,
  equationOfMotionToLatex,
  equationOfMotionToText,
  machineQubitDemo,
  masterEquationToLatex,
  proveHermiticityPreservation,
  proveTracePreservation,
} from "../../algebra/index.js";
import { bindMasterEquation } from "../../numeric/compile.js";
import { reducedState, steadyState } from "../../numeric/index.js";
import { boseEinstein, temperatureFromRatio } from "../../units.js";
import { orThrow } from "../errors.js";

const OMEGA_A = 8.1e12; // rad/s, qubit and machine 1-2 transition
const OMEGA_S = 8.1e13; // rad/s, machine 0-2 transition

/** Thermal rates (emission gamma+, absorption gamma-) of a transition in units of the qubit's free-space rate. */
const thermal = (omega: number, temperature: number): { plus: number; minus: number } => {
  const gamma0 = (omega / OMEGA_A) ** 3;
  const n = boseEinstein(omega, temperature);
  return { plus: gamma0 * (1 + n), minus: gamma0 * n };
};

export const registerDemo = (program: Command): void => {
  program
    .command("demo")
    .description("build a three-level machine + one qubit symbolically, print it, solve its steady state")
    .option("--hot <K>", "temperature seen by the machine's 0-2 transition", "900")
    .option("--cold <K>", "temperature seen by the other transitions", "300")
    .option("--lambda <rate>", "exchange coupling Lambda in units of the qubit's free-space rate", "30")
    .action((opts: { hot: string; cold: string; lambda: string }) => {
      const hot = Number(opts.hot);
      const cold = Number(opts.cold);
      const lambda = Number(opts.lambda);
      for (const [name, v, text] of [["--hot", hot, opts.hot], ["--cold", cold, opts.cold], ["--lambda", lambda, opts.lambda]] as const) {
        // Number("") is 0: an empty value is a mistake, not a zero
        if (text.trim() === "" || !Number.isFinite(v) || (name !== "--lambda" && v <= 0)) {
          throw new Error(`${name} must be a ${name === "--lambda" ? "finite" : "positive"} number, got "${text}"`);
        }
      }
      const demo = orThrow(machineQubitDemo());
      const me = demo.masterEquation;
      console.log("Master equation (interaction picture, hbar = 1):\n");
      console.log(masterEquationToLatex(me));
      const trace = proveTracePreservation(me);
      const herm = proveHermiticityPreservation(me);
      console.log(`\nSymbolic proofs: trace preservation ${trace.holds ? "holds" : "FAILS"}, Hermiticity preservation ${herm.holds ? "holds" : "FAILS"}`);
      const rhs = equationOfMotion(me, demo.qubitExcited);
      console.log("\nEquation of motion of the qubit's excited population:\n");
      console.log(equationOfMotionToLatex(demo.qubitExcited, rhs));
      console.log(`  (plain text: ${equationOfMotionToText(demo.qubitExcited, rhs)})`);

      const q = thermal(OMEGA_A, cold);
      const m01 = thermal(OMEGA_S - OMEGA_A, cold);
      const m02 = thermal(OMEGA_S, hot);
      const m12 = thermal(OMEGA_A, cold);
      const bindings = {
        "gamma+_{q}": q.plus, "gamma-_{q}": q.minus,
        "gamma+_{M01}": m01.plus, "gamma-_{M01}": m01.minus,
        "gamma+_{M02}": m02.plus, "gamma-_{M02}": m02.minus,
        "gamma+_{M12}": m12.plus, "gamma-_{M12}": m12.minus,
        // collective rates bounded by sqrt(gamma_q gamma_M12) keep the rate matrix positive
        "gamma+_{q,M12}": { re: 0.5 * Math.sqrt(q.plus * m12.plus), im: 0 },
        "gamma-_{q,M12}": { re: 0.5 * Math.sqrt(q.minus * m12.minus), im: 0 },
        "Lambda_{q,M12}": lambda,
      };
      const numeric = orThrow(bindMasterEquation(me, bindings));
      const ss = orThrow(steadyState(numeric));
      const rhoQ = orThrow(reducedState(ss.rho, numeric, "q"));
      const rhoM = orThrow(reducedState(ss.rho, numeric, "M"));
      const pg = rhoQ[0];
      const pe = rhoQ[2 * 3];
      const p = [rhoM[0], rhoM[2 * 4], rhoM[2 * 8]];
      console.log(`\nBindings (units of the qubit's free-space rate): T_hot(0-2) = ${hot} K, T_cold = ${cold} K, Lambda = ${lambda}`);
      console.log(`Steady state (Liouvillian ${ss.stats.liouvillianDimension}, residual ${ss.residual.toExponential(2)}):`);
      console.log(`  qubit   p_g = ${pg.toFixed(6)}  p_e = ${pe.toFixed(6)}  theta_q = ${temperatureFromRatio(OMEGA_A, pe / pg).toFixed(1)} K (its environment: ${cold} K)`);
      console.log(`  machine p_0 = ${p[0].toFixed(6)}  p_1 = ${p[1].toFixed(6)}  p_2 = ${p[2].toFixed(6)}  theta_M = ${temperatureFromRatio(OMEGA_A, p[2] / p[1]).toFixed(1)} K`);
      for (const warning of ss.warnings) console.log(`warning: ${warning}`);
    });
};
