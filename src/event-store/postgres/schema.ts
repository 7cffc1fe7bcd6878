import type pg from 'pg';

/** Channel the events table notifies on when an insert commits (payload empty: readers re-read). */
export const EVENTS_CHANNEL = 'practice_audit_events';

/** Serialises the DDL below when several processes start on the same database at once. */
const SCHEMA_LOCK_KEY = 7_302_115_001;

/**
 * The append-only events table. Idempotent; safe to run from several processes at once because the
 * whole script runs under one advisory lock (concurrent CREATE ... IF NOT EXISTS can otherwise fail
 * with a unique violation in the catalogue).
 */
const SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS events (
  position    bigint      PRIMARY KEY CHECK (position > 0),
  stream_id   text        NOT NULL,
  revision    integer     NOT NULL CHECK (revision >= 0),
  id          uuid        NOT NULL UNIQUE,
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  metadata    jsonb       NOT NULL,
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (stream_id, revision)
);

-- Nothing is ever edited or deleted: the database itself refuses it, whoever connects. Statement-level,
-- so even an UPDATE or DELETE that matches no row is refused. (A superuser can still disable triggers;
-- the hash chain is what proves nothing was altered.)
CREATE OR REPLACE FUNCTION events_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE OR REPLACE TRIGGER events_append_only
  BEFORE UPDATE OR DELETE OR TRUNCATE ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_refuse_change();

-- Wakes live subscribers. NOTIFY is delivered at commit, so a subscriber never hears of an
-- event it cannot read yet.
CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('${EVENTS_CHANNEL}', '');
  RETURN NULL;
END
$$;
CREATE OR REPLACE TRIGGER events_notify
  AFTER INSERT ON events
  FOR EACH STATEMENT EXECUTE FUNCTION events_notify();
`;

export async function ensureSchema(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1)', [SCHEMA_LOCK_KEY]);
    await client.query(SCHEMA_SQL);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
