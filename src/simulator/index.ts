export { createSimulator, type Simulator } from './simulator.ts';
export type { RateLimit, SimulatorOptions } from './context.ts';
export { DEFAULT_OPTIONS as SIMULATOR_DEFAULTS } from './context.ts';
export { DEFAULT_PASSWORD } from './state.ts';
export { totp, verifyTotp, hotp, base32Decode, base32Encode } from './totp.ts';
export type * from './control-types.ts';
