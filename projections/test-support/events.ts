import { randomUUID } from 'node:crypto';
import type { EventMetadata, EventStore } from '../../src/event-store/event-store.port.js';
import { GRADES, streams, type Grade } from '../../src/shared/domain-types.js';

/** Test helpers that write real events through the store, shaped as the event catalogue says. */

export interface TestEvent {
  type: string;
  data: unknown;
  /** Defaults to a fixed instant, so rebuilt rows compare equal. */
  occurredAt?: string;
  actor?: string;
}

export const T0 = '2026-03-02T09:00:00.000Z';

export function metadata(occurredAt = T0, staffId = 'system'): EventMetadata {
  return { occurredAt, actor: { staffId, role: 'AUDIT_TEAM' }, correlationId: randomUUID(), causationId: null, schemaVersion: 1 };
}

/** Appends to one stream; resolves to the global position of the last event. */
export async function append(store: EventStore, streamId: string, ...events: TestEvent[]): Promise<number> {
  const result = await store.appendToStream(
    streamId,
    events.map((event) => ({
      id: randomUUID(),
      type: event.type,
      data: event.data as Record<string, unknown>,
      metadata: metadata(event.occurredAt, event.actor),
    })),
  );
  return result.position;
}

export const team = (id: string, name: string, service = 'Early Help'): [string, TestEvent] => [
  streams.team(id),
  { type: 'TeamRegistered', data: { teamId: id, name, service } },
];

export const staff = (id: string, name: string, teamId: string | null, roles: string[]): [string, TestEvent] => [
  streams.staff(id),
  { type: 'StaffRegistered', data: { staffId: id, name, email: `${id}@council.example`, teamId, roles } },
];

export const cycle = (id: string, month: string, moderationDue: string, kloes: string[] = ['Voice of the child']): [string, TestEvent] => [
  streams.cycle(id),
  { type: 'CycleScheduled', data: { cycleId: id, name: `Early Help ${month}`, service: 'Early Help', month, kloes, moderationDue } },
];

export interface Allocation {
  auditId: string;
  cycleId: string;
  teamId: string;
  practitionerId: string;
  teamManagerId: string;
  auditorId: string;
  moderatorId: string;
}

export const allocated = (a: Allocation): TestEvent => ({
  type: 'AuditAllocated',
  data: { ...a, caseRef: `EH-${a.auditId}`, templateId: 'early-help', templateVersion: 1, reauditOfAuditId: null },
});

/**
 * A programme of audits across teams and cycles, through every stage the catalogue has, with the
 * streams interleaved in the global order the way concurrent users would make them. Deterministic
 * (a seeded generator), so two runs give the same rows. Resolves to the last position.
 */
export async function appendProgramme(store: EventStore, options: { audits: number; prefix?: string }): Promise<number> {
  const p = options.prefix ?? 'p';
  let seed = 20260302;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)];
  const at = (day: number) => new Date(Date.parse(T0) + day * 86_400_000).toISOString();

  let last = 0;
  const put = async ([streamId, event]: [string, TestEvent]) => {
    last = await append(store, streamId, event);
  };

  const teams = [0, 1, 2].map((i) => `${p}-team-${i}`);
  for (const [i, id] of teams.entries()) await put(team(id, `Team ${i}`));
  const people = (role: string, n: number) => Array.from({ length: n }, (_, i) => `${p}-${role}-${i}`);
  const practitioners = people('practitioner', 6);
  const managers = people('manager', 3);
  const auditors = people('auditor', 4);
  const moderators = people('moderator', 3);
  for (const [i, id] of practitioners.entries()) await put(staff(id, `Practitioner ${i}`, teams[i % 3], ['PRACTITIONER']));
  for (const [i, id] of managers.entries()) await put(staff(id, `Manager ${i}`, teams[i], ['TEAM_MANAGER']));
  for (const [i, id] of auditors.entries()) await put(staff(id, `Auditor ${i}`, null, ['AUDITOR']));
  for (const [i, id] of moderators.entries()) await put(staff(id, `Moderator ${i}`, null, ['MODERATOR']));
  const cycles = [`${p}-cycle-jan`, `${p}-cycle-feb`];
  await put(cycle(cycles[0], '2026-01', '2026-01-30'));
  await put(cycle(cycles[1], '2026-02', '2026-02-27', ['Management oversight']));
  await put([streams.cycle(cycles[1]), { type: 'KloesAgreed', data: { cycleId: cycles[1], kloes: ['Management oversight', 'Planning'] } }]);

  const audits = Array.from({ length: options.audits }, (_, i) => {
    const practitioner = i % practitioners.length;
    return {
      auditId: `${p}-audit-${i}`,
      cycleId: cycles[i % 2],
      teamId: teams[practitioner % 3],
      practitionerId: practitioners[practitioner],
      teamManagerId: managers[practitioner % 3],
      auditorId: auditors[i % auditors.length],
      moderatorId: moderators[i % moderators.length],
    };
  });
  const stream = (a: Allocation) => streams.audit(a.auditId);

  // Stage by stage across all audits, so the streams interleave.
  for (const [i, a] of audits.entries()) {
    const event = allocated(a);
    // The case facts for equality monitoring, on some allocations only (older events lack them).
    if (i % 3 !== 2) event.data = { ...(event.data as object), ethnicity: pick(['White British', 'Bangladeshi', 'Black African', null]), childAge: i % 5 === 4 ? null : i % 19 };
    await put([stream(a), event]);
  }
  for (const [i, a] of audits.entries()) {
    if (i % 7 === 3) {
      const auditorId = auditors[(i + 1) % auditors.length];
      await put([stream(a), { type: 'AuditReallocated', data: { auditId: a.auditId, fromAuditorId: a.auditorId, auditorId, fromModeratorId: a.moderatorId, moderatorId: a.moderatorId, reason: 'exempted', reallocatedById: 'admin' } }]);
      a.auditorId = auditorId;
    }
  }
  for (const a of audits) {
    for (const question of ['1.1', '1.2']) {
      await put([stream(a), { type: 'AnswerRecorded', data: { auditId: a.auditId, section: 'S1', question, answer: pick(['YES', 'NO', 'PARTIALLY']), comment: question === '1.2' ? 'seen on file' : null } }]);
    }
  }
  for (const [i, a] of audits.entries()) {
    if (i % 4 !== 1) continue;
    const rating = i % 8 === 5 ? null : 1 + (i % 5);
    await put([stream(a), { type: 'FamilyFeedbackRecorded', data: { auditId: a.auditId, recordedById: a.auditorId, recordedOn: '2026-01-15', rating, couldHaveTheirSay: rating ? pick(['YES', 'NO', 'NOT_APPLICABLE']) : null, ableToAccessSupport: rating ? 'YES' : null, comments: null, notCompletedReason: rating ? null : 'family not reached' } }]);
  }
  const overall = new Map<string, Grade>();
  for (const [i, a] of audits.entries()) {
    const grade = pick(GRADES);
    overall.set(a.auditId, grade);
    await put([stream(a), { type: 'GradeSet', occurredAt: at(i), actor: a.auditorId, data: { auditId: a.auditId, section: 'S1', from: null, to: pick(GRADES), rationale: 'section evidence', auditorId: a.auditorId } }]);
    await put([stream(a), { type: 'GradeSet', occurredAt: at(i), actor: a.auditorId, data: { auditId: a.auditId, section: 'OVERALL', from: null, to: grade, rationale: 'overall evidence', auditorId: a.auditorId } }]);
  }
  for (const [i, a] of audits.entries()) {
    if (i % 9 === 5) {
      await put([stream(a), { type: 'AuditSubmitted', data: { auditId: a.auditId, submittedOn: '2026-01-20', overallGrade: overall.get(a.auditId), moderationDue: '2026-01-30', suggestedGrade: null, inconsistencies: [] } }]);
      await put([stream(a), { type: 'AuditReturnedForRectification', data: { auditId: a.auditId, returnedById: 'admin', returnedOn: '2026-01-21', reason: 'missing rationale', rectifyBy: '2026-01-26' } }]);
    }
    if (i % 11 === 10) continue; // still being audited
    const grade = overall.get(a.auditId)!;
    await put([stream(a), { type: 'AuditSubmitted', data: { auditId: a.auditId, submittedOn: '2026-01-22', overallGrade: grade, moderationDue: grade === 'INADEQUATE' ? '2026-01-23' : '2026-01-30' } }]);
  }
  for (const [i, a] of audits.entries()) {
    if (i % 11 === 10) continue;
    if (i % 13 === 12) {
      await put([stream(a), { type: 'AuditInvalidated', data: { auditId: a.auditId, invalidatedById: 'admin', invalidatedOn: '2026-01-25', reason: 'practitioner not contacted' } }]);
      continue;
    }
    const from = overall.get(a.auditId)!;
    const moderated = i % 3 === 0 ? pick(GRADES) : from;
    await put([stream(a), { type: 'ModerationChanged', occurredAt: at(i + 1), actor: a.moderatorId, data: { auditId: a.auditId, section: 'OVERALL', from, to: moderated, rationale: moderated === from ? 'agreed' : 'evidence weighed differently', moderatorId: a.moderatorId } }]);
    const below = moderated === 'REQUIRES_IMPROVEMENT' || moderated === 'INADEQUATE';
    await put([stream(a), { type: 'ModerationCompleted', data: { auditId: a.auditId, completedOn: '2026-01-27', moderatedGrade: moderated, initialGrade: from, uoppDue: moderated === 'INADEQUATE' ? '2026-01-30' : '2026-02-03', urgentIssuesDue: moderated === 'INADEQUATE' ? '2026-01-29' : null, reauditRequired: below } }]);
    // Most urgent issues are recorded addressed (one late); the rest stay open.
    if (moderated === 'INADEQUATE' && i % 5 !== 4) {
      await put([stream(a), { type: 'UrgentIssuesAddressed', data: { auditId: a.auditId, addressedById: a.teamManagerId, addressedOn: i % 5 === 3 ? '2026-02-02' : '2026-01-28', dueOn: '2026-01-29', summary: 'Safety plan reviewed with the family' } }]);
    }
    if (below) await put([stream(a), { type: 'ReauditDue', data: { auditId: a.auditId, dueOn: '2026-03-10', moderatedGrade: moderated, kind: 'DIP_AUDIT', escalateIfNotImprovedBy: '2026-05-27' } }]);
    overall.set(a.auditId, moderated);
  }
  for (const [i, a] of audits.entries()) {
    if (i % 11 === 10 || i % 13 === 12 || i % 2 === 1) continue;
    const from = overall.get(a.auditId)!;
    const revisedGrade = from === 'INADEQUATE' && i % 4 === 0 ? 'REQUIRES_IMPROVEMENT' : null;
    await put([stream(a), { type: 'UoPPHeld', occurredAt: at(i + 2), data: { auditId: a.auditId, heldOn: '2026-01-29', chairId: a.auditorId, attendeeIds: [a.practitionerId, a.teamManagerId], from, revisedGrade, rationale: revisedGrade ? 'plan already improving' : null, meeting: 'INITIAL', linkedPlan: 'TAF', followUpDue: from === 'INADEQUATE' ? '2026-03-12' : null } }]);
    await put([stream(a), { type: 'ActionAgreed', data: { auditId: a.auditId, actionId: `${a.auditId}-action`, description: 'Update the plan', ownerId: a.practitionerId, dueOn: '2026-02-20', scope: 'CASE', onCaseRecord: true, agreedById: a.auditorId, agreedOn: '2026-01-29' } }]);
    if (i % 4 === 0) {
      await put([stream(a), { type: 'ActionProgressed', data: { auditId: a.auditId, actionId: `${a.auditId}-action`, note: 'plan drafted', progressedById: a.practitionerId, progressedOn: '2026-02-05' } }]);
      await put([stream(a), { type: 'ActionCompleted', data: { auditId: a.auditId, actionId: `${a.auditId}-action`, note: null, completedById: a.practitionerId, completedOn: '2026-02-12' } }]);
    }
  }
  const disputed = audits.find((a, i) => i % 11 !== 10 && i % 13 !== 12);
  if (disputed) {
    const from = overall.get(disputed.auditId)!;
    const to = from === 'OUTSTANDING' ? 'GOOD' : 'OUTSTANDING';
    await put([streams.audit(disputed.auditId), { type: 'DisputeResolved', occurredAt: at(40), data: { auditId: disputed.auditId, disputeId: 'd-1', section: 'OVERALL', source: 'DISPUTE', from, to, rationale: 'head of service decision', decidedById: 'hos', decidedAs: 'HEAD_OF_SERVICE', decidedOn: '2026-02-10' } }]);
  }
  // The dip audit of the first work moderated below Good, allocated in the next cycle and submitted.
  const below = audits.find((a, i) => i % 11 !== 10 && i % 13 !== 12 && ['REQUIRES_IMPROVEMENT', 'INADEQUATE'].includes(overall.get(a.auditId)!));
  if (below) {
    const dip: Allocation = { ...below, auditId: `${p}-dip-0`, cycleId: cycles[1] };
    await put([stream(dip), { type: 'AuditAllocated', data: { ...dip, caseRef: `EH-${below.auditId}`, templateId: 'dip-sample', templateVersion: 1, reauditOfAuditId: below.auditId } }]);
    await put([stream(dip), { type: 'GradeSet', data: { auditId: dip.auditId, section: 'OVERALL', from: null, to: 'GOOD', rationale: 'improved', auditorId: dip.auditorId } }]);
    await put([stream(dip), { type: 'AuditSubmitted', data: { auditId: dip.auditId, submittedOn: '2026-03-09', overallGrade: 'GOOD', moderationDue: '2026-02-27' } }]);
  }
  // A written answer, the escalation of work not improved, the cycle's case selection and a dip sample.
  const first = audits[0];
  await put([stream(first), { type: 'NarrativeRecorded', data: { auditId: first.auditId, section: 'BESPOKE', question: 'BESPOKE_Q1', text: 'genogram on file' } }]);
  if (below) {
    // REP-8: the EH coordinator lead's weekly progress on work below Good.
    await put([`progress-${below.auditId}`, { type: 'InadequateWorkProgressRecorded', data: { auditId: below.auditId, weekOf: '2026-02-02', progress: 'plan on track', onTrack: true, recordedById: 'coord', recordedOn: '2026-02-04' } }]);
    await put([stream(below), { type: 'EscalatedToDivisionalDirector', data: { auditId: below.auditId, dueOn: '2026-05-27', escalatedOn: '2026-05-28', escalatedById: 'admin', grade: overall.get(below.auditId)!, evidenceAuditId: null, summary: 'no progress' } }]);
  }
  const selection = `selection-${cycles[1]}`;
  const sampled = { caseRef: 'EH-open-1', teamId: teams[0], practitionerId: practitioners[0], teamManagerId: managers[0], ethnicity: null, childAge: 6, monthsOpen: 4 };
  await put([selection, { type: 'SampleProposed', data: { cycleId: cycles[1], proposalId: `${p}-sample-0`, service: 'Early Help', seed: 's', excludedIfAuditedAfter: '2025-02-01', sampleSizes: [{ teamId: null, size: 1 }], candidates: [sampled], excluded: [], selected: [{ ...sampled, basis: 'SERVICE', auditedBefore: false, previousAuditOn: null }], proposedById: 'admin', proposedOn: '2026-02-01' } }]);
  const work = { auditId: audits[0].auditId, caseRef: `EH-${audits[0].auditId}`, teamId: audits[0].teamId, grade: 'REQUIRES_IMPROVEMENT' };
  await put([selection, { type: 'ReauditCandidatesProposed', data: { cycleId: cycles[1], proposalId: `${p}-reaudit-0`, previousCycleId: cycles[0], seed: 's', belowGood: [work], required: 1, candidates: [work], proposedById: 'admin', proposedOn: '2026-02-01' } }]);
  const dipSample = `dip-sample-${p}-dip-sample-0`;
  await put([dipSample, { type: 'DipSampleRecorded', data: { dipSampleId: `${p}-dip-sample-0`, cycleId: cycles[1], theme: 'CLOSURE', templateId: 'dip-sample', templateVersion: 1, kloe: null, cases: [{ caseRef: 'EH-closed-1', teamId: teams[1], answers: [{ question: 'CLOSURE_Q1', answer: 'NO', comment: null }] }], recordedById: 'admin', recordedOn: '2026-02-03' } }]);
  await put([dipSample, { type: 'DipSampleFindingsReported', data: { dipSampleId: `${p}-dip-sample-0`, findings: ['closure reasons missing'], headOfServiceId: 'hos', reportedById: 'admin', reportedOn: '2026-02-04' } }]);
  // A name registered after the audits that use it: rows written earlier must pick it up.
  await put(staff(`${p}-auditor-late`, 'Late Auditor', null, ['AUDITOR']));
  await put([streams.cycle(cycles[0]), { type: 'CycleClosed', data: { cycleId: cycles[0], closedOn: '2026-02-02', closedById: 'admin' } }]);
  await put([streams.cycle(cycles[0]), { type: 'KeyPracticePointsPublished', data: { cycleId: cycles[0], points: ['Hear the child', 'Record the rationale'], publishedById: 'admin', publishedOn: '2026-02-10' } }]);
  return last;
}
