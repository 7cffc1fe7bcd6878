import { DataSource } from 'typeorm';
import { connectionOptions, DEFAULT_DATABASE_TIMEOUTS, type DatabaseTimeouts } from '../src/database/connection-options.js';
import { DATA_SOURCE_ENTITIES } from './index.js';

/**
 * The read models' data source. It does not synchronize on initialize: the ProjectionRunner does,
 * after emptying any projection whose version changed. Letting TypeORM shape these tables is fine
 * because read models are disposable; any of them can be rebuilt from the events.
 *
 * `entities` defaults to every read model and the notifications outbox; pass more to run extra projections on the same database.
 * Its pool has the service's bounded waits and sends one query at a time per connection.
 */
export function createReadModelDataSource(
  url: string,
  entities: Function[] = DATA_SOURCE_ENTITIES,
  timeouts: DatabaseTimeouts = DEFAULT_DATABASE_TIMEOUTS,
): DataSource {
  const { connectionTimeoutMillis, application_name, ...extra } = connectionOptions(timeouts, 'practice-audit-read-models');
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    synchronize: false,
    logging: false,
    connectTimeoutMS: connectionTimeoutMillis,
    applicationName: application_name,
    extra,
    // An idle connection that dies is dropped by the pool and replaced on demand; nothing to report per request.
    poolErrorHandler: () => undefined,
  });
}
