// The one base class of errors this package throws at its edge (invalid options only: the
// provider never throws into an evaluation).

/** Machine-readable error codes of @rollgate/openfeature-server. */
export type RollgateServerErrorCode = 'INVALID_OPTIONS' | 'UNKNOWN_SOURCE_KIND';

export class RollgateServerError extends Error {
  constructor(
    readonly code: RollgateServerErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RollgateServerError';
  }
}
