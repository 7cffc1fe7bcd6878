import { Get, Post } from '@nestjs/common';
import { FormErrors, plainMessage } from '../kernel/form-errors.js';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';
import { hub, requireRoles } from './access.js';
import { TrackerImportClient, type ImportAnswer, type UploadRequest } from './tracker-upload.js';

const CYCLE = `query ImportedCycle($id: ID!) { cycle(id: $id) { id name service month status audits { id } } }`;

/**
 * Importing past cycles from a tracker spreadsheet (src/imports/README.md): the file is checked whole
 * and a file with any problem imports nothing; each problem (row, column, why) is listed in the error
 * summary. After an import, the cycles it brought in.
 */
@WebController('audit-team')
export class TrackerImportController {
  constructor(private readonly imports: TrackerImportClient) {}

  @Get('tracker-import')
  form(@Page() page: WebPage) {
    requireRoles(page, ['AUDIT_TEAM'], 'import a tracker');
    page.render('audit-team/tracker-import.njk', { pageTitle: 'Import a tracker', navigation: 'audit-team', errors: new FormErrors() });
  }

  @Post('tracker-import')
  async upload(@Page() page: WebPage) {
    requireRoles(page, ['AUDIT_TEAM'], 'import a tracker');
    const req = page.req as UploadRequest;
    const errors = new FormErrors();
    if (req.uploadProblem) errors.add('file', req.uploadProblem);
    else if (!req.file || req.file.size === 0) errors.add('file', 'Select a tracker file (XLSX or CSV)');
    else {
      const answer = await this.imports.send(req.file, page.session.token, page.req.correlationId);
      if (answer.ok) {
        const query = new URLSearchParams([...answer.result.cycles.map((c): [string, string] => ['cycle', c.cycleId]), ['file', answer.result.fileName], ['again', answer.result.alreadyImported ? '1' : '0']]);
        if (answer.result.ignoredHeadings.length) query.set('ignored', answer.result.ignoredHeadings.join('; '));
        return page.redirect(hub(`/tracker-import/imported?${query}`));
      }
      this.addProblems(errors, answer);
    }
    // Beside the field, one line; the summary above lists every row's problem.
    const fileError = errors.summary.length > 1 ? `The file has ${errors.summary.length} problems. Nothing was imported: put them right and choose the file again` : errors.summary[0]?.text;
    page.render('audit-team/tracker-import.njk', { pageTitle: 'Import a tracker', navigation: 'audit-team', errors, fileError, fileName: req.file?.originalname ?? null }, 400);
  }

  @Get('tracker-import/imported')
  async imported(@Page() page: WebPage) {
    requireRoles(page, ['AUDIT_TEAM'], 'import a tracker');
    const ids = ([] as unknown[]).concat(page.req.query.cycle ?? []).map(String).slice(0, 50);
    const cycles = [];
    for (const id of ids) {
      const { cycle } = await page.query<{ cycle: { id: string; name: string; service: string; month: string; status: string; audits: unknown[] } | null }>(CYCLE, { id });
      if (cycle) cycles.push({ ...cycle, audits: cycle.audits.length });
    }
    page.render('audit-team/tracker-imported.njk', {
      pageTitle: 'Tracker imported',
      navigation: 'audit-team',
      cycles,
      fileName: String(page.req.query.file ?? ''),
      again: page.req.query.again === '1',
      ignored: page.req.query.ignored ? String(page.req.query.ignored) : null,
    });
  }

  /** The import's refusal: each row problem as one line of the summary, else its one message. */
  private addProblems(errors: FormErrors, answer: Extract<ImportAnswer, { ok: false }>) {
    if (answer.problems.length === 0) return errors.add('file', plainMessage(answer.message, 'The file'));
    for (const p of answer.problems) errors.add('file', `Row ${p.row}, ${p.column}: ${p.message}`);
  }
}
