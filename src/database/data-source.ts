import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations/index.js';
import { QueryLogger } from './query-logger.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';

/** Entity classes (each module lists its own; `src/entities.ts` collects them all). */
export type EntityList = NonNullable<DataSourceOptions['entities']>;

/**
 * The one data source definition: used by the app, the migration CLI and the tests. Entities come
 * from the caller (the full list, `src/entities.ts`, wherever the schema or repositories matter;
 * none to run migrations or plain SQL), so this layer imports no feature module.
 */
export function dataSourceOptions(url: string, poolSize = 20, entities: EntityList = []): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    namingStrategy: new SnakeNamingStrategy(),
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
    logger: new QueryLogger(),
    extra: { max: poolSize, application_name: 'ministry-workflow' },
  };
}

export function createDataSource(url: string, poolSize?: number, entities?: EntityList): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize, entities));
}
