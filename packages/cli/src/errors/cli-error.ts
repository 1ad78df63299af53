// The one error base class of the command line: thrown at the edge, caught by `main`.

/** Exit codes every command shares: 0 ok, 1 a documented negative outcome, 2 bad input or usage. */
export const ExitCode = { OK: 0, NEGATIVE: 1, BAD_INPUT: 2 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/**
 * A failure the user can act on. `main` prints `rollgate <command>: <message>` and exits with
 * `exitCode`; the stack is never shown, because the message already says what and where.
 */
export class CliError extends Error {
  constructor(
    /** Stable machine-readable code, e.g. `USAGE`, `FILE_NOT_FOUND`, `INVALID_JSON`. */
    readonly code: string,
    message: string,
    readonly exitCode: number = ExitCode.BAD_INPUT,
  ) {
    super(message);
    this.name = new.target.name;
  }
}
