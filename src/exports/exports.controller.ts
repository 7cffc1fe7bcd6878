import { Controller, Get, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Authenticated, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { AuditDocument } from './audit-document.js';
import { ID_PATTERN } from '../graphql/validation.js';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE } from '../imports/tracker-file.js';
import { badInput } from '../shared/errors.js';
import { BoardPack } from './board-pack.js';
import { TrackerExport } from './tracker-export.js';
import { trackerExportParams } from './tracker-export-params.js';

export const DOCX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Who reads the tracker: the audit team and oversight (as the tracker query), never case parties or board readers. */
const TRACKER_READERS = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'] as const;

/**
 * Files for people to open: GET /exports/tracker.xlsx and /exports/tracker.csv (?cycleId=, and
 * optionally trackerPage's filters and sort: tracker-export-params.ts) give a cycle's tracker; GET /exports/board-report.docx (?cycleId=, optional &previousCycles=, default 3)
 * the board pack, which board readers may have too (aggregates only, as the boardReport query).
 * Refusals answer as on GraphQL: `error` is the contract's code, the message names the parameter or rule.
 */
@Controller('exports')
export class ExportsController {
  constructor(
    private readonly tracker: TrackerExport,
    private readonly boardPack: BoardPack,
    private readonly auditDocument: AuditDocument,
  ) {}

  /** REP-10: one audit for the child's file; whoever may read the audit (as the audit query), nobody else. */
  @Authenticated()
  @Get('audit.docx')
  async auditDocx(@Query('auditId') auditId: unknown, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    const { audit, bytes } = await this.auditDocument.docx(requireId(auditId, 'auditId', 'the audit’s id'), principal);
    send(response, DOCX_CONTENT_TYPE, `audit-${safe(audit.caseRef)}-${audit.id.slice(0, 8)}.docx`, bytes);
  }

  /** REP-10: the same document as PDF, with the same rights. */
  @Authenticated()
  @Get('audit.pdf')
  async auditPdf(@Query('auditId') auditId: unknown, @CurrentPrincipal() principal: Principal, @Res() response: Response): Promise<void> {
    const { audit, bytes } = await this.auditDocument.pdf(requireId(auditId, 'auditId', 'the audit’s id'), principal);
    send(response, 'application/pdf', `audit-${safe(audit.caseRef)}-${audit.id.slice(0, 8)}.pdf`, bytes);
  }

  @Roles(...TRACKER_READERS)
  @Get('tracker.xlsx')
  async trackerXlsx(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const cycleId = requireCycleId(query.cycleId);
    const { filter, orderBy } = trackerExportParams(query);
    const { data, bytes } = await this.tracker.xlsx(cycleId, filter, orderBy);
    send(response, XLSX_CONTENT_TYPE, fileName('tracker', data.cycle, 'xlsx'), bytes);
  }

  @Roles(...TRACKER_READERS)
  @Get('tracker.csv')
  async trackerCsv(@Query() query: Record<string, unknown>, @Res() response: Response): Promise<void> {
    const cycleId = requireCycleId(query.cycleId);
    const { filter, orderBy } = trackerExportParams(query);
    const { data, bytes } = await this.tracker.csv(cycleId, filter, orderBy);
    send(response, `${CSV_CONTENT_TYPE}; charset=utf-8`, fileName('tracker', data.cycle, 'csv'), bytes);
  }

  @Roles(...TRACKER_READERS, 'BOARD_READER', 'DIVISIONAL_DIRECTOR')
  @Get('board-report.docx')
  async boardReportDocx(@Query('cycleId') cycleId: unknown, @Query('previousCycles') previousCycles: unknown, @Res() response: Response): Promise<void> {
    const { report, bytes } = await this.boardPack.docx(requireCycleId(cycleId), optionalCount(previousCycles, 'previousCycles'));
    send(response, DOCX_CONTENT_TYPE, fileName('board-report', report.cycle, 'docx'), bytes);
  }
}

/** A whole number given as a query parameter; undefined when absent (the query service checks its range). */
function optionalCount(value: unknown, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,4}$/.test(value)) throw badInput(name, 'must be a whole number');
  return Number(value);
}

export function requireCycleId(value: unknown): string {
  return requireId(value, 'cycleId', 'the cycle’s id');
}

function requireId(value: unknown, name: string, what: string): string {
  if (value === undefined || value === '') throw badInput(name, `is required: ?${name}=<${what}>`);
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) throw badInput(name, "must be 1–64 letters, digits, '.', '_' or '-'");
  return value;
}

const safe = (words: string) => words.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'case';

/** e.g. tracker-eh-hub-2026-03.xlsx: the service and month say which cycle it is. */
export function fileName(what: string, cycle: { service: string; month: string }, extension: string): string {
  const service = cycle.service.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'service';
  return `${what}-${service}-${cycle.month}.${extension}`;
}

export function send(response: Response, contentType: string, name: string, bytes: Buffer): void {
  response
    .status(200)
    .setHeader('Content-Type', contentType)
    .setHeader('Content-Disposition', `attachment; filename="${name}"`)
    // Case-identifying data: never kept in a shared cache.
    .setHeader('Cache-Control', 'no-store')
    .send(bytes);
}
