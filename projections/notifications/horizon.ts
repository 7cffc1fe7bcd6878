import type { EntityManager } from 'typeorm';

/**
 * Which events have been decided on. `position`: set once, to the store's head, the first time the
 * service runs with notifications, so a store's earlier history is never mailed (its deadlines are
 * still reminded of). `decided`: the last event whose messages the projector wrote, moved in the same
 * transaction as its checkpoint, so a rebuild replays what people were already told without deciding
 * it again (and without a rule added since mailing the past). Not a read model: no rebuild touches it.
 */
const TABLE = 'notification_horizon';

type Query = (sql: string, parameters?: unknown[]) => Promise<any>;

export async function ensureNotificationHorizon(query: Query, head: number): Promise<void> {
  await query(
    `CREATE TABLE IF NOT EXISTS ${TABLE} (id integer PRIMARY KEY, position bigint NOT NULL, decided bigint NOT NULL DEFAULT 0, set_at timestamptz NOT NULL DEFAULT now())`,
  );
  await query(`INSERT INTO ${TABLE} (id, position) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [head]);
}

/**
 * Events at or before the returned position are not decided on: history, or decided already. The
 * service (startInfrastructure) and the rebuild command set the horizon before any projection runs;
 * without one (a bare runner, as in tests) the store is taken as new.
 */
export async function readHorizon(manager: EntityManager): Promise<number> {
  const [{ present }] = await manager.query(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`);
  if (!present) return 0;
  const rows: { position: string; decided: string }[] = await manager.query(`SELECT position, decided FROM ${TABLE} WHERE id = 1`);
  return rows.length === 0 ? 0 : Math.max(Number(rows[0].position), Number(rows[0].decided));
}

/** Records that every event up to `position` has been decided on (call in the projector's transaction). */
export async function markDecided(manager: EntityManager, position: number): Promise<void> {
  const [{ present }] = await manager.query(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`);
  if (present) await manager.query(`UPDATE ${TABLE} SET decided = GREATEST(decided, $1) WHERE id = 1`, [position]);
}
