import { Get, Param, Post } from '@nestjs/common';
import { FormErrors } from '../kernel/form-errors.js';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { AUDIT_TEAM_PAGES, hub, requireRoles } from './access.js';
import { dateFrom, tickedRoles } from './form-values.js';
import { PEOPLE, RECORD_TRAINING, REGISTER_STAFF, REGISTER_TEAM, ROLE_CHOICES, roleWords, TEAMS, type Person, type Team } from './people.queries.js';

const STAFF_LABELS = { id: 'The staff ID', name: 'The name', email: 'The email address', teamId: 'The team', roles: 'The roles' };

/**
 * People and teams: the staff register (staff, teams), registering a person with their roles and
 * team (registerStaff), a team (registerTeam), and an auditor's training (recordAuditorTraining, PPL-2).
 */
@WebController('audit-team')
export class PeopleController {
  @Get()
  hub(@Page() page: WebPage) {
    requireRoles(page, AUDIT_TEAM_PAGES, 'see the audit team’s pages');
    page.render('audit-team/hub.njk', { pageTitle: 'Audit team', navigation: 'audit-team' });
  }

  @Get('people')
  async people(@Page() page: WebPage) {
    const { staff, teams } = await page.query<{ staff: Person[]; teams: Team[] }>(PEOPLE);
    const teamName = new Map(teams.map((t) => [t.id, t.name]));
    const people = staff.map((p) => ({
      ...p,
      team: p.teamId ? (teamName.get(p.teamId) ?? p.teamId) : null,
      roleWords: roleWords(p.roles),
      auditor: p.roles.includes('AUDITOR'),
    }));
    const registered = people.find((p) => p.id === page.req.query.registered) ?? null;
    page.render('audit-team/people.njk', { pageTitle: 'People', navigation: 'audit-team', people, registered });
  }

  @Get('people/new')
  async newPerson(@Page() page: WebPage) {
    requireRoles(page, ['AUDIT_TEAM'], 'register staff');
    await this.renderPersonForm(page, { roles: [] }, new FormErrors());
  }

  @Post('people/new')
  async registerPerson(@Page() page: WebPage) {
    requireRoles(page, ['AUDIT_TEAM'], 'register staff');
    const form = page.form;
    const roles = tickedRoles(page.req.body);
    const input = { id: form.id.trim(), name: form.name, email: form.email.trim(), teamId: form.teamId || null, roles };
    const result = await page.mutate<{ registerStaff: { id: string; name: string } }>(REGISTER_STAFF, { input });
    if (!result.ok) {
      const errors = new FormErrors();
      // A conflict names no field: a staff ID already registered belongs beside the staff ID.
      for (const error of result.errors) errors.addApiErrors([error], (f) => staffField(f) ?? (/already registered/.test(error.message) ? 'id' : /\bteam\b/.test(error.message) ? 'teamId' : null), STAFF_LABELS);
      return this.renderPersonForm(page, { ...form, roles }, errors, 400);
    }
    page.redirect(hub(`/people?registered=${encodeURIComponent(result.data.registerStaff.id)}`));
  }

  @Get('people/:id/training')
  async training(@Page() page: WebPage, @Param('id') id: string) {
    requireRoles(page, ['AUDIT_TEAM'], "record an auditor's training");
    const person = await this.person(page, id);
    page.render('audit-team/training.njk', { pageTitle: `Training of ${person.name}`, navigation: 'audit-team', person, values: {}, errors: new FormErrors() });
  }

  @Post('people/:id/training')
  async recordTraining(@Page() page: WebPage, @Param('id') id: string) {
    requireRoles(page, ['AUDIT_TEAM'], "record an auditor's training");
    const person = await this.person(page, id);
    const form = page.form;
    const completedOn = dateFrom(form, 'completedOn');
    const errors = new FormErrors();
    if (!completedOn) errors.add('completedOn-day', 'Enter the day the training was completed, as a day, month and year');
    else {
      const result = await page.mutate(RECORD_TRAINING, { input: { staffId: person.id, completedOn } });
      if (result.ok) return page.redirect(hub('/people'));
      errors.addApiErrors(result.errors, (f) => (f === 'completedOn' || f === 'input.completedOn' ? 'completedOn-day' : null), { 'completedOn-day': 'The day completed' });
    }
    page.render('audit-team/training.njk', { pageTitle: `Training of ${person.name}`, navigation: 'audit-team', person, values: form, errors }, 400);
  }

  @Get('teams')
  async teams(@Page() page: WebPage) {
    await this.renderTeams(page, {}, new FormErrors());
  }

  @Post('teams')
  async registerTeam(@Page() page: WebPage) {
    requireRoles(page, ['AUDIT_TEAM'], 'register a team');
    const form = page.form;
    const result = await page.mutate(REGISTER_TEAM, { input: { id: form.id.trim(), name: form.name, service: form.service } });
    if (!result.ok) {
      const errors = new FormErrors();
      for (const error of result.errors) {
        errors.addApiErrors([error], (f) => teamField(f) ?? (/already registered/.test(error.message) ? 'id' : null), { id: 'The team ID', name: 'The name', service: 'The service' });
      }
      return this.renderTeams(page, form, errors, 400);
    }
    page.redirect(hub('/teams'));
  }

  private async person(page: WebPage, id: string): Promise<Person> {
    const { staff } = await page.query<{ staff: Person[] }>(PEOPLE);
    const person = staff.find((p) => p.id === id);
    if (!person) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no staff member with this ID' }]);
    return person;
  }

  private async renderPersonForm(page: WebPage, values: Record<string, unknown>, errors: FormErrors, status = 200) {
    const { teams } = await page.query<{ teams: Team[] }>(TEAMS);
    const ticked = (values.roles as string[]) ?? [];
    page.render(
      'audit-team/person-new.njk',
      {
        pageTitle: 'Register a person',
        navigation: 'audit-team',
        values,
        errors,
        teamItems: [{ value: '', text: 'No team' }, ...teams.map((t) => ({ value: t.id, text: `${t.name} (${t.service})`, selected: values.teamId === t.id }))],
        roleItems: ROLE_CHOICES.map((r) => ({ ...r, checked: ticked.includes(r.value) })),
      },
      status,
    );
  }

  private async renderTeams(page: WebPage, values: Record<string, string>, errors: FormErrors, status = 200) {
    const { teams } = await page.query<{ teams: Team[] }>(TEAMS);
    page.render('audit-team/teams.njk', { pageTitle: 'Teams', navigation: 'audit-team', teams, values, errors }, status);
  }
}

const field = (apiField: string | null) => apiField?.replace(/^input\./, '') ?? null;

function staffField(apiField: string | null): string | null {
  const f = field(apiField);
  return f && ['id', 'name', 'email', 'teamId', 'roles'].includes(f) ? f : null;
}

function teamField(apiField: string | null): string | null {
  const f = field(apiField);
  return f && ['id', 'name', 'service'].includes(f) ? f : null;
}
