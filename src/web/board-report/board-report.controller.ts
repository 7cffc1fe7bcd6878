import { Get } from '@nestjs/common';
import { ApiFailure } from '../kernel/graphql-client.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { newestFirst, type CycleOption } from '../tracker/tracker-view.js';
import { BOARD_REPORT, BOARD_REPORT_READERS, CYCLES, type BoardReport } from './board-report.queries.js';
import { changeMatrix, gradesChart } from './charts.js';
import { reportView } from './report-view.js';

/**
 * The board report of a cycle (boardReport) for the board and oversight: grades against earlier
 * cycles and the moderation change matrix as SVG drawn on the server, each with its figures in a
 * table beside it; agreement, UoPP, dip audits and re-audits, actions, feedback, equality (small
 * numbers withheld) and escalations; the DOCX board pack. Aggregates only, no JavaScript needed.
 */
@WebController('board-report')
export class BoardReportController {
  @Get()
  async show(@Page() page: WebPage) {
    this.refuseOthers(page);
    const { cycles } = await page.query<{ cycles: CycleOption[] }>(CYCLES);
    const cycleId = this.chosen(page, cycles);
    if (!cycleId) return page.render('board-report/board-report.njk', { pageTitle: 'Board report', navigation: 'board-report', cycles: newestFirst(cycles), report: null });
    const { boardReport } = await page.query<{ boardReport: BoardReport }>(BOARD_REPORT, { cycleId });
    const all = [boardReport.cycle, ...boardReport.previous];
    page.render('board-report/board-report.njk', {
      pageTitle: `Board report: ${boardReport.cycle.name}`,
      navigation: 'board-report',
      cycles: newestFirst(cycles),
      cycleId,
      report: boardReport,
      view: reportView(boardReport),
      gradesChart: gradesChart(all),
      matrix: changeMatrix(boardReport.cycle.moderationChanges),
      docxHref: `/board-report/board-report.docx?cycleId=${encodeURIComponent(cycleId)}`,
    });
  }

  /** The board pack, from GET /exports/board-report.docx as the signed-in person. */
  @Get('board-report.docx')
  async docx(@Page() page: WebPage) {
    this.refuseOthers(page);
    const { cycles } = await page.query<{ cycles: CycleOption[] }>(CYCLES);
    const cycleId = this.chosen(page, cycles);
    if (!cycleId) throw new ApiFailure('NOT_FOUND', [{ message: 'Choose a cycle to download its board pack' }]);
    await page.sendFile(`/exports/board-report.docx?cycleId=${encodeURIComponent(cycleId)}`);
  }

  /** The cycle asked for, if it is one; the newest when none is asked for. */
  private chosen(page: WebPage, cycles: CycleOption[]): string | null {
    const asked = page.req.query.cycleId;
    if (asked === undefined) return newestFirst(cycles)[0]?.id ?? null;
    const found = cycles.find((c) => c.id === asked);
    if (!found) throw new ApiFailure('NOT_FOUND', [{ message: 'There is no such cycle' }]);
    return found.id;
  }

  private refuseOthers(page: WebPage) {
    const held = page.session.roles ?? [];
    if (!BOARD_REPORT_READERS.some((r) => held.includes(r))) {
      throw new ApiFailure('FORBIDDEN', [{ message: 'Only the board, oversight and the audit team can see the board report' }]);
    }
  }
}
