import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { graphqlClient, startRole, type RoleProcess } from '../support/role-process.js';
import { sleep } from '../support/service-process.js';

interface Span {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  role: string;
}

/**
 * OTEL_EXPORTER_OTLP_ENDPOINT set: a mutation on an API instance and the projection of its events in
 * the worker, another process, are spans of one trace. The collector is a loopback HTTP server taking
 * OTLP/HTTP JSON, as the exporter sends it.
 */
describe('tracing a command from the request to its projection', () => {
  let db: TestDatabase;
  let collector: Server;
  const spans: Span[] = [];
  let worker: RoleProcess;
  let api: RoleProcess;

  beforeAll(async () => {
    db = await createTestDatabase('trace');
    collector = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        const parsed = JSON.parse(body) as {
          resourceSpans: Array<{ resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> }; scopeSpans: Array<{ spans: Omit<Span, 'role'>[] }> }>;
        };
        for (const resourceSpans of parsed.resourceSpans) {
          const role = resourceSpans.resource.attributes.find((a) => a.key === 'practice_audit.role')?.value.stringValue ?? '?';
          for (const scope of resourceSpans.scopeSpans) for (const span of scope.spans) spans.push({ ...span, role });
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
    const { port } = collector.address() as { port: number };
    const env = {
      DATABASE_URL: db.url,
      AUTH_DEV_SECRET: 'tracing-test-dev-secret',
      RATE_LIMIT_MUTATIONS: '0',
      MAIL_POLL_MS: '0',
      REMINDER_POLL_MS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    worker = await startRole('worker', env);
    await worker.until200('/health/ready');
    api = await startRole('api', env);
    await api.until200('/health/ready');
  }, 120_000);

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await new Promise((resolve) => collector?.close(resolve));
    await db?.drop();
  });

  it('the mutation, its command and append in the API instance, and its projection in the worker, in one trace', async () => {
    const team = `mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }`;
    await graphqlClient(api).ok(team, { input: { id: 'traced', name: 'Traced team', service: 'Early Help' } });
    const mutationSpan = () => spans.find((s) => s.name === 'mutation registerTeam');
    // Other projections of the directory (the seeding at start) have traces of their own: wait for this one's.
    const inTrace = (name: string) => spans.find((s) => s.name === name && s.traceId === mutationSpan()?.traceId);
    for (let i = 0; i < 400 && !(mutationSpan() && inTrace('project directory')); i++) await sleep(50);
    const mutation = mutationSpan();
    const command = inTrace('command');
    const append = inTrace('event-store append');
    const projected = inTrace('project directory');
    expect([mutation?.role, command?.role, append?.role, projected?.role]).toEqual(['api', 'api', 'api', 'worker']);
    expect(command!.parentSpanId).toBe(mutation!.spanId);
    expect(append!.parentSpanId).toBe(command!.spanId);
    expect(projected!.parentSpanId).toBe(command!.spanId);
  }, 60_000);
});
