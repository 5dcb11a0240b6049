/**
 * Steady heat currents (theory/thermodynamics.md §3).
 *
 * With H_0 = sum_e H_{0,e} the bare emitter Hamiltonians (diagonal, level energies E_{e,l}), the
 * energy of emitter e changes as
 *   d<H_{0,e}>/dt = Tr(H_{0,e} L(rho)) = sum_k c_k Tr(H_{0,e} L(a_k, b_k) rho)  +  i Tr([H_int, H_{0,e}] rho),
 * the first sum being the heat current from the field into e through each dissipator channel k, the
 * second the energy e receives from the other emitters by the coherent exchange. For a diagonal
 * H = diag(h) and any a, b:
 *   Tr(H L(a, b) rho) = sum_k sum_{i,j} conj(b_ki) a_kj rho_ji (h_k - (h_i + h_j)/2),
 *   i Tr([H_int, H] rho) = i sum_{i,j} (H_int)_ij (h_j - h_i) rho_ji,
 * which only visits stored entries of the sparse a, b, H_int. At a steady state each emitter's
 * energy is constant, so field + exchange = 0 per emitter; resonant exchange conserves sum_e H_{0,e},
 * so the exchange terms sum to zero and the field currents sum to zero (first law).
 */
import type { CsrMatrix } from "../numeric/csr.js";
import type { NumericMasterEquation } from "../numeric/master-equation.js";
import { HBAR } from "../units.js";

/** Diagonal of one emitter's H_0 on the full space [rad/s], first subsystem most significant. */
export const emitterEnergyDiagonal = (dims: readonly number[], which: number, levelEnergies: readonly number[]): Float64Array => {
  const n = dims.reduce((p, d) => p * d, 1);
  const stride = dims.slice(which + 1).reduce((p, d) => p * d, 1);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = levelEnergies[Math.floor(i / stride) % dims[which]];
  return out;
};

/** Re Tr(diag(h) L(a, b) rho), rho dense row-major interleaved. */
export const dissipatorEnergyFlow = (h: Float64Array, a: CsrMatrix, b: CsrMatrix, rho: Float64Array): { re: number; im: number } => {
  const n = h.length;
  let re = 0;
  let im = 0;
  for (let k = 0; k < n; k++) {
    for (let p = b.rowPtr[k]; p < b.rowPtr[k + 1]; p++) {
      const i = b.colIdx[p];
      const bre = b.values[2 * p];
      const bim = -b.values[2 * p + 1]; // conj(b_ki)
      for (let q = a.rowPtr[k]; q < a.rowPtr[k + 1]; q++) {
        const j = a.colIdx[q];
        const are = a.values[2 * q];
        const aim = a.values[2 * q + 1];
        const w = h[k] - 0.5 * (h[i] + h[j]);
        if (w === 0) continue;
        // conj(b_ki) a_kj
        const xre = bre * are - bim * aim;
        const xim = bre * aim + bim * are;
        // times rho_ji
        const rre = rho[2 * (j * n + i)];
        const rim = rho[2 * (j * n + i) + 1];
        re += w * (xre * rre - xim * rim);
        im += w * (xre * rim + xim * rre);
      }
    }
  }
  return { re, im };
};

/** i Tr([H_int, diag(h)] rho): energy per unit time into the emitter whose H_0 is diag(h). */
export const exchangeEnergyFlow = (h: Float64Array, hint: CsrMatrix, rho: Float64Array): number => {
  const n = h.length;
  let re = 0;
  for (let i = 0; i < n; i++) {
    for (let p = hint.rowPtr[i]; p < hint.rowPtr[i + 1]; p++) {
      const j = hint.colIdx[p];
      const w = h[j] - h[i];
      if (w === 0) continue;
      const hre = hint.values[2 * p];
      const him = hint.values[2 * p + 1];
      const rre = rho[2 * (j * n + i)];
      const rim = rho[2 * (j * n + i) + 1];
      // Re(i * w * H_ij * rho_ji) = -w * Im(H_ij rho_ji)
      re += -w * (hre * rim + him * rre);
    }
  }
  return re;
};

export interface ChannelCurrent {
  /** dissipator label (e.g. "emission q1", "collective emission q1,q2") */
  readonly channel: string;
  readonly emitter: string;
  /** W, positive into the emitter */
  readonly power: number;
}

export interface EmitterCurrents {
  readonly emitter: string;
  /** W: heat from the field into the emitter (sum over channels) */
  readonly fromField: number;
  /** W: energy from the other emitters through the coherent exchange */
  readonly fromExchange: number;
}

export interface HeatCurrents {
  readonly emitters: readonly EmitterCurrents[];
  readonly channels: readonly ChannelCurrent[];
  /** W: sum of all field currents; ~0 at a steady state (first law) */
  readonly total: number;
  /** W: sum of |channel currents|, the scale against which `total` is small */
  readonly scale: number;
}

/**
 * Heat currents of a steady state. `labels[k]` names dissipator k of `me`; `energies[e]` are the
 * level energies of subsystem e (rad/s). Powers in W = hbar * rateUnit * (rates in rateUnit) * (rad/s).
 */
export const heatCurrents = (
  me: NumericMasterEquation,
  labels: readonly string[],
  energies: readonly (readonly number[])[],
  rho: Float64Array,
): HeatCurrents => {
  const toWatts = HBAR * me.rateUnit;
  const channels: ChannelCurrent[] = [];
  const emitters: EmitterCurrents[] = me.names.map((name, e) => {
    const h = emitterEnergyDiagonal(me.dims, e, energies[e]);
    let fromField = 0;
    me.dissipators.forEach((d, k) => {
      const flow = dissipatorEnergyFlow(h, d.a, d.b, rho);
      // c * (re + i im), real part (the Hermitian-conjugate partner channel cancels the imaginary part)
      const power = toWatts * (d.rate.re * flow.re - d.rate.im * flow.im);
      if (power !== 0) channels.push({ channel: labels[k] ?? `dissipator ${k}`, emitter: name, power });
      fromField += power;
    });
    return { emitter: name, fromField, fromExchange: toWatts * exchangeEnergyFlow(h, me.hamiltonian, rho) };
  });
  return {
    emitters,
    channels,
    total: emitters.reduce((s, e) => s + e.fromField, 0),
    scale: channels.reduce((s, c) => s + Math.abs(c.power), 0),
  };
};
