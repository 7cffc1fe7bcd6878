import { Get } from '@nestjs/common';
import { ApiFailure } from '../kernel/graphql-client.js';
import { GRADE_LABELS, STATUS_LABELS } from '../kernel/filters.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { DEADLINE_LABELS, TRACKER_CHOICES, TRACKER_PAGE, TRACKER_READERS, type TrackerChoices, type TrackerRow } from './tracker.queries.js';
import { downloadQuery, newestFirst, pagination, PAGE_SIZE, readTrackerQuery, sortHeading, trackerPageVariables, type Sortable } from './tracker-view.js';

const COLUMNS: Array<{ field: Sortable; text: string }> = [
  { field: 'CASE_REF', text: 'Case' },
  { field: 'MONTH', text: 'Month' },
  { field: 'TEAM', text: 'Team' },
  { field: 'PRACTITIONER', text: 'Practitioner' },
  { field: 'AUDITOR', text: 'Auditor' },
  { field: 'MODERATOR', text: 'Moderator' },
  { field: 'STATUS', text: 'Status' },
  { field: 'GRADE', text: 'Grade' },
  { field: 'NEXT_DEADLINE', text: 'Next deadline' },
];

/**
 * A cycle's tracker for the audit team and oversight: filters as a plain GET form, sortable column
 * headings that are links, numbered pages, and the same rows as XLSX or CSV. Everything through
 * trackerPage and the export routes as the signed-in person; no JavaScript needed.
 */
@WebController('tracker')
export class TrackerController {
  @Get()
  async show(@Page() page: WebPage) {
    this.refuseOthers(page);
    const choices = await page.query<TrackerChoices>(TRACKER_CHOICES);
    const state = readTrackerQuery(page.req.query as Record<string, unknown>, choices.cycles, choices.teams.map((t) => t.id));
    const { trackerPage } = await page.query<{ trackerPage: { totalCount: number; nodes: TrackerRow[] } }>(TRACKER_PAGE, trackerPageVariables(state));
    const cycle = choices.cycles.find((c) => c.id === state.cycleId) ?? null;
    const downloads = downloadQuery(state);
    const first = (state.page - 1) * PAGE_SIZE;
    page.render('tracker/tracker.njk', {
      pageTitle: cycle ? `Tracker: ${cycle.name}` : 'Tracker: all cycles',
      navigation: 'tracker',
      state,
      cycles: newestFirst(choices.cycles),
      services: [...new Set(choices.cycles.map((c) => c.service))].sort(),
      teams: [...choices.teams].sort((x, y) => x.name.localeCompare(y.name)),
      grades: Object.entries(GRADE_LABELS).map(([value, text]) => ({ value, text })),
      statuses: Object.entries(STATUS_LABELS).map(([value, text]) => ({ value, text })),
      columns: COLUMNS.filter((c) => c.field !== 'MONTH' || !cycle).map((c) => ({ ...c, ...sortHeading(state, c.field) })),
      showMonth: !cycle,
      rows: trackerPage.nodes.map((row) => ({ ...row, deadlineLabel: row.nextDeadlineKind ? DEADLINE_LABELS[row.nextDeadlineKind] : null })),
      totalCount: trackerPage.totalCount,
      shown: { from: trackerPage.nodes.length ? first + 1 : 0, to: first + trackerPage.nodes.length },
      pagination: pagination(state, trackerPage.totalCount),
      downloads: downloads === null ? null : { xlsx: `/tracker/tracker.xlsx?${downloads}`, csv: `/tracker/tracker.csv?${downloads}` },
    });
  }

  /** The filtered tracker as XLSX, from GET /exports/tracker.xlsx as the signed-in person. */
  @Get('tracker.xlsx')
  async xlsx(@Page() page: WebPage) {
    await this.download(page, 'xlsx');
  }

  @Get('tracker.csv')
  async csv(@Page() page: WebPage) {
    await this.download(page, 'csv');
  }

  private async download(page: WebPage, extension: 'xlsx' | 'csv') {
    this.refuseOthers(page);
    const choices = await page.query<TrackerChoices>(TRACKER_CHOICES);
    const state = readTrackerQuery(page.req.query as Record<string, unknown>, choices.cycles, choices.teams.map((t) => t.id));
    const query = downloadQuery(state);
    if (query === null) throw new ApiFailure('NOT_FOUND', [{ message: 'Choose a cycle to download its tracker' }]);
    await page.sendFile(`/exports/tracker.${extension}?${query}`);
  }

  /** In plain words before asking: the API refuses these roles the tracker anyway. */
  private refuseOthers(page: WebPage) {
    const held = page.session.roles ?? [];
    if (!TRACKER_READERS.some((r) => held.includes(r))) {
      throw new ApiFailure('FORBIDDEN', [{ message: 'Only the audit team, audit managers, heads of service and governance can see the tracker' }]);
    }
  }
}
