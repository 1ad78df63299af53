import type { DuckDBConnection } from '@duckdb/node-api';
import { scalar } from './connection-helpers.js';
import { STAGED_ROWS } from './staged-rows.js';

/** The staged rows (file_index, source_row) of stored events that repeat a uuid; see findDuplicateRows. */
export const DUPLICATE_ROWS = 'rollgate_duplicate_rows';
const DUPLICATE_HASHES = 'rollgate_duplicate_hashes';

/**
 * Fills DUPLICATE_ROWS with every staged row of a stored event whose uuid appeared before it in
 * a valid row: in an earlier file of the load, earlier in its file, or (when `againstEvents`)
 * already in `events` from an earlier load; returns how many. The earlier row may be of any
 * event: a uuid's first valid occurrence, by (file order, row order), wins whether or not its
 * event is stored, so a filtered load stores exactly the rows a full load stores of those events.
 *
 * Rows of events that are not stored are never duplicates here: repeated or not, they are counted
 * as not stored. Telling their repeats apart would take a sort of every uuid in the load (about
 * 0.9 s at 10M rows, a quarter of the load) for rows that are never kept.
 *
 * Candidates are 64-bit `hash(uuid)` values (a fixed-width key, far cheaper than the text): the
 * hashes that repeat among the stored rows (found by sorting those rows' hashes and comparing
 * each with the one before it), and the stored rows' hashes that a valid unstored row shares (a
 * semi join probing the unstored rows against the stored hashes). A hash collision only adds a
 * candidate: candidates are then ranked per uuid text, so two different uuids are never collapsed.
 */
export async function findDuplicateRows(conn: DuckDBConnection, againstEvents: boolean): Promise<number> {
  const inEvents = `select s.uuid_hash from ${STAGED_ROWS} as s semi join events as e on s.uuid_hash = hash(e.uuid) where s.stored`;
  await conn.run(`create or replace temp table ${DUPLICATE_HASHES} as
    with stored_hashes as (select uuid_hash from ${STAGED_ROWS} where stored)
    select distinct uuid_hash from (
      select uuid_hash from (
        select uuid_hash, lag(uuid_hash) over (order by uuid_hash) as previous from stored_hashes
      ) where uuid_hash = previous
      union all
      -- (uuid_hash is null on bad rows, so only valid unstored rows can match)
      select s.uuid_hash from ${STAGED_ROWS} as s semi join stored_hashes as h on s.uuid_hash = h.uuid_hash where not s.stored
      ${againstEvents ? `union all ${inEvents}` : ''}
    )`);
  const prior = againstEvents
    ? `, prior as (select distinct e.uuid from events as e semi join candidates as c on e.uuid = c.uuid)`
    : '';
  await conn.run(`create or replace temp table ${DUPLICATE_ROWS} as
    with candidates as (
      select s.file_index, s.source_row, s.uuid, s.stored
      from ${STAGED_ROWS} as s semi join ${DUPLICATE_HASHES} as d on s.uuid_hash = d.uuid_hash
    ),
    ranked as (
      select *, row_number() over (partition by uuid order by file_index, source_row) as occurrence
      from candidates
    )${prior}
    select file_index, source_row
    from ranked
    where stored and (occurrence > 1${againstEvents ? ' or uuid in (select uuid from prior)' : ''})`);
  await conn.run(`drop table ${DUPLICATE_HASHES}`);
  return scalar(conn, `select count(*) from ${DUPLICATE_ROWS}`);
}
