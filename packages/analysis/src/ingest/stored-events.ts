import { sqlLiteral } from './sql-literal.js';

/**
 * SQL that is true when an event name (`eventSql`, a text expression) is one `loadEvents` stores
 * in `events`: every name when `storeEvents` is undefined (the default), else the names listed
 * (none when the list is empty). Rows whose event is not listed are still validated, counted and
 * checked for duplicate uuids; they are only not stored.
 */
export function storedEventSql(eventSql: string, storeEvents: readonly string[] | undefined): string {
  if (storeEvents === undefined) return 'true';
  if (storeEvents.length === 0) return 'false';
  return `(${eventSql} in (${[...new Set(storeEvents)].map(sqlLiteral).join(', ')}))`;
}
