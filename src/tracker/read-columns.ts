import type { DataSource, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * A SELECT list giving every column of a read-model entity under its property name, in the form the
 * entity holds it (dates as YYYY-MM-DD text, bigint positions as numbers), so a query can return
 * entity-shaped rows with getRawMany or a plain query: much less work per request than hydrating
 * entities, which is what a read at 100 requests a second needs.
 */
export function selectColumns<E extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<E>, alias: string): Array<[string, string]> {
  return dataSource.getMetadata(entity).columns.map((column) => {
    const name = `${alias}."${column.databaseName}"`;
    const type = String(column.type);
    const value = type === 'date' ? `to_char(${name}, 'YYYY-MM-DD')` : type === 'bigint' ? `${name}::float8` : name;
    return [value, column.propertyName];
  });
}

/** The same list as SQL text. */
export function selectList<E extends ObjectLiteral>(dataSource: DataSource, entity: EntityTarget<E>, alias: string): string {
  return selectColumns(dataSource, entity, alias)
    .map(([value, property]) => `${value} AS "${property}"`)
    .join(', ');
}
