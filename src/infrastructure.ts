import type { DataSource } from 'typeorm';
import type { ProjectionRunner } from '../projections/runner/projection-runner.js';
import type { Settings } from './config/settings.js';
import type { Database } from './database/database.js';
import type { EventStore } from './event-store/event-store.port.js';
import type { DatabaseProbe } from './health/database-probe.js';
import type { ReadModelProgress } from './scale/read-model-progress.js';
import type { Clock } from './shared/clock.js';

/**
 * What the service stands on, started by startInfrastructure (src/app.ts) and handed to the Nest
 * application (src/app.module.ts) and the worker (src/scale/worker.ts).
 */
export interface Infrastructure {
  settings: Settings;
  clock: Clock;
  database: Database;
  store: EventStore;
  dataSource: DataSource;
  /** Runs the projections in SERVICE_ROLE=all; in a worker, only while it holds the lease; in an API instance, never. */
  runner: ProjectionRunner;
  /** How far the read models are: the runner itself, or in an API instance the checkpoints the active worker commits. */
  progress: ReadModelProgress;
  /** Asks PostgreSQL, for /health. */
  probe: DatabaseProbe;
  /** Stops projections, closes connections and stops the embedded PostgreSQL, in that order. */
  close(): Promise<void>;
}
