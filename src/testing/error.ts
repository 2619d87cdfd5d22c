/** An error answer of the simulator, named by the call that got it: `POST /__sim/users: 409 conflict: The user already exists.` */
export class SimulatorError extends Error {
  override readonly name = 'SimulatorError';

  constructor(
    readonly method: string,
    readonly path: string,
    /** The HTTP status; 0 when no answer came (a dropped connection, nothing listening). */
    readonly status: number,
    /** Auth0's `error` code, such as `invalid_request`. */
    readonly error: string,
    /** Auth0's `error_description`. */
    readonly description: string,
  ) {
    super(`${method} ${path}: ${status || 'no answer'}${error ? ` ${error}` : ''}${description ? `: ${description}` : ''}`);
  }
}
