import { Controller, HttpCode, Post, Query, Req, UploadedFile, UseInterceptors } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { FileInterceptor } from '@nestjs/platform-express';
import type { Request } from 'express';
import { CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { badInput } from '../shared/errors.js';
import { ImportTrackerCommand, type TrackerImportResult } from './commands/import-tracker.js';
import { CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, type TrackerFormat } from './tracker-file.js';

/** A tracker is a few hundred rows; this leaves room for years of them in one workbook. */
export const MAX_TRACKER_BYTES = 10 * 1024 * 1024;

/** What multer hands over for a multipart upload. */
interface UploadedTracker {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
}

const FORMAT_HINT = `send the tracker as ${XLSX_CONTENT_TYPE} or ${CSV_CONTENT_TYPE}, or as multipart/form-data with the file in the field "file"`;

/**
 * POST /imports/tracker: a past cycles' tracker spreadsheet becomes events (see import-plan.ts).
 *
 * The body is the file itself, with Content-Type text/csv or the XLSX type (application/octet-stream
 * goes by the name's extension; the name comes from ?fileName=), or a multipart form with the file in
 * the field `file`. 201 with the cycles and audits imported; 400 BAD_USER_INPUT with `problems`, each
 * a row, a column and why, when anything in the file is wrong, and then nothing is imported.
 */
@Controller('imports')
export class ImportsController {
  constructor(private readonly commands: CommandBus) {}

  @Roles('AUDIT_TEAM')
  @Post('tracker')
  @HttpCode(201)
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_TRACKER_BYTES, files: 1 } }))
  async importTracker(
    @Req() request: Request,
    @UploadedFile() upload: UploadedTracker | undefined,
    @CurrentPrincipal() principal: Principal,
    @Query('fileName') fileNameParam?: string,
  ): Promise<TrackerImportResult> {
    if (upload) {
      const fileName = fileNameParam?.trim() || upload.originalname || 'tracker';
      const format = formatOf(upload.mimetype, fileName);
      return this.commands.execute(new ImportTrackerCommand({ bytes: upload.buffer, fileName, format }, principal));
    }
    if (request.is('multipart/form-data')) throw badInput('file', 'the multipart form has no file in the field "file"');
    const fileName = fileNameParam?.trim() || 'tracker';
    const format = formatOf(request.header('content-type') ?? '', fileName);
    const bytes = await readBody(request);
    if (bytes.length === 0) throw badInput('file', `the request has no body: ${FORMAT_HINT}`);
    return this.commands.execute(new ImportTrackerCommand({ bytes, fileName, format }, principal));
  }
}

function formatOf(contentType: string, fileName: string): TrackerFormat {
  const type = contentType.split(';')[0].trim().toLowerCase();
  if (type === XLSX_CONTENT_TYPE) return 'xlsx';
  if (type === CSV_CONTENT_TYPE || type === 'application/csv') return 'csv';
  if (type === 'application/octet-stream' || type === '') {
    const extension = fileName.toLowerCase().split('.').pop();
    if (extension === 'xlsx' || extension === 'csv') return extension;
  }
  throw badInput('file', `cannot tell the file's format from "${type || 'no content type'}": ${FORMAT_HINT}`);
}

async function readBody(request: Request): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_TRACKER_BYTES) throw badInput('file', `is larger than ${MAX_TRACKER_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
