import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import { readRowsIn, readRowsWhere, writeRows } from './rows-sql.js';

export { writeRows } from './rows-sql.js';

/** Key values a query: bounds the rows one answer holds. */
const CHUNK = 5_000;

/**
 * The rows of one table a batch of events touches, held in memory for the length of the batch:
 * loaded in one query up front (preload) or on first use, changed in place, and written back in a
 * few multi-row statements at the end (flush), inside the batch's transaction. A batch of hundreds of
 * events then costs a handful of queries instead of two per event, which is what a rebuild needs.
 */
export class RowCache<E extends ObjectLiteral> {
  private readonly rows = new Map<string, E>();
  private readonly absent = new Set<string>();
  private readonly dirty = new Set<string>();
  /** Rows added that the table is known not to hold (looked up and not found): a plain INSERT writes them. */
  private readonly fresh = new Set<string>();
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
      const found = await readRowsIn(this.manager, this.entity, key, chunk);
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
    const where = Object.fromEntries(this.keys.map((k) => [k, keyValues[k]])) as Partial<E>;
    const [row] = await readRowsWhere(this.manager, this.entity, where);
    if (row) this.rows.set(id, row);
    else this.absent.add(id);
    return row ?? undefined;
  }

  /**
   * Loads and holds every row whose `column` is one of `values` (rows already held stay as held).
   * Returns the rows found, as held.
   */
  async preloadBy(column: keyof E & string, values: Iterable<string>): Promise<E[]> {
    const wanted = [...new Set(values)];
    const held: E[] = [];
    for (let i = 0; i < wanted.length; i += CHUNK) {
      for (const row of await readRowsIn(this.manager, this.entity, column, wanted.slice(i, i + CHUNK))) held.push(this.hold(row));
    }
    if (this.keys.includes(column) && wanted.length > 0) this.complete.push({ column, values: new Set(wanted) });
    return held;
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
    if (this.absent.has(id) || this.complete.some(({ column, values }) => values.has(String(row[column])))) this.fresh.add(id);
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

  /**
   * Writes the changed rows, many a statement: those the table was seen not to hold by a plain
   * INSERT (cheaper than an upsert, and a row there after all fails loudly), the others by upsert.
   */
  async flush(): Promise<void> {
    const inserted: E[] = [];
    const upserted: E[] = [];
    for (const id of this.dirty) (this.fresh.has(id) ? inserted : upserted).push(this.rows.get(id)!);
    this.dirty.clear();
    this.fresh.clear();
    await writeRows(this.manager, this.entity, inserted, 'insert');
    await writeRows(this.manager, this.entity, upserted, 'upsert');
  }
}
