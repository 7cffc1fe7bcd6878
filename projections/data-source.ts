import { DataSource } from 'typeorm';
import { DATA_SOURCE_ENTITIES } from './index.js';

/**
 * The read models' data source. It does not synchronize on initialize: the ProjectionRunner does,
 * after emptying any projection whose version changed. Letting TypeORM shape these tables is fine
 * because read models are disposable; any of them can be rebuilt from the events.
 *
 * `entities` defaults to every read model and the notifications outbox; pass more to run extra projections on the same database.
 */
export function createReadModelDataSource(url: string, entities: Function[] = DATA_SOURCE_ENTITIES): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    synchronize: false,
    logging: false,
  });
}
