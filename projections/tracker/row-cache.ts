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

  constructor(
    private readonly manager: EntityManager,
    private readonly entity: EntityTarget<E>,
    private readonly key: keyof E & string,
  ) {}

  /** Loads every row of `ids` not yet known, in as few queries as the chunk size allows. */
  async preload(ids: Iterable<string>): Promise<void> {
    const wanted = [...new Set(ids)].filter((id) => !this.rows.has(id) && !this.absent.has(id));
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      const found = await this.manager.findBy(this.entity, { [this.key]: In(chunk) } as FindOptionsWhere<E>);
      for (const row of found) this.rows.set(row[this.key] as string, row);
      for (const id of chunk) if (!this.rows.has(id)) this.absent.add(id);
    }
  }

  /** Loads and holds every row whose `column` is one of `values` (rows already held stay as held). */
  async preloadBy(column: keyof E & string, values: Iterable<string>): Promise<void> {
    const wanted = [...new Set(values)];
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const found = await this.manager.findBy(this.entity, { [column]: In(wanted.slice(i, i + CHUNK)) } as FindOptionsWhere<E>);
      for (const row of found) this.hold(row);
    }
  }

  async get(id: string): Promise<E | undefined> {
    if (!this.rows.has(id) && !this.absent.has(id)) await this.preload([id]);
    return this.rows.get(id);
  }

  /** A row read by other means: held from now on unless one is held already, which wins. */
  hold(row: E): E {
    const id = row[this.key] as string;
    const held = this.rows.get(id);
    if (held) return held;
    this.rows.set(id, row);
    this.absent.delete(id);
    return row;
  }

  /** A new row, written at the next flush. */
  add(row: E): void {
    const id = row[this.key] as string;
    this.rows.set(id, row);
    this.absent.delete(id);
    this.dirty.add(id);
  }

  /** The row was changed in place: write it at the next flush. */
  changed(row: E): void {
    this.dirty.add(row[this.key] as string);
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
