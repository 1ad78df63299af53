/**
 * The one base class for errors @rollgate/analysis throws at its edge. Callers branch on `code`
 * (stable strings), never on the message text.
 */
export class AnalysisError extends Error {
  readonly code: string;
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AnalysisError';
    this.code = code;
  }
}
