import type pg from 'pg';

/** Channel the events table notifies on when an insert commits (payload empty: readers re-read). */
export const EVENTS_CHANNEL = 'practice_audit_events';

/** Serialises the DDL below when several processes start on the same database at once. */
const SCHEMA_LOCK_KEY = 7_302_115_001;

/**
 * Appends are serialised by this transaction-scoped advisory lock, taken right before positions are
 * assigned and held until commit. So positions are assigned and committed in one order: once a
 * reader sees position n, every position below n has already committed (the lock is released only
 * after the commit is visible). A reader reading `position > cursor` can therefore never skip an
 * event that commits late with a lower position, and positions have no gaps. The price is one
 * append transaction at a time per database, so each process hands the lock a whole group of
 * appends per transaction (group-commit.ts); the work that needs no lock (reading the stream head,
 * checking ids and revisions, hashing) happens in the caller before it is queued.
 */
const APPEND_LOCK_KEY = 7_302_115_002;

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

-- Appends a group of batches in one transaction: batch i goes to p_stream_ids[i], hashed on that
-- stream's head being p_head_revisions[i] (-1: no stream), its events a JSON array in p_events[i].
-- One row per batch, in order: the position of its last event; or NULL when the head has moved on
-- since (nothing appended); or, when the database refused it, the error's fields. The head a batch
-- was hashed on must still be the stream's last event, by revision and by hash: a writer may hash
-- on a head it has not read (one an earlier append of its own will leave), which another event can
-- have taken the revision of.
-- First the whole group goes in one subtransaction, in two statements: one reads the head of every
-- stream the group names, one inserts every batch whose head still holds (a batch to a stream an
-- earlier batch of the group wrote to is checked against the head that one left). Only if the
-- database refuses something in it is that undone and each batch written in its own (a block with
-- an EXCEPTION clause is a savepoint), so a refused batch leaves no trace, the positions after it
-- close up, and the others still commit together. The JSON is cast inside the subtransaction too:
-- one batch's bad JSON refuses only that batch.
-- It runs as one statement, so the lock below is held from before positions are assigned until
-- commit with no round trip to the client in between. VOLATILE: each query inside takes a fresh
-- snapshot, so the queries after the lock see every append that committed before it was granted.
CREATE OR REPLACE FUNCTION events_append_group(p_stream_ids text[], p_head_revisions integer[], p_events text[])
RETURNS TABLE (last_position bigint, failure jsonb) LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_count integer := coalesce(array_length(p_stream_ids, 1), 0);
  v_last bigint[];
  v_parsed jsonb[];
  v_heads jsonb;
  v_known jsonb;
  v_take integer[] := '{}';
  v_base bigint[] := '{}';
  v_events jsonb;
  v_head bigint;
  v_revision integer;
  v_hash text;
  v_code text; v_message text; v_detail text; v_hint text; v_where text;
  v_schema text; v_table text; v_column text; v_data_type text; v_constraint text;
BEGIN
  PERFORM pg_advisory_xact_lock(${APPEND_LOCK_KEY});
  v_last := array_fill(NULL::bigint, ARRAY[v_count]);
  BEGIN
    SELECT coalesce(max(position), 0) INTO v_head FROM events;
    -- Every named stream's head, [revision, hash], keyed by stream id.
    SELECT coalesce(jsonb_object_agg(h.stream_id, jsonb_build_array(h.revision, h.hash)), '{}'::jsonb) INTO v_heads
      FROM (SELECT DISTINCT s.id AS stream_id FROM unnest(p_stream_ids) AS s(id)) AS named
      CROSS JOIN LATERAL (SELECT e.stream_id, e.revision, e.hash FROM events e
                           WHERE e.stream_id = named.stream_id ORDER BY e.revision DESC LIMIT 1) AS h;
    FOR i IN 1 .. v_count LOOP
      v_events := p_events[i]::jsonb;
      v_parsed[i] := v_events;
      v_known := v_heads->p_stream_ids[i];
      v_revision := (v_known->>0)::integer;
      v_hash := v_known->>1;
      IF coalesce(v_revision, -1) = p_head_revisions[i] AND (v_revision IS NULL OR v_hash = v_events->0->>'prevHash') THEN
        v_take := v_take || i;
        v_base := v_base || v_head;
        v_head := v_head + jsonb_array_length(v_events);
        v_last[i] := v_head;
        IF jsonb_array_length(v_events) > 0 THEN
          v_heads := v_heads || jsonb_build_object(p_stream_ids[i],
            jsonb_build_array(p_head_revisions[i] + jsonb_array_length(v_events), v_events->-1->>'hash'));
        END IF;
      END IF;
    END LOOP;
    INSERT INTO events (position, stream_id, revision, id, type, data, metadata, prev_hash, hash)
    SELECT b.base + e.ord, p_stream_ids[b.i], p_head_revisions[b.i] + e.ord, (e.v->>'id')::uuid, e.v->>'type', e.v->'data',
           e.v->'metadata', e.v->>'prevHash', e.v->>'hash'
      FROM unnest(v_take, v_base) AS b(i, base)
      CROSS JOIN LATERAL jsonb_array_elements(v_parsed[b.i]) WITH ORDINALITY AS e(v, ord);
    FOR i IN 1 .. v_count LOOP
      last_position := v_last[i];
      failure := NULL;
      RETURN NEXT;
    END LOOP;
    RETURN;
  EXCEPTION WHEN OTHERS THEN
    -- Undone: each batch again, in its own subtransaction.
  END;
  FOR i IN 1 .. v_count LOOP
    last_position := NULL;
    failure := NULL;
    BEGIN
      v_events := p_events[i]::jsonb;
      SELECT revision, hash INTO v_revision, v_hash FROM events WHERE stream_id = p_stream_ids[i] ORDER BY revision DESC LIMIT 1;
      IF coalesce(v_revision, -1) = p_head_revisions[i] AND (v_revision IS NULL OR v_hash = v_events->0->>'prevHash') THEN
        SELECT coalesce(max(position), 0) INTO v_head FROM events;
        INSERT INTO events (position, stream_id, revision, id, type, data, metadata, prev_hash, hash)
        SELECT v_head + e.ord, p_stream_ids[i], p_head_revisions[i] + e.ord, (e.v->>'id')::uuid, e.v->>'type', e.v->'data',
               e.v->'metadata', e.v->>'prevHash', e.v->>'hash'
          FROM jsonb_array_elements(v_events) WITH ORDINALITY AS e(v, ord);
        last_position := v_head + jsonb_array_length(v_events);
      END IF;
    EXCEPTION WHEN OTHERS THEN
      GET STACKED DIAGNOSTICS v_code = RETURNED_SQLSTATE, v_message = MESSAGE_TEXT, v_detail = PG_EXCEPTION_DETAIL,
        v_hint = PG_EXCEPTION_HINT, v_where = PG_EXCEPTION_CONTEXT, v_schema = SCHEMA_NAME, v_table = TABLE_NAME,
        v_column = COLUMN_NAME, v_data_type = PG_DATATYPE_NAME, v_constraint = CONSTRAINT_NAME;
      failure := jsonb_build_object('code', v_code, 'message', v_message, 'detail', v_detail, 'hint', v_hint,
        'where', v_where, 'schema', v_schema, 'table', v_table, 'column', v_column, 'dataType', v_data_type,
        'constraint', v_constraint);
    END;
    RETURN NEXT;
  END LOOP;
END
$$;

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
