import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';

/**
 * An entity from a row that PostgreSQL gave as JSON (`to_jsonb(row)`: column names, timestamps as
 * ISO text), the way TypeORM would have loaded it: properties by the entity's column metadata,
 * timestamps as Dates, transformers applied. For hand-written queries on the hot path, where
 * TypeORM's find and save would cost several round trips.
 */
export function hydrate<T extends ObjectLiteral>(
  em: EntityManager,
  target: EntityTarget<T>,
  row: Record<string, unknown>,
): T {
  const meta = em.connection.getMetadata(target);
  const entity = meta.create() as T;
  for (const column of meta.columns) {
    let value = row[column.databaseName];
    if (value === undefined) continue;
    const type = String(column.type);
    if (value !== null && (type === 'timestamptz' || type === 'timestamp' || type.startsWith('timestamp'))) {
      value = new Date(value as string);
    }
    const transformer = column.transformer;
    if (transformer && !Array.isArray(transformer)) value = transformer.from(value);
    column.setEntityValue(entity, value);
  }
  return entity;
}
