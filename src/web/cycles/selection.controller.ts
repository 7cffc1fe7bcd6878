import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { addAll } from './cycles.controller.js';
import { apiProblems, candidatesFrom, reasonedFrom, sampleSizesFrom } from './cycle-forms.js';
import { cycleView, monthName } from './cycle-view.js';
import {
  ALLOCATE,
  ALLOCATE_REAUDIT,
  hasRole,
  loadCycle,
  loadDirectory,
  PROPOSE_REAUDITS,
  PROPOSE_SAMPLE,
  REALLOCATE,
  REAUDIT_PROPOSALS,
  SAMPLE_PROPOSALS,
  namer,
  type Cycle,
  type Directory,
  type ReauditProposal,
  type SampleProposal,
} from './cycles.queries.js';
import { staffChoices, teamChoices, trainingNote } from './people.js';

const cycleHref = (id: string) => `/cycles/${encodeURIComponent(id)}`;
const TEMPLATES = `query Templates { templates { id name version } }`;

const ALLOCATION_FIELDS = ['caseRef', 'teamId', 'practitionerId', 'teamManagerId', 'auditorId', 'moderatorId', 'templateId'];
const CASE_FACTS = ['ethnicity', 'childAge', 'monthsOpen'];
const LABELS: Record<string, string> = {
  caseRef: 'The case reference',
  teamId: 'The team',
  practitionerId: 'The practitioner',
  teamManagerId: 'The team manager',
  auditorId: 'The auditor',
  moderatorId: 'The moderator',
  templateId: 'The template',
  reason: 'The reason',
  candidates: 'The cases put forward',
  chosen: 'The cases chosen by hand',
  includeRecentlyAudited: 'The cases kept in the draw',
  count: 'The number of candidates',
  ethnicity: 'The ethnicity',
  childAge: "The child's age",
  monthsOpen: 'The months open',
};
const identity = (names: string[]) => Object.fromEntries(names.map((n) => [n, n]));

/**
 * Choosing and allocating a cycle's cases (000 "Key Lines of Enquiry and selection of cases",
 * "6-month re-audit of 10% of work"): the sample drawn at random with cases chosen by hand
 * (BEF-8 to BEF-12), allocation and reallocation (BEF-4, PPL-3), and re-audits (BEF-10).
 */
@WebController('cycles')
export class SelectionController {
  // ------------------------------------------------------------------------------- the sample
  @Get(':id/sample')
  async sample(@Page() page: WebPage, @Param('id') id: string) {
    await this.renderSample(page, id, new FormErrors(), {});
  }

  @Post(':id/sample')
  async proposeSample(@Page() page: WebPage, @Param('id') id: string) {
    const form = page.form;
    const cycle = await loadCycle(page, id);
    const directory = await loadDirectory(page);
    const candidates = candidatesFrom(form.candidates);
    const sizes = sampleSizesFrom(form, serviceTeams(directory, cycle).map((t) => t.id));
    const chosen = reasonedFrom(form.chosen, 'chosen', 'cases chosen by hand');
    const kept = reasonedFrom(form.includeRecentlyAudited, 'includeRecentlyAudited', 'cases kept in the draw');
    const errors = addAll(new FormErrors(), [...candidates.problems, ...sizes.problems, ...chosen.problems, ...kept.problems]);
    if (!errors.any) {
      const input = { cycleId: id, candidates: candidates.candidates, sampleSizes: sizes.sizes, chosen: chosen.cases, includeRecentlyAudited: kept.cases };
      const result = await page.mutate(PROPOSE_SAMPLE, { input });
      if (result.ok) return page.redirect(`${cycleHref(id)}/sample`);
      addAll(errors, apiProblems(result.errors, { ...identity(['candidates', 'chosen', 'includeRecentlyAudited']), sampleSizes: 'size-service' }, LABELS));
    }
    await this.renderSample(page, id, errors, form, 400, { cycle, directory });
  }

  // ------------------------------------------------------------------------------- allocation
  @Get(':id/allocate')
  async allocateForm(@Page() page: WebPage, @Param('id') id: string) {
    const caseRef = String(page.req.query.caseRef ?? '');
    const sample = hasRole(page, 'AUDIT_TEAM') ? await latestSample(page, id) : null;
    const sampled = sample?.cases.find((c) => c.caseRef === caseRef);
    const values: Record<string, string> = sampled
      ? {
          caseRef,
          teamId: sampled.teamId,
          practitionerId: sampled.practitionerId,
          teamManagerId: sampled.teamManagerId,
          ethnicity: sampled.ethnicity ?? '',
          childAge: sampled.childAge == null ? '' : String(sampled.childAge),
          monthsOpen: sampled.monthsOpen == null ? '' : String(sampled.monthsOpen),
        }
      : { caseRef };
    await this.renderAllocate(page, id, new FormErrors(), values);
  }

  @Post(':id/allocate')
  async allocate(@Page() page: WebPage, @Param('id') id: string) {
    const form = page.form;
    const input: Record<string, unknown> = { cycleId: id };
    for (const field of ALLOCATION_FIELDS) input[field] = (form[field] ?? '').trim() || (field === 'templateId' ? null : '');
    const errors = new FormErrors();
    for (const field of ALLOCATION_FIELDS.filter((f) => f !== 'templateId' && f !== 'caseRef')) {
      if (!input[field]) errors.add(field, `Choose ${LABELS[field].replace(/^The /, 'the ')}`);
    }
    if (!input.caseRef) errors.add('caseRef', 'Enter the case reference');
    // The case facts of the template's header (003), from the sample when the case was drawn.
    input.ethnicity = (form.ethnicity ?? '').trim() || null;
    for (const field of ['childAge', 'monthsOpen'] as const) {
      const raw = (form[field] ?? '').trim();
      if (raw && !/^\d+$/.test(raw)) errors.add(field, `${LABELS[field]} must be a whole number`);
      input[field] = raw && /^\d+$/.test(raw) ? Number(raw) : null;
    }
    if (!errors.any) {
      const result = await page.mutate(ALLOCATE, { input });
      if (result.ok) return page.redirect(`${cycleHref(id)}?done=allocated#audits-section`);
      addAll(errors, apiProblems(result.errors, identity([...ALLOCATION_FIELDS, ...CASE_FACTS]), LABELS));
    }
    await this.renderAllocate(page, id, errors, form, 400);
  }

  @Get(':id/audits/:auditId/reallocate')
  async reallocateForm(@Page() page: WebPage, @Param('id') id: string, @Param('auditId') auditId: string) {
    const cycle = await loadCycle(page, id);
    const audit = auditOf(cycle, auditId);
    await this.renderReallocate(page, cycle, audit, new FormErrors(), { auditorId: audit.auditorId, moderatorId: audit.moderatorId });
  }

  @Post(':id/audits/:auditId/reallocate')
  async reallocate(@Page() page: WebPage, @Param('id') id: string, @Param('auditId') auditId: string) {
    const form = page.form;
    const cycle = await loadCycle(page, id);
    const audit = auditOf(cycle, auditId);
    const auditorId = form.auditorId && form.auditorId !== audit.auditorId ? form.auditorId : null;
    const moderatorId = form.moderatorId && form.moderatorId !== audit.moderatorId ? form.moderatorId : null;
    const errors = new FormErrors();
    if (!auditorId && !moderatorId) errors.add('auditorId', 'Choose a new auditor or a new moderator');
    if (!(form.reason ?? '').trim()) errors.add('reason', 'Enter why the audit is reallocated');
    if (!errors.any) {
      const result = await page.mutate(REALLOCATE, { input: { auditId, auditorId, moderatorId, reason: form.reason } });
      if (result.ok) return page.redirect(`${cycleHref(id)}?done=reallocated#audits-section`);
      addAll(errors, apiProblems(result.errors, identity(['auditorId', 'moderatorId', 'reason']), LABELS));
    }
    await this.renderReallocate(page, cycle, audit, errors, form, 400);
  }

  // ------------------------------------------------------------------------------- re-audits
  @Get(':id/reaudits')
  async reaudits(@Page() page: WebPage, @Param('id') id: string) {
    await this.renderReaudits(page, id, new FormErrors(), {});
  }

  @Post(':id/reaudits')
  async proposeReaudits(@Page() page: WebPage, @Param('id') id: string) {
    const raw = (page.form.count ?? '').trim();
    const errors = new FormErrors();
    if (raw && !/^\d+$/.test(raw)) errors.add('count', 'The number of candidates must be a whole number, or left empty for 10%');
    if (!errors.any) {
      const result = await page.mutate(PROPOSE_REAUDITS, { cycleId: id, count: raw ? Number(raw) : null });
      if (result.ok) return page.redirect(`${cycleHref(id)}/reaudits`);
      addAll(errors, apiProblems(result.errors, { count: 'count' }, LABELS));
    }
    await this.renderReaudits(page, id, errors, page.form, 400);
  }

  @Get(':id/reaudits/:auditId/allocate')
  async reauditForm(@Page() page: WebPage, @Param('id') id: string, @Param('auditId') auditId: string) {
    await this.renderReauditAllocation(page, id, auditId, new FormErrors(), {});
  }

  @Post(':id/reaudits/:auditId/allocate')
  async allocateReaudit(@Page() page: WebPage, @Param('id') id: string, @Param('auditId') auditId: string) {
    const form = page.form;
    const errors = new FormErrors();
    if (!form.auditorId) errors.add('auditorId', 'Choose the auditor');
    if (!form.moderatorId) errors.add('moderatorId', 'Choose the moderator');
    if (!errors.any) {
      const result = await page.mutate(ALLOCATE_REAUDIT, { input: { cycleId: id, reauditOfAuditId: auditId, auditorId: form.auditorId, moderatorId: form.moderatorId } });
      if (result.ok) return page.redirect(`${cycleHref(id)}/reaudits`);
      addAll(errors, apiProblems(result.errors, identity(['auditorId', 'moderatorId']), LABELS));
    }
    await this.renderReauditAllocation(page, id, auditId, errors, form, 400);
  }

  // ------------------------------------------------------------------------------- rendering
  private async renderSample(page: WebPage, id: string, errors: FormErrors, values: Record<string, string>, status = 200, loaded?: { cycle: Cycle; directory: Directory }) {
    const cycle = loaded?.cycle ?? (await loadCycle(page, id));
    const directory = loaded?.directory ?? (await loadDirectory(page));
    const sample = await latestSample(page, id);
    const view = cycleView(cycle, directory, page.session.roles ?? [], page.staffId);
    const name = namer(directory);
    page.render(
      'cycles/sample.njk',
      {
        pageTitle: `The sample of cases: ${cycle.name}`,
        navigation: 'cycles',
        cycle,
        view,
        sample,
        cases: (sample?.cases ?? []).map((c) => ({
          ...c,
          team: name(c.teamId),
          practitioner: name(c.practitionerId),
          allocateHref: view.canAllocate && !c.allocatedAuditId ? `${cycleHref(id)}/allocate?caseRef=${encodeURIComponent(c.caseRef)}` : null,
        })),
        teams: serviceTeams(directory, cycle),
        canPropose: view.auditTeam && view.open,
        errors,
        values,
      },
      status,
    );
  }

  private async renderAllocate(page: WebPage, id: string, errors: FormErrors, values: Record<string, string>, status = 200) {
    const cycle = await loadCycle(page, id);
    if (!hasRole(page, 'AUDIT_TEAM')) throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team allocates audits' }]);
    const directory = await loadDirectory(page);
    const { templates } = await page.query<{ templates: Array<{ id: string; name: string; version: number }> }>(TEMPLATES);
    page.render(
      'cycles/allocate.njk',
      {
        pageTitle: `Allocate an audit: ${cycle.name}`,
        navigation: 'cycles',
        cycle,
        monthName: monthName(cycle.month),
        choices: {
          teamId: teamChoices(directory, cycle.service, values.teamId),
          practitionerId: staffChoices(directory, 'PRACTITIONER', values.practitionerId, 'Choose the practitioner'),
          teamManagerId: staffChoices(directory, 'TEAM_MANAGER', values.teamManagerId, 'Choose the team manager'),
          auditorId: staffChoices(directory, 'AUDITOR', values.auditorId, 'Choose the auditor', trainingNote(directory)),
          moderatorId: staffChoices(directory, 'MODERATOR', values.moderatorId, 'Choose the moderator'),
          templateId: [
            { value: '', text: 'The usual template', selected: !values.templateId },
            ...templates.map((t) => ({ value: t.id, text: `${t.name} (version ${t.version})`, selected: t.id === values.templateId })),
          ],
        },
        errors,
        values,
      },
      status,
    );
  }

  private async renderReallocate(page: WebPage, cycle: Cycle, audit: Cycle['audits'][number], errors: FormErrors, values: Record<string, string>, status = 200) {
    if (!hasRole(page, 'AUDIT_TEAM')) throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team reallocates audits' }]);
    const directory = await loadDirectory(page);
    const name = namer(directory);
    page.render(
      'cycles/reallocate.njk',
      {
        pageTitle: `Reallocate the audit of case ${audit.caseRef}`,
        navigation: 'cycles',
        cycle,
        audit: { ...audit, auditor: name(audit.auditorId), moderator: name(audit.moderatorId) },
        choices: {
          auditorId: staffChoices(directory, 'AUDITOR', values.auditorId, 'Choose the auditor', trainingNote(directory)),
          moderatorId: staffChoices(directory, 'MODERATOR', values.moderatorId, 'Choose the moderator'),
        },
        errors,
        values,
      },
      status,
    );
  }

  private async renderReaudits(page: WebPage, id: string, errors: FormErrors, values: Record<string, string>, status = 200) {
    const cycle = await loadCycle(page, id);
    const directory = await loadDirectory(page);
    const { reauditProposals } = await page.query<{ reauditProposals: ReauditProposal[] }>(REAUDIT_PROPOSALS, { cycleId: id });
    const proposal = reauditProposals[0] ?? null;
    const view = cycleView(cycle, directory, page.session.roles ?? [], page.staffId);
    const name = namer(directory);
    page.render(
      'cycles/reaudits.njk',
      {
        pageTitle: `Re-audits: ${cycle.name}`,
        navigation: 'cycles',
        cycle,
        view,
        proposal,
        candidates: (proposal?.candidates ?? []).map((c) => ({
          ...c,
          team: name(c.teamId),
          allocateHref: view.canAllocate && !c.reauditId ? `${cycleHref(id)}/reaudits/${encodeURIComponent(c.auditId)}/allocate` : null,
        })),
        canPropose: view.auditTeam && view.open,
        errors,
        values,
      },
      status,
    );
  }

  private async renderReauditAllocation(page: WebPage, id: string, auditId: string, errors: FormErrors, values: Record<string, string>, status = 200) {
    if (!hasRole(page, 'AUDIT_TEAM')) throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team allocates re-audits' }]);
    const cycle = await loadCycle(page, id);
    const { reauditProposals } = await page.query<{ reauditProposals: ReauditProposal[] }>(REAUDIT_PROPOSALS, { cycleId: id });
    const candidate = reauditProposals[0]?.candidates.find((c) => c.auditId === auditId);
    if (!candidate) throw new ApiFailure('NOT_FOUND', [{ message: 'That audit is not proposed for re-audit in this cycle' }]);
    const directory = await loadDirectory(page);
    page.render(
      'cycles/reaudit-allocate.njk',
      {
        pageTitle: `Allocate the re-audit of case ${candidate.caseRef}`,
        navigation: 'cycles',
        cycle,
        candidate,
        choices: {
          auditorId: staffChoices(directory, 'AUDITOR', values.auditorId, 'Choose the auditor', trainingNote(directory)),
          moderatorId: staffChoices(directory, 'MODERATOR', values.moderatorId, 'Choose the moderator'),
        },
        errors,
        values,
      },
      status,
    );
  }
}

async function latestSample(page: WebPage, cycleId: string): Promise<SampleProposal | null> {
  const { sampleProposals } = await page.query<{ sampleProposals: SampleProposal[] }>(SAMPLE_PROPOSALS, { cycleId });
  return sampleProposals[0] ?? null;
}

function serviceTeams(directory: Directory, cycle: Cycle) {
  return directory.teams.filter((t) => t.service === cycle.service);
}

function auditOf(cycle: Cycle, auditId: string) {
  const audit = cycle.audits.find((a) => a.id === auditId);
  if (!audit) throw new ApiFailure('NOT_FOUND', [{ message: 'This cycle has no such audit' }]);
  return audit;
}
