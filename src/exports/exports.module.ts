import { Module } from '@nestjs/common';
import { ReportsModule } from '../reports/reports.module.js';
import { TrackerModule } from '../tracker/tracker.module.js';
import { AuditsModule } from '../audits/audits.module.js';
import { AuditDocument } from './audit-document.js';
import { BoardPack } from './board-pack.js';
import { ExportsController } from './exports.controller.js';
import { TrackerExport } from './tracker-export.js';

/** The tracker as XLSX and CSV and the board pack as DOCX, from the tracker's and the board report's own query services. */
@Module({ imports: [TrackerModule, ReportsModule, AuditsModule], controllers: [ExportsController], providers: [TrackerExport, BoardPack, AuditDocument] })
export class ExportsModule {}
