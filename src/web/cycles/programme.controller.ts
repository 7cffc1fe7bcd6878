import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { addAll } from './cycles.controller.js';
import { apiProblems, dateField, lines } from './cycle-forms.js';
import { monthName } from './cycle-view.js';
import { hasRole, KEY_PRACTICE_POINTS, loadCycle, PUBLISH_KEY_PRACTICE_POINTS, RECORD_PRACTICE_DAY, type Cycle } from './cycles.queries.js';

const cycleHref = (id: string) => `/cycles/${encodeURIComponent(id)}`;

/**
 * After the audit month: month 4's Practice Day (BEF-14) and the cycle's key practice points for
 * practitioners (REP), both recorded by the audit team.
 */
@WebController('cycles')
export class ProgrammeController {
  @Get(':id/practice-day')
  async practiceDayForm(@Page() page: WebPage, @Param('id') id: string) {
    this.render(page, 'cycles/practice-day.njk', await this.auditTeamCycle(page, id), new FormErrors(), {});
  }

  @Post(':id/practice-day')
  async recordPracticeDay(@Page() page: WebPage, @Param('id') id: string) {
    const cycle = await this.auditTeamCycle(page, id);
    const form = page.form;
    const held = dateField(form, 'heldOn', 'the day the Practice Day was held');
    const errors = new FormErrors();
    if (held.problem) errors.add(held.problem.field, held.problem.text);
    const input = { cycleId: id, heldOn: held.value, leadersObservations: lines(form.leadersObservations), familyFeedback: lines(form.familyFeedback) };
    if (!errors.any && input.leadersObservations.length + input.familyFeedback.length === 0) {
      errors.add('leadersObservations', "Enter the leaders' observations or the families' feedback");
    }
    if (!errors.any) {
      const result = await page.mutate(RECORD_PRACTICE_DAY, { input });
      if (result.ok) return page.redirect(`${cycleHref(id)}?done=practice-day#programme-section`);
      addAll(
        errors,
        apiProblems(result.errors, { heldOn: 'heldOn-day', leadersObservations: 'leadersObservations', familyFeedback: 'familyFeedback' }, {
          'heldOn-day': 'The day',
          leadersObservations: "The leaders' observations",
          familyFeedback: "The families' feedback",
        }),
      );
    }
    this.render(page, 'cycles/practice-day.njk', cycle, errors, form, 400);
  }

  @Get(':id/key-practice-points')
  async pointsForm(@Page() page: WebPage, @Param('id') id: string) {
    const cycle = await this.auditTeamCycle(page, id);
    const { keyPracticePoints } = await page.query<{ keyPracticePoints: { points: string[] } }>(KEY_PRACTICE_POINTS, { cycleId: id });
    this.render(page, 'cycles/key-practice-points.njk', cycle, new FormErrors(), { points: keyPracticePoints.points.join('\n') });
  }

  @Post(':id/key-practice-points')
  async publishPoints(@Page() page: WebPage, @Param('id') id: string) {
    const cycle = await this.auditTeamCycle(page, id);
    const result = await page.mutate(PUBLISH_KEY_PRACTICE_POINTS, { input: { cycleId: id, points: lines(page.form.points) } });
    if (result.ok) return page.redirect(`${cycleHref(id)}?done=points#points-section`);
    const errors = addAll(new FormErrors(), apiProblems(result.errors, { points: 'points' }, { points: 'The key practice points' }));
    this.render(page, 'cycles/key-practice-points.njk', cycle, errors, page.form, 400);
  }

  /** The cycle, for the audit team only: the API refuses anyone else's record, so the page does not offer the form. */
  private async auditTeamCycle(page: WebPage, id: string): Promise<Cycle> {
    const cycle = await loadCycle(page, id);
    if (!hasRole(page, 'AUDIT_TEAM')) throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team records the programme of a cycle' }]);
    return cycle;
  }

  private render(page: WebPage, view: string, cycle: Cycle, errors: FormErrors, values: Record<string, string>, status = 200) {
    const title = view.includes('practice-day') ? 'Record the Practice Day' : 'Publish the key practice points';
    page.render(view, { pageTitle: `${title}: ${cycle.name}`, navigation: 'cycles', cycle, practiceDayMonth: monthName(cycle.programme.practiceDayMonth), errors, values }, status);
  }
}
