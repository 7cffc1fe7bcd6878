import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * Reading and writing many rows of one table in plain SQL, for the projections' batches (RowCache).
 * TypeORM's find, insert and upsert spend far longer building statements and entities than the
 * database takes to run them; a rebuild writes hundreds of thousands of rows. The values are still
 * converted exactly as TypeORM converts them (transformers, the driver's hydration), so a row read
 * or written here is the row TypeORM would have read or written.
 */

interface TableSql {
  /** Rows are sent as arrays of values in column order (else as objects keyed by column name). */
  positional: boolean;
  /** The columns read back: all but virtual ones, as TypeORM's find. */
  columns: ColumnMetadata[];
  /** Each column's value in a row, transformed for the database (ColumnMetadata.getEntityValue, faster for plain columns). */
  values: { name: string; of: (row: ObjectLiteral) => unknown }[];
  /** `INSERT INTO t (c…) SELECT … FROM jsonb_array_elements($1::jsonb)`: one parameter, the rows as JSON. */
  insert: string;
  /** The same, `ON CONFLICT (key) DO UPDATE SET` every other column. */
  upsert: string;
  /** `SELECT c… FROM t WHERE `, for a condition to follow. */
  select: string;
}

const shapes = new WeakMap<object, TableSql>();
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function sqlOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>): TableSql {
  const metadata = manager.connection.getMetadata(entity);
  let shape = shapes.get(metadata);
  if (!shape) {
    // Every column is written (a relation's own join column too); virtual ones are not read back.
    const written = metadata.columns;
    const columns = written.filter((c) => !c.isVirtual);
    const table = quote(metadata.tableName);
    const names = written.map((c) => quote(c.databaseName)).join(', ');
    const keys = metadata.primaryColumns.map((c) => quote(c.databaseName)).join(', ');
    const updates = written.filter((c) => !c.isPrimary).map((c) => `${quote(c.databaseName)} = EXCLUDED.${quote(c.databaseName)}`);
    // Each row a JSON array of its values in column order, each cast to its column's type; a table
    // with a type not cast here gets objects keyed by column name, which its row type converts.
    const casts = written.map((column, i) => castOf(column, manager.connection.driver.normalizeType(column), i));
    const positional = casts.every((cast) => cast !== null);
    const insert = positional
      ? `INSERT INTO ${table} (${names}) SELECT ${casts.join(', ')} FROM jsonb_array_elements($1::jsonb) AS r`
      : `INSERT INTO ${table} (${names}) SELECT ${names} FROM json_populate_recordset(NULL::${table}, $1::json)`;
    shape = {
      columns,
      positional,
      values: written.map((column) => ({ name: column.databaseName, of: valueOf(column) })),
      insert,
      upsert: `${insert} ON CONFLICT (${keys}) DO ${updates.length > 0 ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}`,
      select: `SELECT ${columns.map((c) => quote(c.databaseName)).join(', ')} FROM ${table} WHERE `,
    };
    shapes.set(metadata, shape);
  }
  return shape;
}

/** Types whose JSON text (->>) casts to the column's value. */
const SCALARS = new Set(['text', 'date', 'integer', 'bigint', 'boolean', 'uuid', 'timestamp with time zone']);

/** The SQL for the value of `column` from `r`, the JSON array of a row's values; null for a type not handled. */
function castOf(column: ColumnMetadata, type: string, i: number): string | null {
  const value = `r->${i}`;
  // JSON null is SQL NULL, as json_populate_recordset and a parameter give it.
  if (column.isArray) return SCALARS.has(type) ? `CASE WHEN jsonb_typeof(${value}) = 'array' THEN ARRAY(SELECT jsonb_array_elements_text(${value}))::${type}[] END` : null;
  if (type === 'jsonb') return `CASE WHEN jsonb_typeof(${value}) <> 'null' THEN ${value} END`;
  return SCALARS.has(type) ? `(r->>${i})::${type}` : null;
}

/** A column's value as getEntityValue(row, true) gives it; read straight off the property for a plain column (no embedded, relation or transformer). */
function valueOf(column: ColumnMetadata): (row: ObjectLiteral) => unknown {
  const plain = !column.embeddedMetadata && !column.relationMetadata && !column.referencedColumn && !column.transformer;
  const { propertyName } = column;
  return plain ? (row) => row[propertyName] : (row) => column.getEntityValue(row, true);
}

/** Rows a statement: bounds the JSON text held at once. */
const ROWS_PER_STATEMENT = 2_000;

/**
 * INSERT (or with 'upsert', INSERT … ON CONFLICT DO UPDATE) of many rows a statement, the rows sent
 * as one JSON parameter. A plain insert fails on a key already there, as it should.
 */
export async function writeRows<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, rows: readonly E[], mode: 'insert' | 'upsert'): Promise<void> {
  if (rows.length === 0) return;
  const { values: columns, positional, insert, upsert } = sqlOf(manager, entity);
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map((row) => {
      if (positional) return columns.map((column) => column.of(row) ?? null);
      const value: Record<string, unknown> = {};
      for (const column of columns) value[column.name] = column.of(row) ?? null;
      return value;
    });
    await manager.query(mode === 'insert' ? insert : upsert, [JSON.stringify(values)]);
  }
}

/** The rows whose `property` is one of `values`, as TypeORM's findBy with In would give them. */
export async function readRowsIn<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, property: string, values: readonly string[]): Promise<E[]> {
  if (values.length === 0) return [];
  const { select } = sqlOf(manager, entity);
  return hydrate(manager, entity, await manager.query(`${select}${columnOf(manager, entity, property)} = ANY($1)`, [values]));
}

/** The rows whose columns equal these values (by property name), as TypeORM's findBy would give them. */
export async function readRowsWhere<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, where: Partial<E>): Promise<E[]> {
  const { select } = sqlOf(manager, entity);
  const entries = Object.entries(where);
  const condition = entries.map(([property], i) => `${columnOf(manager, entity, property)} = $${i + 1}`).join(' AND ');
  return hydrate(manager, entity, await manager.query(`${select}${condition}`, entries.map(([, value]) => value)));
}

function columnOf(manager: EntityManager, entity: EntityTarget<ObjectLiteral>, property: string): string {
  const column = sqlOf(manager, entity).columns.find((c) => c.propertyName === property);
  if (!column) throw new Error(`${manager.connection.getMetadata(entity).name} has no column ${property}`);
  return quote(column.databaseName);
}

/** Entities from raw rows, each value through the driver's hydration and the column's transformer, as TypeORM does. */
function hydrate<E extends ObjectLiteral>(manager: EntityManager, entity: EntityTarget<E>, raws: Record<string, unknown>[]): E[] {
  const metadata = manager.connection.getMetadata(entity);
  const { columns } = sqlOf(manager, entity);
  const driver = manager.connection.driver;
  return raws.map((raw) => {
    const row = metadata.create() as E;
    for (const column of columns) {
      const value = raw[column.databaseName];
      if (value !== undefined) column.setEntityValue(row, driver.prepareHydratedValue(value, column));
    }
    return row;
  });
}
