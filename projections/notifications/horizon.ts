import type { EntityManager } from 'typeorm';

/**
 * The event position notifications start from. Set once, to the store's head, the first time the
 * service runs with notifications: on a store that already has a history, that history is never
 * mailed (its deadlines are still reminded of). Not a read model: no rebuild touches it.
 */
const TABLE = 'notification_horizon';

type Query = (sql: string, parameters?: unknown[]) => Promise<any>;

export async function ensureNotificationHorizon(query: Query, head: number): Promise<void> {
  await query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id integer PRIMARY KEY, position bigint NOT NULL, set_at timestamptz NOT NULL DEFAULT now())`);
  await query(`INSERT INTO ${TABLE} (id, position) VALUES (1, $1) ON CONFLICT (id) DO NOTHING`, [head]);
}

/**
 * Events at or before this position are history. The service (startInfrastructure) and the rebuild
 * command set the horizon before any projection runs; without one (a bare runner, as in tests) the
 * store is taken as new and nothing is history.
 */
export async function readHorizon(manager: EntityManager): Promise<number> {
  const [{ present }] = await manager.query(`SELECT to_regclass('${TABLE}') IS NOT NULL AS present`);
  if (!present) return 0;
  const rows: { position: string }[] = await manager.query(`SELECT position FROM ${TABLE} WHERE id = 1`);
  return rows.length === 0 ? 0 : Number(rows[0].position);
}
