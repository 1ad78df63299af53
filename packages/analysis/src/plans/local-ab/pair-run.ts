/** One run of a paired local A/B, from a file row or an event. */
export interface PairRun {
  readonly pairId: string | null;
  readonly arm: string | null;
  readonly value: number | null;
  /** `file:line` or the event uuid, for messages. */
  readonly origin: string;
}
