import autocannon from 'autocannon';
import { type BenchModule, table } from './bench-module.js';
import { load, shown, summarise, type Summary } from './figures.js';
import { startService, type RunningService } from './service.js';

type Figure = 'perSec' | 'p50Ms' | 'p95Ms' | 'p99Ms' | 'errors';

export interface CommandResult {
  c8: Summary<Figure | 'baselinePerSec' | 'baselineP50Ms' | 'baselineP95Ms' | 'baselineCpuMsPerRequest' | 'cpuMsPerRequest'>;
  /** recordAnswer, setGrade, recordCollaborativeDiscussion and agreeAction in turn. */
  mix: Summary<Figure | 'cpuMsPerRequest'>;
  requests: number;
  runs: number;
  peakRssMb: number;
  loadAverage: { start: number; end: number };
}

const CONNECTIONS = 8;
const RUNS = 3;
/** Audits each client works on, in turn (its own: two clients never write to one stream). */
const AUDITS_PER_CLIENT = 4;
const TODAY = '2026-12-24';
const SECTIONS = ['S2_WHY_HELP', 'S3_CASE_RECORD', 'S4_ASSESSMENT', 'S5_PLANS_REVIEWS', 'S6_DIRECT_WORK', 'S7_SUPERVISION', 'S8_COMMUNITY', 'OVERALL'];
const GRADES = ['GOOD', 'REQUIRES_IMPROVEMENT', 'OUTSTANDING', 'INADEQUATE'];
const ANSWERS = ['YES', 'NO', 'PARTIALLY'];

const STAFF = [
  { id: 'prac', teamId: 'north', roles: ['PRACTITIONER'] },
  { id: 'tm', teamId: 'north', roles: ['TEAM_MANAGER'] },
  { id: 'aud', teamId: 'south', roles: ['AUDITOR'] },
  { id: 'mod', teamId: null, roles: ['MODERATOR'] },
  { id: 'qa', teamId: null, roles: ['AUDIT_TEAM'] },
  { id: 'hos', teamId: null, roles: ['HEAD_OF_SERVICE'] },
  { id: 'coord', teamId: 'south', roles: ['EH_COORDINATOR_LEAD'] },
  { id: 'dd', teamId: null, roles: ['DIVISIONAL_DIRECTOR'] },
];

/**
 * Commands end to end: mutations over HTTP against the service as its own process, 8 clients each
 * sending its next request as soon as the last answered (autocannon), on audits allocated for the
 * bench (each client its own). setGrade alone, then a mix of lifecycle mutations, then the same
 * number of `{ me { id } }` in the same run: the cost of any request at all.
 */
export const commandBench: BenchModule<CommandResult> = {
  key: 'command',
  title: `Commands over HTTP at ${CONNECTIONS} concurrent clients (autocannon), beside { me { id } }`,
  async run(context) {
    const started = load();
    const url = await context.createDatabase();
    const service = await startService(url, TODAY, context, 'command');
    const requests = context.quick ? 400 : 2000;
    try {
      const auditor = await setUp(service, context);
      const runs = { setGrade: [] as Array<Record<string, number>>, mix: [] as Array<Record<string, number>> };
      for (let run = 1; run <= RUNS; run++) {
        context.log(`command: run ${run} of ${RUNS}: setGrade, the mix and { me { id } }, ${requests} requests each…`);
        const setGrade = await load8(service, auditor.token, requests, (client, i) => {
          const audits = auditor.audits[client % CONNECTIONS];
          const section = SECTIONS[Math.floor(i / AUDITS_PER_CLIENT) % SECTIONS.length];
          return {
            query: 'mutation($input: SetGradeInput!) { setGrade(input: $input) { id status } }',
            variables: { input: { auditId: audits[i % AUDITS_PER_CLIENT], section, grade: GRADES[Math.floor(i / (AUDITS_PER_CLIENT * SECTIONS.length)) % GRADES.length], rationale: `${section}: evidence on file` } },
          };
        });
        const mix = await load8(service, auditor.token, requests, (client, i) => {
          const auditId = auditor.audits[client % CONNECTIONS][Math.floor(i / 4) % AUDITS_PER_CLIENT];
          const turn = Math.floor(i / 4 / AUDITS_PER_CLIENT);
          switch (i % 4) {
            case 0:
              return { query: 'mutation($input: RecordAnswerInput!) { recordAnswer(input: $input) { id } }', variables: { input: { auditId, section: 'S2_WHY_HELP', question: 'S2_Q1', answer: ANSWERS[turn % ANSWERS.length] } } };
            case 1:
              return {
                query: 'mutation($input: SetGradeInput!) { setGrade(input: $input) { id } }',
                variables: { input: { auditId, section: 'S3_CASE_RECORD', grade: GRADES[turn % GRADES.length], rationale: 'the record: evidence on file' } },
              };
            case 2:
              return {
                query: 'mutation($input: RecordCollaborativeDiscussionInput!) { recordCollaborativeDiscussion(input: $input) { id } }',
                variables: { input: { auditId, discussedOn: turn % 2 ? '2026-12-22' : '2026-12-23', withIds: ['prac', 'tm'] } },
              };
            default:
              return {
                query: 'mutation($input: AgreeActionInput!) { agreeAction(input: $input) { id } }',
                variables: { input: { auditId, description: `Supervision to review the plan (${turn})`, ownerId: 'tm', dueOn: '2027-06-30', scope: 'CASE' } },
              };
          }
        });
        const baseline = await load8(service, auditor.token, requests, () => ({ query: '{ me { id } }', variables: {} }));
        runs.setGrade.push({
          ...setGrade,
          baselinePerSec: baseline.perSec,
          baselineP50Ms: baseline.p50Ms,
          baselineP95Ms: baseline.p95Ms,
          baselineCpuMsPerRequest: baseline.cpuMsPerRequest,
        });
        runs.mix.push(mix);
      }
      return {
        c8: summarise(runs.setGrade) as CommandResult['c8'],
        mix: summarise(runs.mix) as CommandResult['mix'],
        requests,
        runs: RUNS,
        peakRssMb: service.peakRssMb(),
        loadAverage: { start: started, end: load() },
      };
    } finally {
      await service.stop();
    }
  },
  format(result) {
    const row = (name: string, s: Summary<any>, prefix = '') => [
      name,
      shown(s, prefix ? `${prefix}PerSec` : 'perSec', 0),
      shown(s, prefix ? `${prefix}P50Ms` : 'p50Ms'),
      shown(s, prefix ? `${prefix}P95Ms` : 'p95Ms'),
      prefix ? '–' : shown(s, 'p99Ms'),
      shown(s, prefix ? `${prefix}CpuMsPerRequest` : 'cpuMsPerRequest', 2),
      prefix ? '–' : shown(s, 'errors', 0),
    ];
    return [
      ...table(
        ['8 clients', 'requests/s', 'p50 ms', 'p95 ms', 'p99 ms', 'service CPU ms/request', 'errors'],
        [row('setGrade', result.c8), row('mix of mutations', result.mix), row('{ me { id } }', result.c8, 'baseline')],
      ),
      `median (min–max) of ${result.runs} runs of ${result.requests} requests; service peak RSS ${result.peakRssMb} MB; load average ${result.loadAverage.start} → ${result.loadAverage.end}`,
    ];
  },
};

/** A fresh authority through the API: two teams, the people, a cycle with approved KLOEs, audits allocated and discussed. */
async function setUp(service: RunningService, context: { log(line: string): void }): Promise<{ token: string; audits: string[][] }> {
  context.log('command: setting up teams, staff, a cycle and audits through the API…');
  const admin = await service.login('admin');
  for (const [id, service_] of [['north', 'Early Help'], ['south', 'Early Help']]) {
    await service.call(admin, 'mutation($input: RegisterTeamInput!) { registerTeam(input: $input) { id } }', { input: { id, name: `Team ${id}`, service: service_ } });
  }
  for (const s of STAFF) {
    await service.call(admin, 'mutation($input: RegisterStaffInput!) { registerStaff(input: $input) { id } }', { input: { ...s, name: `Staff ${s.id}`, email: `${s.id}@council.example` } });
  }
  await service.call(admin, 'mutation($input: RecordAuditorTrainingInput!) { recordAuditorTraining(input: $input) { id } }', { input: { staffId: 'aud', completedOn: '2026-06-30' } });
  const as: Record<string, string> = {};
  for (const s of STAFF) as[s.id] = await service.login(s.id);
  const { scheduleCycle } = await service.call(admin, 'mutation($input: ScheduleCycleInput!) { scheduleCycle(input: $input) { id } }', {
    input: { name: 'Early Help 2026-12', service: 'Early Help', month: '2026-12', kloes: ['Is the voice of the child heard?'] },
  });
  const cycleId: string = scheduleCycle.id;
  await service.call(as.qa, 'mutation($input: RecordKloeMeetingInput!) { recordKloeMeeting(input: $input) { id } }', {
    input: { cycleId, heldOn: '2026-11-01', attendeeIds: ['hos', 'coord', 'qa'] },
  });
  for (const approver of ['hos', 'coord', 'dd']) await service.call(as[approver], 'mutation($cycleId: ID!) { approveKloes(cycleId: $cycleId) { id } }', { cycleId });
  const audits: string[][] = [];
  for (let client = 0; client < CONNECTIONS; client++) {
    audits.push([]);
    for (let k = 0; k < AUDITS_PER_CLIENT; k++) {
      const { allocateAudit } = await service.call(as.qa, 'mutation($input: AllocateAuditInput!) { allocateAudit(input: $input) { id } }', {
        input: { cycleId, caseRef: `EH-${client}-${k}`, teamId: 'north', practitionerId: 'prac', teamManagerId: 'tm', auditorId: 'aud', moderatorId: 'mod' },
      });
      // AUD-1: grading follows the collaborative discussion.
      await service.call(as.aud, 'mutation($input: RecordCollaborativeDiscussionInput!) { recordCollaborativeDiscussion(input: $input) { id } }', {
        input: { auditId: allocateAudit.id, discussedOn: '2026-12-23', withIds: ['prac', 'tm'] },
      });
      audits[client].push(allocateAudit.id);
    }
  }
  return { token: as.aud, audits };
}

/**
 * `amount` GraphQL requests from 8 connections, each sending its next as soon as the last answered;
 * `body(client, i)` is the i-th request of that connection. An answer with GraphQL errors counts as an error.
 */
async function load8(
  service: RunningService,
  token: string,
  amount: number,
  body: (client: number, i: number) => { query: string; variables: Record<string, unknown> },
): Promise<Record<Figure | 'cpuMsPerRequest', number>> {
  let clients = 0;
  let errors = 0;
  const times: number[] = [];
  const cpuBefore = service.cpuMs();
  const result = await new Promise<any>((resolve, reject) => {
    const instance = autocannon(
      {
        url: `${service.base}/graphql`,
        connections: CONNECTIONS,
        amount,
        timeout: 30,
        requests: [
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            setupRequest(request: Record<string, unknown>, context: { client?: number; i?: number }) {
              context.client ??= clients++;
              context.i = (context.i ?? -1) + 1;
              return { ...request, body: JSON.stringify(body(context.client, context.i)) };
            },
            onResponse(status: number, responseBody: string) {
              if (status !== 200 || responseBody.includes('"errors"')) errors++;
            },
          },
        ],
      },
      (error, outcome) => (error ? reject(error) : resolve(outcome)),
    );
    instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) => times.push(responseTime));
  });
  const cpuMs = service.cpuMs() - cpuBefore;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.ceil(q * times.length) - 1)] ?? NaN;
  const total = result.requests.total as number;
  return {
    perSec: total / (result.duration as number),
    p50Ms: at(0.5),
    p95Ms: at(0.95),
    p99Ms: at(0.99),
    errors: errors + (result.errors as number) + (result.timeouts as number),
    cpuMsPerRequest: cpuMs / total,
  };
}
