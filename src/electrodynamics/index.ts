/**
 * Public surface of the electrodynamics layer (docs/electrodynamics.md). Materials have their own
 * index: ./materials/index.ts.
 */
export { besselJ0, besselJ1, besselJ2 } from "./bessel.js";
export {
  integrate,
  integrateOscillatoryTail,
  wynnEpsilon,
  type QuadratureOptions,
  type QuadratureResult,
  type TailOptions,
  type VectorIntegrand,
} from "./quadrature.js";
export {
  coefficientsAtParallel,
  findPolesOnEvanescentAxis,
  halfSpace,
  slab,
  type BodyError,
  type ModePole,
  type PlanarBody,
  type PlanarResponse,
  type PlaneWaveCoefficients,
} from "./planar.js";
export {
  freeGreen,
  imFreeGreen,
  reflectedGreen,
  slabEmission,
  sommerfeldKernel,
  zeroTensor,
  type KernelOptions,
  type SommerfeldKernel,
  type Tensor3,
  type TensorWithError,
} from "./green.js";
export {
  environment,
  rateError,
  type Environment,
  type FieldTransition,
  type RateError,
  type RateErrorReason,
} from "./environment.js";
export {
  computeRates,
  freeSpaceRate,
  localFieldTemperature,
  scaleRateTable,
  type LocalRates,
  type PairRates,
  type RateOptions,
  type RateTable,
} from "./rates.js";
