import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { apiProblems, dateField, lines } from './cycle-forms.js';
import { APPROVER_POSTS, audienceOf, cycleView, monthName } from './cycle-view.js';
import {
  AGREE_KLOES,
  APPROVE_KLOES,
  CLOSE_CYCLE,
  CYCLES,
  hasRole,
  KEY_PRACTICE_POINTS,
  loadCycle,
  loadDirectory,
  PRACTICE_DAY,
  RECORD_KLOE_MEETING,
  REAUDIT_PROPOSALS,
  SAMPLE_PROPOSALS,
  SCHEDULE,
  type CycleSummary,
  type ReauditProposal,
  type SampleProposal,
} from './cycles.queries.js';

const cycleHref = (id: string) => `/cycles/${encodeURIComponent(id)}`;
const PRACTICE_DAY_READERS = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'EH_COORDINATOR_LEAD', 'DIVISIONAL_DIRECTOR', 'GOVERNANCE'];

/** What a successful form did, shown in a banner on the cycle page (`?done=`). */
const DONE: Record<string, string> = {
  scheduled: 'The cycle is scheduled',
  kloes: 'The KLOEs are agreed',
  meeting: 'The KLOE meeting is recorded',
  approved: 'You approved the KLOEs',
  closed: 'The cycle is closed',
  allocated: 'The audit is allocated',
  reallocated: 'The audit is reallocated',
  'practice-day': 'The Practice Day is recorded',
  points: 'The key practice points are published',
};

/**
 * The audit team's cycles (000 "Audit Cycle – step by step over six months"): the list and
 * scheduling (BEF-5), and a cycle's page: its KLOEs (BEF-6), the KLOE meeting (BEF-1, BEF-2), the
 * approvals (BEF-3, BEF-4), its audits, the six-month programme (BEF-13) and closing it (BEF-7).
 */
@WebController('cycles')
export class CyclesController {
  @Get()
  async list(@Page() page: WebPage) {
    await this.renderList(page, new FormErrors(), {});
  }

  @Post()
  async schedule(@Page() page: WebPage) {
    const form = page.form;
    const input = { name: form.name ?? '', service: form.service ?? '', month: (form.month ?? '').trim(), kloes: lines(form.kloes) };
    const result = await page.mutate<{ scheduleCycle: { id: string } }>(SCHEDULE, { input });
    if (!result.ok) {
      const errors = addAll(new FormErrors(), apiProblems(result.errors, { name: 'name', service: 'service', month: 'month', kloes: 'kloes' }, LABELS));
      return this.renderList(page, errors, form, 400);
    }
    page.redirect(`${cycleHref(result.data.scheduleCycle.id)}?done=scheduled`);
  }

  @Get(':id')
  async show(@Page() page: WebPage, @Param('id') id: string) {
    await this.renderCycle(page, id, new FormErrors(), {});
  }

  @Post(':id/kloes')
  async agreeKloes(@Page() page: WebPage, @Param('id') id: string) {
    const result = await page.mutate(AGREE_KLOES, { input: { cycleId: id, kloes: lines(page.form.kloes) } });
    if (!result.ok) return this.refused(page, id, result.errors, { kloes: 'kloes' });
    page.redirect(`${cycleHref(id)}?done=kloes#kloes-section`);
  }

  @Post(':id/kloe-meeting')
  async recordMeeting(@Page() page: WebPage, @Param('id') id: string) {
    const form = page.form;
    const held = dateField(form, 'heldOn', 'the day the KLOE meeting was held');
    const attendeeIds = attendeesOf(page);
    const errors = new FormErrors();
    if (held.problem) errors.add(held.problem.field, held.problem.text);
    if (attendeeIds.length === 0) errors.add('attendeeIds', 'Select the staff who attended the KLOE meeting');
    if (!errors.any) {
      const result = await page.mutate(RECORD_KLOE_MEETING, { input: { cycleId: id, heldOn: held.value, attendeeIds } });
      if (result.ok) return page.redirect(`${cycleHref(id)}?done=meeting#meeting-section`);
      addAll(errors, apiProblems(result.errors, { heldOn: 'heldOn-day', attendeeIds: 'attendeeIds' }, LABELS));
    }
    await this.renderCycle(page, id, errors, { ...form, attendeeIds }, 400);
  }

  /** BEF-3: whoever holds one of the three posts approves in each post they hold. */
  @Post(':id/approve')
  async approve(@Page() page: WebPage, @Param('id') id: string) {
    const result = await page.mutate(APPROVE_KLOES, { cycleId: id });
    if (!result.ok) return this.refused(page, id, result.errors, {});
    page.redirect(`${cycleHref(id)}?done=approved#approvals-section`);
  }

  @Post(':id/close')
  async close(@Page() page: WebPage, @Param('id') id: string) {
    const result = await page.mutate(CLOSE_CYCLE, { cycleId: id });
    if (!result.ok) return this.refused(page, id, result.errors, {});
    page.redirect(`${cycleHref(id)}?done=closed`);
  }

  private async refused(page: WebPage, id: string, apiErrors: Parameters<typeof apiProblems>[0], fields: Record<string, string>) {
    const errors = addAll(new FormErrors(), apiProblems(apiErrors, fields, LABELS));
    await this.renderCycle(page, id, errors, page.form, 400);
  }

  private async renderList(page: WebPage, errors: FormErrors, values: Record<string, string>, status = 200) {
    const { cycles } = await page.query<{ cycles: CycleSummary[] }>(CYCLES);
    page.render(
      'cycles/list.njk',
      {
        pageTitle: 'Audit cycles',
        navigation: 'cycles',
        cycles: cycles.map((c) => ({ ...c, href: cycleHref(c.id), monthName: monthName(c.month) })),
        canSchedule: hasRole(page, 'AUDIT_TEAM'),
        errors,
        values,
      },
      status,
    );
  }

  private async renderCycle(page: WebPage, id: string, errors: FormErrors, values: Record<string, unknown>, status = 200) {
    const cycle = await loadCycle(page, id);
    const directory = await loadDirectory(page);
    const readsSelection = hasRole(page, 'AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE');
    const [samples, reaudits] = readsSelection
      ? await Promise.all([
          page.query<{ sampleProposals: SampleProposal[] }>(SAMPLE_PROPOSALS, { cycleId: id }).then((r) => r.sampleProposals),
          page.query<{ reauditProposals: ReauditProposal[] }>(REAUDIT_PROPOSALS, { cycleId: id }).then((r) => r.reauditProposals),
        ])
      : [[], []];
    const { keyPracticePoints } = await page.query<{ keyPracticePoints: { points: string[]; publishedOn: string | null } }>(KEY_PRACTICE_POINTS, { cycleId: id });
    // BEF-14: the Practice Day's words are for those who run and oversee the programme.
    const practiceDay =
      cycle.programme.practiceDayHeldOn && hasRole(page, ...PRACTICE_DAY_READERS)
        ? (await page.query<{ practiceDay: { leadersObservations: string[]; familyFeedback: string[] } | null }>(PRACTICE_DAY, { cycleId: id })).practiceDay
        : null;
    const view = cycleView(cycle, directory, page.session.roles ?? [], page.staffId);
    page.render(
      'cycles/cycle.njk',
      {
        pageTitle: cycle.name,
        navigation: 'cycles',
        cycle,
        view,
        done: DONE[String(page.req.query.done ?? '')] ?? null,
        sample: samples[0] ?? null,
        reaudit: reaudits[0] ?? null,
        keyPracticePoints,
        practiceDay,
        attendeeChoices: audienceOf(directory, cycle, values.attendeeIds as string[] | undefined),
        approverPosts: APPROVER_POSTS,
        errors,
        values: { kloes: cycle.kloes.join('\n'), ...values },
      },
      status,
    );
  }
}

export const LABELS: Record<string, string> = {
  name: 'The name',
  service: 'The service',
  month: 'The month',
  kloes: 'The KLOEs',
  'heldOn-day': 'The day of the meeting',
  attendeeIds: 'The attendees',
};

export function addAll(errors: FormErrors, problems: Array<{ field: string | null; text: string }>): FormErrors {
  for (const p of problems) errors.add(p.field, p.text);
  return errors;
}

/** Checkboxes post one value as a string and several as a list. */
export function attendeesOf(page: WebPage): string[] {
  const raw = (page.req.body ?? {}).attendeeIds as unknown;
  return (Array.isArray(raw) ? raw : raw ? [raw] : []).map(String).filter((x) => x.length > 0);
}
