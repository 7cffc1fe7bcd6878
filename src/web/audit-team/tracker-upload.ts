import type { AddressInfo } from 'node:net';
import { Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { ApiFailure } from '../kernel/graphql-client.js';

/** As POST /imports/tracker takes (src/imports/imports.controller.ts). */
export const MAX_TRACKER_BYTES = 10 * 1024 * 1024;

/** The file chosen on the upload form, as multer kept it in memory. */
export interface ChosenFile {
  buffer: Buffer;
  originalname: string;
  mimetype: string;
  size: number;
}

export type UploadRequest = Request & { file?: ChosenFile; uploadProblem?: string };

const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_TRACKER_BYTES, files: 1, fields: 10 } }).single('file');

/**
 * Reads the upload form's multipart body before the page's guard runs, so its `_csrf` is checked as on
 * any other form. A file too large (or a broken body) is not an error page: the form says why.
 */
export function trackerUploadMiddleware(req: Request, res: Response, next: NextFunction): void {
  upload(req, res, (error: unknown) => {
    if (error) {
      (req as UploadRequest).uploadProblem =
        error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE' ? `The file must be smaller than ${MAX_TRACKER_BYTES / 1024 / 1024} MB` : 'The file could not be read: choose it again';
      req.body ??= {};
    }
    next();
  });
}

export interface RowProblem {
  row: number;
  column: string;
  message: string;
}

export interface TrackerImportResult {
  importId: string;
  fileName: string;
  alreadyImported: boolean;
  cycles: Array<{ cycleId: string; name: string; service: string; month: string; audits: number; closed: boolean }>;
  audits: Array<{ row: number; auditId: string; caseRef: string }>;
  ignoredHeadings: string[];
}

export type ImportAnswer = { ok: true; result: TrackerImportResult } | { ok: false; message: string; field: string | null; problems: RowProblem[] };

/**
 * The upload page's road to the import: POST /imports/tracker on this same server as the signed-in
 * person (the API's own guard, roles and limits apply), the file sent on as multipart.
 */
@Injectable()
export class TrackerImportClient {
  constructor(private readonly http: HttpAdapterHost) {}

  async send(file: ChosenFile, token: string | null, correlationId?: string): Promise<ImportAnswer> {
    const address = this.http.httpAdapter.getHttpServer().address() as AddressInfo | null;
    if (!address) throw new ApiFailure('SERVICE_UNAVAILABLE', [{ message: 'the service is not listening yet' }]);
    const body = new FormData();
    body.append('file', new Blob([new Uint8Array(file.buffer)], { type: file.mimetype || 'application/octet-stream' }), file.originalname || 'tracker');
    let response: globalThis.Response;
    try {
      response = await fetch(`http://127.0.0.1:${address.port}/imports/tracker?fileName=${encodeURIComponent(file.originalname || 'tracker')}`, {
        method: 'POST',
        headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(correlationId ? { 'x-correlation-id': correlationId } : {}) },
        body,
      });
    } catch {
      throw new ApiFailure('SERVICE_UNAVAILABLE', [{ message: 'the service could not be reached' }]);
    }
    const answer = (await response.json().catch(() => null)) as (Record<string, unknown> & { error?: string; message?: string }) | null;
    if (response.status === 201 && answer) return { ok: true, result: answer as unknown as TrackerImportResult };
    if (response.status === 400 && answer?.error === 'BAD_USER_INPUT') {
      return { ok: false, message: String(answer.message ?? ''), field: typeof answer.field === 'string' ? answer.field : null, problems: (answer.problems as RowProblem[]) ?? [] };
    }
    const code = answer?.error && /^[A-Z_]+$/.test(answer.error) ? answer.error : response.status === 403 ? 'FORBIDDEN' : response.status === 401 ? 'UNAUTHENTICATED' : 'INTERNAL_SERVER_ERROR';
    throw new ApiFailure(code, [{ message: String(answer?.message ?? `the import answered ${response.status}`) }]);
  }
}
