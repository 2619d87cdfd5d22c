export { MfaClient, type MfaClientOptions } from './client.ts';
export { MfaError, classify, type MfaErrorCode } from './errors.ts';
export * from './types.ts';
