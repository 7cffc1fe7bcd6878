import { In, type EntityManager, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from 'typeorm';

const CHUNK = 500;

/**
 * The rows of one table a batch of events touches, held in memory for the length of the batch:
 * loaded in one query up front (preload) or on first use, changed in place, and written back in a
 * few multi-row upserts at the end (flush), inside the batch's transaction. A batch of hundreds of
 * events then costs a handful of queries instead of two per event, which is what a rebuild needs.
 */
export class RowCache<E extends ObjectLiteral> {
  private readonly rows = new Map<string, E>();
  private readonly absent = new Set<string>();
  private readonly dirty = new Set<string>();
  /** Key columns whose values' rows are all held (by preloadBy): a row of those not held does not exist. */
  private readonly complete: { column: keyof E & string; values: Set<string> }[] = [];
  private readonly keys: (keyof E & string)[];

  /**
   * `key` is the primary key column, or its columns for a composite key. With a composite key, rows
   * are loaded with preloadBy (say every row of the audits a batch touches) or find.
   */
  constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntityTarget<E>,
    key: (keyof E & string) | (keyof E & string)[],
  ) {
    this.keys = Array.isArray(key) ? key : [key];
  }

  /** The map key of a row (or of the key values of one). */
  idOf(row: Partial<E>): string {
    return this.keys.length === 1 ? String(row[this.keys[0]]) : this.keys.map((k) => String(row[k])).join('\u0000');
  }

  /** Loads every row of `ids` not yet known, in as few queries as the chunk size allows. Single keys only. */
  async preload(ids: Iterable<string>): Promise<void> {
    if (this.keys.length !== 1) throw new Error('RowCache.preload needs a single-column key; use preloadBy');
    const key = this.keys[0];
    const wanted = [...new Set(ids)].filter((id) => !this.rows.has(id) && !this.absent.has(id));
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      const found = await this.manager.findBy(this.entity, { [key]: In(chunk) } as FindOptionsWhere<E>);
      for (const row of found) this.rows.set(String(row[key]), row);
      for (const id of chunk) if (!this.rows.has(id)) this.absent.add(id);
    }
  }

  /**
   * The row with these key values: held, or loaded (one query) when neither held nor known absent.
   * After preloadBy(column, values), a row of one of `values` that was not found is known absent.
   */
  async find(keyValues: Partial<E>): Promise<E | undefined> {
    const id = this.idOf(keyValues);
    if (this.rows.has(id)) return this.rows.get(id);
    if (this.absent.has(id) || this.complete.some(({ column, values }) => values.has(String(keyValues[column])))) return undefined;
    const where = Object.fromEntries(this.keys.map((k) => [k, keyValues[k]])) as FindOptionsWhere<E>;
    const row = await this.manager.findOneBy(this.entity, where);
    if (row) this.rows.set(id, row);
    else this.absent.add(id);
    return row ?? undefined;
  }

  /** Loads and holds every row whose `column` is one of `values` (rows already held stay as held). */
  async preloadBy(column: keyof E & string, values: Iterable<string>): Promise<void> {
    const wanted = [...new Set(values)];
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const found = await this.manager.findBy(this.entity, { [column]: In(wanted.slice(i, i + CHUNK)) } as FindOptionsWhere<E>);
      for (const row of found) this.hold(row);
    }
    if (this.keys.includes(column) && wanted.length > 0) this.complete.push({ column, values: new Set(wanted) });
  }

  async get(id: string): Promise<E | undefined> {
    if (!this.rows.has(id) && !this.absent.has(id)) await this.preload([id]);
    return this.rows.get(id);
  }

  /** A row read by other means: held from now on unless one is held already, which wins. */
  hold(row: E): E {
    const id = this.idOf(row);
    const held = this.rows.get(id);
    if (held) return held;
    this.rows.set(id, row);
    this.absent.delete(id);
    return row;
  }

  /** A new row, written at the next flush. */
  add(row: E): void {
    const id = this.idOf(row);
    this.rows.set(id, row);
    this.absent.delete(id);
    this.dirty.add(id);
  }

  /** An upsert in memory: these values over the row held (loaded if need be), or a new row. Single keys only. */
  async put(row: E): Promise<E> {
    const held = await this.get(this.idOf(row));
    if (!held) {
      this.add(row);
      return row;
    }
    Object.assign(held, row);
    this.changed(held);
    return held;
  }

  /** The row was changed in place: write it at the next flush. */
  changed(row: E): void {
    this.dirty.add(this.idOf(row));
  }

  /** Every row held, for a change that applies to all rows matching something (a renamed team). */
  held(): IterableIterator<E> {
    return this.rows.values();
  }

  /** Writes the changed rows: new ones inserted, changed ones updated, many rows a statement. */
  async flush(): Promise<void> {
    const rows = [...this.dirty].map((id) => this.rows.get(id)!);
    this.dirty.clear();
    await writeRows(this.manager, this.entity, rows, 'upsert');
  }
}

/**
 * INSERT (or with 'upsert', INSERT … ON CONFLICT DO UPDATE) of many rows a statement. Written out
 * here because TypeORM's own insert and upsert spend far longer building such a statement than the
 * database takes to run it. A plain insert fails on a key already there, as it should.
 */
export async function writeRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, rows: readonly E[], mode: 'insert' | 'upsert'): Promise<void> {
  if (rows.length === 0) return;
  const metadata = manager.connection.getMetadata(entity);
  const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
  const columns = metadata.columns;
  const keys = metadata.primaryColumns.map((c) => quote(c.databaseName)).join(', ');
  const updates = columns.filter((c) => !c.isPrimary).map((c) => `${quote(c.databaseName)} = EXCLUDED.${quote(c.databaseName)}`);
  const head = `INSERT INTO ${quote(metadata.tableName)} (${columns.map((c) => quote(c.databaseName)).join(', ')}) VALUES `;
  const tail = mode === 'insert' ? '' : ` ON CONFLICT (${keys}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`;
  // PostgreSQL takes at most 65,535 parameters a statement.
  const perStatement = Math.max(1, Math.floor(60_000 / columns.length));
  for (let i = 0; i < rows.length; i += perStatement) {
    const params: unknown[] = [];
    const values = rows.slice(i, i + perStatement).map(
      (row) =>
        `(${columns
          .map((column) => {
            params.push(column.getEntityValue(row, true) ?? null);
            return `$${params.length}`;
          })
          .join(', ')})`,
    );
    await manager.query(head + values.join(', ') + tail, params);
  }
}
