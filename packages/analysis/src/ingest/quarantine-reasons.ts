/**
 * Why an input row was set aside. One reason per row: the first check it fails, in this order.
 * These strings are stable: they appear in `quarantine.reason`, the load report and the CLI.
 */
export const QUARANTINE_REASONS = [
  'invalid UTF-8',
  'malformed JSON',
  'not a JSON object',
  'malformed CSV row',
  'missing uuid',
  'wrong type: uuid',
  'missing event',
  'wrong type: event',
  'missing distinct_id',
  'wrong type: distinct_id',
  'missing timestamp',
  'wrong type: timestamp',
  'bad timestamp',
  'wrong type: properties',
] as const;

export type QuarantineReason = (typeof QUARANTINE_REASONS)[number];
