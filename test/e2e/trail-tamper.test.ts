import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { chainHash, verifyChain } from '../../src/event-store/hash-chain.js';
import { verifyBundle, type TrailBundle } from '../../src/trail/bundle.js';
import { parsePublicKey } from '../../src/trail/keys.js';
import { TrailWitness } from '../../src/trail/trail-witness.js';
import { startTestApp, type TestApp } from '../support/app.js';
import { allocate, moderatedAudit, setUpAuthority, type Authority } from './lifecycle-fixtures.js';

/**
 * Tampering with stored events directly in PostgreSQL, as a superuser would: the events table's
 * append-only triggers are bypassed with session_replication_role = replica. verifyAuditTrail must
 * report exactly the first revision that no longer holds, whatever was done: an event altered, its
 * hash changed, an event removed from the middle or the end, events reordered, or the chain
 * recomputed after an alteration.
 *
 * Each case tampers with an audit of its own, and never with the newest event in the store
 * (positions after it would otherwise be handed out again).
 */

const VERIFY = `query($auditId: ID!) { verifyAuditTrail(auditId: $auditId) { streamId events valid firstInvalidRevision witnessedEvents problem } }`;
const EXPORT = `mutation($auditId: ID!) { exportAuditTrail(auditId: $auditId) }`;

interface Row {
  revision: number;
  id: string;
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

describe('tampering with the stored trail', () => {
  let t: TestApp;
  let a: Authority;
  let cycleId: string;

  beforeAll(async () => {
    t = await startTestApp({ APP_CLOCK: '2026-12-21T10:00:00Z' });
    a = await setUpAuthority(t, ['2026-12']);
    cycleId = a.cycles['2026-12'];
    await t.ok(`mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }`, {
      input: { id: 'gov', name: 'Staff gov', email: 'gov@council.example', roles: ['GOVERNANCE'] },
    });
    a.as.gov = await t.login('gov');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A moderated audit whose every event the witness has recorded, followed by one more event elsewhere. */
  async function freshAudit(): Promise<{ auditId: string; streamId: string; rows: Row[] }> {
    const auditId = await moderatedAudit(t, a, cycleId, 'GOOD', { caseRef: `EH-${Math.floor(Math.random() * 1e6)}` });
    // Keeps the audit's last event off the head of the store.
    await allocate(t, a, cycleId, { caseRef: 'EH-SPACER' });
    expect(await t.app.get(TrailWitness).waitFor(await t.infra.store.headPosition(), 10_000)).toBe(true);
    const streamId = `audit-${auditId}`;
    const verification = await verify(auditId);
    expect(verification).toMatchObject({ valid: true, firstInvalidRevision: null });
    expect(verification.witnessedEvents).toBe(verification.events);
    return { auditId, streamId, rows: await rowsOf(streamId) };
  }

  async function verify(auditId: string) {
    return (await t.ok(VERIFY, { auditId }, a.as.gov)).verifyAuditTrail as {
      streamId: string;
      events: number;
      valid: boolean;
      firstInvalidRevision: number | null;
      witnessedEvents: number;
      problem: string | null;
    };
  }

  async function rowsOf(streamId: string): Promise<Row[]> {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      return (await client.query<Row>('SELECT revision, id, type, data, metadata, prev_hash, hash FROM events WHERE stream_id = $1 ORDER BY revision', [streamId])).rows;
    } finally {
      await client.end();
    }
  }

  /** Statements run as a superuser who switches the append-only triggers off for the transaction. */
  async function asSuperuser(statements: Array<[string, unknown[]?]>): Promise<void> {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('SET LOCAL session_replication_role = replica');
      for (const [text, values] of statements) await client.query(text, values ?? []);
      await client.query('COMMIT');
    } finally {
      await client.end();
    }
  }

  it('cannot tamper without bypassing the guard: the events table refuses it', async () => {
    const { streamId } = await freshAudit();
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await expect(client.query(`UPDATE events SET data = '{}' WHERE stream_id = $1 AND revision = 1`, [streamId])).rejects.toThrow(/events is append-only: UPDATE refused/);
      await expect(client.query(`DELETE FROM events WHERE stream_id = $1`, [streamId])).rejects.toThrow(/events is append-only: DELETE refused/);
    } finally {
      await client.end();
    }
  });

  it('reports an event whose data was altered at its revision', async () => {
    const { auditId, streamId, rows } = await freshAudit();
    const graded = rows.find((r) => r.type === 'GradeSet' && r.data.section === 'OVERALL')!;
    await asSuperuser([[`UPDATE events SET data = jsonb_set(data, '{grade}', '"OUTSTANDING"') WHERE stream_id = $1 AND revision = $2`, [streamId, graded.revision]]]);

    expect(await verify(auditId)).toEqual({
      streamId,
      events: rows.length,
      valid: false,
      firstInvalidRevision: graded.revision,
      witnessedEvents: rows.length,
      problem: `revision ${graded.revision} does not match its hash: its content or its hash was changed`,
    });
  });

  it('reports an event whose metadata (who did it) was altered', async () => {
    const { auditId, streamId } = await freshAudit();
    await asSuperuser([[`UPDATE events SET metadata = jsonb_set(metadata, '{actor,staffId}', '"mod2"') WHERE stream_id = $1 AND revision = 4`, [streamId]]]);

    expect(await verify(auditId)).toMatchObject({ valid: false, firstInvalidRevision: 4 });
  });

  it('reports a changed hash alone at that revision', async () => {
    const { auditId, streamId } = await freshAudit();
    await asSuperuser([[`UPDATE events SET hash = repeat('a', 64) WHERE stream_id = $1 AND revision = 3`, [streamId]]]);

    expect(await verify(auditId)).toMatchObject({ valid: false, firstInvalidRevision: 3, problem: 'revision 3 does not match its hash: its content or its hash was changed' });
  });

  it('reports a middle event removed at its revision', async () => {
    const { auditId, streamId, rows } = await freshAudit();
    await asSuperuser([[`DELETE FROM events WHERE stream_id = $1 AND revision = 5`, [streamId]]]);

    expect(await verify(auditId)).toEqual({
      streamId,
      events: rows.length - 1,
      valid: false,
      firstInvalidRevision: 5,
      witnessedEvents: rows.length,
      problem: 'revision 5 is missing: the next event is revision 6',
    });
  });

  it('reports the last event removed, which the chain alone cannot see, by the witness', async () => {
    const { auditId, streamId, rows } = await freshAudit();
    const last = rows.length - 1;
    await asSuperuser([[`DELETE FROM events WHERE stream_id = $1 AND revision = $2`, [streamId, last]]]);

    expect(verifyChain(await t.infra.store.readStream(streamId)).valid).toBe(true);
    expect(await verify(auditId)).toEqual({
      streamId,
      events: last,
      valid: false,
      firstInvalidRevision: last,
      witnessedEvents: rows.length,
      problem: `revision ${last} was witnessed when it was appended but is no longer in the stream`,
    });
  });

  it('reports a stream emptied of every event as invalid from revision 0, not as an unknown audit', async () => {
    const { auditId, streamId, rows } = await freshAudit();
    await asSuperuser([[`DELETE FROM events WHERE stream_id = $1`, [streamId]]]);

    expect(await verify(auditId)).toMatchObject({ events: 0, valid: false, firstInvalidRevision: 0, witnessedEvents: rows.length });
  });

  it('reports two events swapped at the first of them', async () => {
    const { auditId, streamId } = await freshAudit();
    // The stored revision numbers of 2 and 3 exchanged, through a free one (revisions are unique per stream).
    await asSuperuser([
      [`UPDATE events SET revision = 100000 WHERE stream_id = $1 AND revision = 2`, [streamId]],
      [`UPDATE events SET revision = 2 WHERE stream_id = $1 AND revision = 3`, [streamId]],
      [`UPDATE events SET revision = 3 WHERE stream_id = $1 AND revision = 100000`, [streamId]],
    ]);

    expect(await verify(auditId)).toMatchObject({ valid: false, firstInvalidRevision: 2 });
  });

  it('reports a chain recomputed from an altered event onwards, which links again, at the altered event', async () => {
    const { auditId, streamId, rows } = await freshAudit();
    const target = rows.find((r) => r.type === 'GradeSet' && r.data.section === 'OVERALL')!;
    // What someone who knows the hashing would do: alter the grade, then rehash it and every later event.
    const rewritten = rows.map((r) => ({ ...r }));
    rewritten[target.revision].data = { ...rewritten[target.revision].data, grade: 'OUTSTANDING' };
    for (let i = target.revision; i < rewritten.length; i++) {
      const r = rewritten[i];
      r.prev_hash = rewritten[i - 1].hash;
      r.hash = chainHash(r.prev_hash, { id: r.id, streamId, revision: r.revision, type: r.type, data: r.data, metadata: r.metadata as never });
    }
    await asSuperuser(
      rewritten
        .slice(target.revision)
        .map((r) => [`UPDATE events SET data = $3, prev_hash = $4, hash = $5 WHERE stream_id = $1 AND revision = $2`, [streamId, r.revision, r.data, r.prev_hash, r.hash]] as [string, unknown[]]),
    );

    expect(verifyChain(await t.infra.store.readStream(streamId)).valid).toBe(true);
    expect(await verify(auditId)).toMatchObject({
      valid: false,
      firstInvalidRevision: target.revision,
      problem: `revision ${target.revision} does not match the hash witnessed when it was appended`,
    });
  });

  it('exports a tampered trail signed, with the failure in it, and offline verification finds the same revision', async () => {
    const { auditId, streamId } = await freshAudit();
    await asSuperuser([[`UPDATE events SET type = 'ModerationChanged' WHERE stream_id = $1 AND revision = 6`, [streamId]]]);

    const bundle = JSON.parse((await t.ok(EXPORT, { auditId }, a.as.gov)).exportAuditTrail) as TrailBundle;
    expect(bundle.verification).toMatchObject({ valid: false, firstInvalidRevision: 6 });
    const key = (await (await fetch(`${t.baseUrl}/trails/public-key`)).json()) as { pem: string };
    expect(verifyBundle(bundle, parsePublicKey(key.pem))).toMatchObject({
      ok: false,
      signature: { valid: true },
      trail: { valid: false, firstInvalidRevision: 6 },
      recorded: { valid: false, firstInvalidRevision: 6 },
    });
  });

  it('keeps the witness out of reach of plain SQL too', async () => {
    const client = new pg.Client({ connectionString: t.db.url });
    await client.connect();
    try {
      await expect(client.query(`UPDATE trail_witness SET hash = 'x'`)).rejects.toThrow(/trail_witness is append-only: UPDATE refused/);
      await expect(client.query(`DELETE FROM trail_witness WHERE false`)).rejects.toThrow(/trail_witness is append-only: DELETE refused/);
      await expect(client.query(`TRUNCATE trail_witness`)).rejects.toThrow(/trail_witness is append-only: TRUNCATE refused/);
    } finally {
      await client.end();
    }
  });
});
