import client from 'prom-client';

/**
 * The service's Prometheus metrics, one registry per process (README, "Operations" says what to
 * watch). Gauges that need the database (lag, outbox) are filled in when scraped: see
 * `watchReadModels` below.
 */
export const registry = new client.Registry();
client.collectDefaultMetrics({ register: registry });

const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const httpRequests = new client.Counter({
  name: 'http_requests_total',
  help: 'HTTP requests answered, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [registry],
});

export const httpDuration = new client.Histogram({
  name: 'http_request_duration_seconds',
  help: 'Time to answer an HTTP request, by method, route and status',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: seconds,
  registers: [registry],
});

export const commands = new client.Counter({
  name: 'graphql_commands_total',
  help: 'GraphQL mutations, by name and outcome (ok, or the error code)',
  labelNames: ['name', 'outcome'] as const,
  registers: [registry],
});

export const commandDuration = new client.Histogram({
  name: 'graphql_command_duration_seconds',
  help: 'Time from a mutation arriving to its answer (read-your-writes wait included), by name and outcome',
  labelNames: ['name', 'outcome'] as const,
  buckets: seconds,
  registers: [registry],
});

export const conflictRetries = new client.Counter({
  name: 'command_conflict_retries_total',
  help: 'Appends that met another writer on the same stream and were decided again',
  registers: [registry],
});

export const conflicts = new client.Counter({
  name: 'command_conflicts_total',
  help: 'Commands answered CONFLICT: the stream kept changing for the whole retry budget',
  registers: [registry],
});

export const appendDuration = new client.Histogram({
  name: 'event_store_append_duration_seconds',
  help: 'Time to append one command\'s events to the event store',
  buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
  registers: [registry],
});

export const outboxSendFailures = new client.Counter({
  name: 'outbox_send_failures_total',
  help: 'Tries to send an outbox message that the mail server refused or that failed',
  registers: [registry],
});

export const outboxSent = new client.Counter({
  name: 'outbox_sent_total',
  help: 'Outbox messages sent by this process',
  registers: [registry],
});

export const workerActive = new client.Gauge({
  name: 'worker_active',
  help: '1 while this process holds the worker lease (runs projections, the outbox and reminders), else 0',
  registers: [registry],
});

/** What the scrape-time gauges ask. */
export interface ReadModelSource {
  /** The event store's head: the last global position appended. */
  head(): Promise<number>;
  query<T>(sql: string, parameters?: unknown[]): Promise<T[]>;
}

const lag = new client.Gauge({
  name: 'projection_lag_events',
  help: 'Events between the event store head and each projection\'s checkpoint (0 when caught up)',
  labelNames: ['projection'] as const,
  registers: [registry],
});

const checkpoint = new client.Gauge({
  name: 'projection_checkpoint_position',
  help: 'Global position each projection\'s read model has reached',
  labelNames: ['projection'] as const,
  registers: [registry],
});

const backlog = new client.Gauge({
  name: 'outbox_messages',
  help: 'Outbox messages by state: QUEUED is the backlog, FAILED waits for the audit team to resend',
  labelNames: ['state'] as const,
  registers: [registry],
});

let source: ReadModelSource | null = null;

/** The process's database and store, for the lag and outbox gauges; a scrape before this shows none. */
export function watchReadModels(given: ReadModelSource | null): void {
  source = given;
}

/** Fills the scrape-time gauges, then renders every metric in the exposition format. */
export async function renderMetrics(): Promise<string> {
  if (source) {
    try {
      const [head, rows, outbox] = await Promise.all([
        source.head(),
        source.query<{ name: string; position: string }>('SELECT name, position FROM projection_checkpoints'),
        source.query<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM notification_outbox WHERE state IN ('QUEUED', 'FAILED', 'UNDELIVERABLE') GROUP BY state`),
      ]);
      lag.reset();
      checkpoint.reset();
      for (const row of rows) {
        const position = Number(row.position);
        checkpoint.set({ projection: row.name }, position);
        lag.set({ projection: row.name }, Math.max(0, head - position));
      }
      for (const state of ['QUEUED', 'FAILED', 'UNDELIVERABLE']) backlog.set({ state }, Number(outbox.find((r) => r.state === state)?.n ?? 0));
    } catch {
      // The database away: the gauges keep their last values; /health/ready says why.
    }
  }
  return registry.metrics();
}

export const metricsContentType = registry.contentType;
