import { optionalText, requireRole, requireText, type Decider, type CommandContext } from '../shared/decider.js';
import { badInput, conflict, forbidden, notFound } from '../shared/errors.js';
import { ANSWERS, type Answer } from '../shared/domain-types.js';
import type { StaffFact } from '../shared/facts.js';
import type { CycleStatus } from '../shared/facts.js';
import type { AuditTemplate } from '../shared/audit-template.js';
import type { DipSampleCase, DipSampleEvent, DipSampleStatus } from './events.js';

/**
 * Dip samples (000 "Completion of dip samples"): completed by the audit team, or by another auditor
 * in agreement with the head of service; the quality assurance lead (the audit team here) reports the
 * key findings to the head of service, who signs them off.
 */

export type { DipSampleStatus } from './events.js';

export type DipSampleState = {
  recorded: boolean;
  id: string;
  cycleId: string;
  recordedById: string;
  status: DipSampleStatus | null;
  headOfServiceId: string | null;
};

const initialState = (): DipSampleState => ({ recorded: false, id: '', cycleId: '', recordedById: '', status: null, headOfServiceId: null });

export type CaseInput = { caseRef: string; teamId: string; answers: { question: string; answer: Answer; comment?: string | null }[] };

export type RecordDipSample = CommandContext & {
  type: 'RecordDipSample';
  data: { dipSampleId: string; cycleId: string; theme: string; kloe?: string | null; cases: CaseInput[] };
  cycle: { id: string; service: string; status: CycleStatus | null; kloes: readonly string[] } | null;
  /** The latest dip-sample template. */
  template: Pick<AuditTemplate, 'id' | 'version' | 'sections'>;
  /** The teams named by the cases that exist. */
  teams: readonly { id: string; service: string }[];
};

export type ReportDipSampleFindings = CommandContext & {
  type: 'ReportDipSampleFindings';
  data: { dipSampleId: string; findings: string[]; headOfServiceId: string };
  headOfService: StaffFact | null;
};

export type SignOffDipSample = CommandContext & { type: 'SignOffDipSample'; data: { dipSampleId: string; note?: string | null } };

export type DipSampleCommand = RecordDipSample | ReportDipSampleFindings | SignOffDipSample;

export const dipSampleDecider: Decider<DipSampleCommand, DipSampleEvent, DipSampleState> = {
  initialState,

  decide(command, state) {
    switch (command.type) {
      case 'RecordDipSample':
        return record(command, state);
      case 'ReportDipSampleFindings':
        return report(command, state);
      case 'SignOffDipSample':
        return signOff(command, state);
    }
  },

  evolve(state, event) {
    switch (event.type) {
      case 'DipSampleRecorded':
        return { ...initialState(), recorded: true, id: event.data.dipSampleId, cycleId: event.data.cycleId, recordedById: event.data.recordedById, status: 'RECORDED' };
      case 'DipSampleFindingsReported':
        return { ...state, status: 'FINDINGS_REPORTED', headOfServiceId: event.data.headOfServiceId };
      case 'DipSampleSignedOff':
        return { ...state, status: 'SIGNED_OFF' };
      default:
        return state;
    }
  },
};

/** Themes are the template's ungraded sections; its graded PROGRESS section is the dip audit of one audit. */
export function dipSampleThemes(template: Pick<AuditTemplate, 'sections'>): string[] {
  return template.sections.filter((s) => !s.graded).map((s) => s.key);
}

function record(command: RecordDipSample, state: DipSampleState): DipSampleEvent[] {
  const { data, actor, today, template } = command;
  requireRole(actor, ['AUDIT_TEAM', 'AUDITOR'], 'record a dip sample');
  const cycle = command.cycle;
  if (!cycle || cycle.id !== data.cycleId) throw notFound('cycle', data.cycleId);
  const dipSampleId = requireText('dipSampleId', data.dipSampleId);
  const themes = dipSampleThemes(template);
  const section = template.sections.find((s) => s.key === data.theme);
  if (!section || !themes.includes(section.key)) {
    const why = section ? `${section.key} is the dip audit of one audit (allocate it with allocateAudit)` : `${String(data.theme)} is not a theme of the dip sample`;
    throw badInput('theme', `${why}: use one of ${themes.join(', ')}`);
  }
  const kloe = optionalText(data.kloe);
  if (kloe !== null && !cycle.kloes.includes(kloe)) throw badInput('kloe', `is not one of the cycle's key lines of enquiry (${cycle.kloes.join('; ') || 'none agreed'})`);
  const cases = checkCases(command, section);
  if (cycle.status === 'CLOSED') throw conflict(`cycle ${cycle.id} is closed: no dip sample can be recorded in it`);
  if (state.recorded) throw conflict(`dip sample ${dipSampleId} is already recorded`);
  return [
    {
      type: 'DipSampleRecorded',
      data: { dipSampleId, cycleId: cycle.id, theme: section.key, templateId: template.id, templateVersion: template.version, kloe, cases, recordedById: actor.staffId, recordedOn: today },
    },
  ];
}

function checkCases(command: RecordDipSample, section: AuditTemplate['sections'][number]): DipSampleCase[] {
  const given = command.data.cases;
  const cycle = command.cycle!;
  if (!Array.isArray(given) || given.length === 0) throw badInput('cases', 'at least one case record checked is required');
  const seen = new Set<string>();
  return given.map((c, i) => {
    const field = (name: string) => `cases[${i}].${name}`;
    const caseRef = requireText(field('caseRef'), c.caseRef);
    if (seen.has(caseRef)) throw badInput(field('caseRef'), `case ${caseRef} is listed more than once`);
    seen.add(caseRef);
    const team = command.teams.find((t) => t.id === c.teamId);
    if (!team) throw notFound('team', String(c.teamId));
    if (team.service !== cycle.service) throw badInput(field('teamId'), `team ${team.id} is in ${team.service}, not in ${cycle.service}, the cycle's service`);
    if (!Array.isArray(c.answers) || c.answers.length === 0) throw badInput(field('answers'), `answer at least one question of ${section.key}`);
    const asked = new Set<string>();
    const answers = c.answers.map((a, j) => {
      const at = (name: string) => `cases[${i}].answers[${j}].${name}`;
      const question = section.questions.find((q) => q.key === a.question);
      if (!question) throw badInput(at('question'), `${String(a.question)} is not a question of ${section.key}`);
      if (asked.has(question.key)) throw badInput(at('question'), `${question.key} is answered more than once for case ${caseRef}`);
      asked.add(question.key);
      if (!ANSWERS.includes(a.answer) || !question.answers.includes(a.answer)) throw badInput(at('answer'), `question ${question.key} takes one of ${question.answers.join(', ')}`);
      return { question: question.key, answer: a.answer, comment: optionalText(a.comment) };
    });
    return { caseRef, teamId: team.id, answers };
  });
}

function report(command: ReportDipSampleFindings, state: DipSampleState): DipSampleEvent[] {
  const { data, actor, today } = command;
  requireRole(actor, ['AUDIT_TEAM'], 'report the findings of a dip sample');
  if (!state.recorded) throw notFound('dip sample', data.dipSampleId);
  if (!Array.isArray(data.findings) || data.findings.length === 0) throw badInput('findings', 'give at least one key finding');
  const findings = data.findings.map((f, i) => requireText(`findings[${i}]`, f));
  const hos = command.headOfService;
  if (!hos || hos.id !== data.headOfServiceId) throw notFound('staff member', data.headOfServiceId);
  if (!hos.roles.includes('HEAD_OF_SERVICE')) throw badInput('headOfServiceId', 'the findings go to a head of service for sign-off');
  if (state.status === 'SIGNED_OFF') throw conflict(`dip sample ${state.id} is already signed off: its findings can no longer change`);
  return [{ type: 'DipSampleFindingsReported', data: { dipSampleId: state.id, findings, headOfServiceId: hos.id, reportedById: actor.staffId, reportedOn: today } }];
}

function signOff(command: SignOffDipSample, state: DipSampleState): DipSampleEvent[] {
  const { data, actor, today } = command;
  requireRole(actor, ['HEAD_OF_SERVICE'], 'sign off a dip sample');
  if (!state.recorded) throw notFound('dip sample', data.dipSampleId);
  if (state.status === 'SIGNED_OFF') throw conflict(`dip sample ${state.id} is already signed off`);
  if (state.status !== 'FINDINGS_REPORTED') throw conflict(`dip sample ${state.id} has no findings reported yet: there is nothing to sign off`);
  if (actor.staffId !== state.headOfServiceId) throw forbidden(`only the head of service the findings were sent to (${state.headOfServiceId}) may sign them off`);
  return [{ type: 'DipSampleSignedOff', data: { dipSampleId: state.id, signedOffById: actor.staffId, signedOffOn: today, note: optionalText(data.note) } }];
}

/** How a theme's questions were answered across the cases checked. */
export function tally(cases: readonly DipSampleCase[]): { question: string; counts: Record<Answer, number> }[] {
  const questions = [...new Set(cases.flatMap((c) => c.answers.map((a) => a.question)))].sort((x, y) => x.localeCompare(y, 'en', { numeric: true }));
  return questions.map((question) => {
    const counts = { YES: 0, NO: 0, NOT_APPLICABLE: 0, PARTIALLY: 0 } as Record<Answer, number>;
    for (const c of cases) for (const a of c.answers) if (a.question === question) counts[a.answer] += 1;
    return { question, counts };
  });
}
