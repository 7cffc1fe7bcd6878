import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { CycleEntity } from '../../../projections/cycles/cycle.entity.js';
import { StaffEntity } from '../../../projections/directory/staff.entity.js';
import { TeamEntity } from '../../../projections/directory/team.entity.js';
import { ReadModelProgress } from '../../scale/read-model-progress.js';
import type { Principal } from '../../auth/principal.js';
import { EVENT_STORE, type EventStore } from '../../event-store/event-store.port.js';
import { eventMetadata } from '../../shared/command-handling.js';
import { badInput } from '../../shared/errors.js';
import { WriteSide } from '../../write-side/write-side.js';
import { importStream, type TrackerImported } from '../events.js';
import { importIdOf, planTrackerImport } from '../import-plan.js';
import { readTrackerFile, UnreadableFileError, type TrackerFormat } from '../tracker-file.js';

export interface TrackerFile {
  bytes: Buffer;
  fileName: string;
  format: TrackerFormat;
}

export interface TrackerImportResult {
  importId: string;
  fileName: string;
  format: TrackerFormat;
  /** The same file was imported before: nothing new was appended. */
  alreadyImported: boolean;
  /** Events appended by this request. */
  events: number;
  cycles: TrackerImported['data']['cycles'];
  audits: TrackerImported['data']['audits'];
  ignoredHeadings: string[];
}

/** An import of a few thousand rows takes longer for the read models than one command. */
const READ_YOUR_WRITES_TIMEOUT_MS = 120_000;

export class ImportTrackerCommand extends Command<TrackerImportResult> {
  constructor(
    readonly file: TrackerFile,
    readonly principal: Principal,
  ) {
    super();
  }
}

/**
 * Imports past cycles from a tracker spreadsheet (import-plan.ts says what each row becomes). The
 * whole file is checked before the first append, so a file with any problem imports nothing. Ids
 * come from the file's hash: importing the same file again appends nothing, and an import cut off
 * half way (a crash) completes when the file is sent again. The import record is appended last.
 */
@CommandHandler(ImportTrackerCommand)
export class ImportTrackerHandler implements ICommandHandler<ImportTrackerCommand, TrackerImportResult> {
  constructor(
    private readonly writeSide: WriteSide,
    private readonly dataSource: DataSource,
    private readonly runner: ReadModelProgress,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async execute({ file, principal }: ImportTrackerCommand): Promise<TrackerImportResult> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    const importId = importIdOf(sha256);
    const [done] = await this.store.readStream(importStream(importId));
    if (done) return { ...summary(done.data as TrackerImported['data']), alreadyImported: true, events: 0 };

    let sheet;
    try {
      sheet = await readTrackerFile(file.bytes, file.format);
    } catch (error) {
      if (error instanceof UnreadableFileError) throw badInput('file', error.message);
      throw error;
    }
    const decision = this.writeSide.decision(principal);
    const [teams, staff, existingCycles] = await Promise.all([
      this.dataSource.getRepository(TeamEntity).find(),
      this.dataSource.getRepository(StaffEntity).find(),
      this.dataSource.getRepository(CycleEntity).find({ select: { id: true, name: true, service: true, month: true } }),
    ]);
    const plan = planTrackerImport({
      sheet,
      fileName: file.fileName,
      format: file.format,
      sha256,
      directory: { teams, staff },
      existingCycles,
      actor: decision.actor,
      today: decision.today,
      now: decision.now,
      calendar: decision.calendar,
    });

    // The import id correlates every event the file brought in.
    const context = this.writeSide.context(principal, 'AUDIT_TEAM', importId, decision.now);
    // An append answering with a position at or below this found its events already stored (a resumed import).
    const headBefore = await this.store.headPosition();
    let position = 0;
    let appended = 0;
    for (const append of plan.appends) {
      const result = await this.store.appendToStream(
        append.streamId,
        append.events.map((event) => ({
          id: event.id,
          type: event.type,
          data: event.data,
          metadata: { ...eventMetadata(context), occurredAt: event.occurredAt },
        })),
        // The ids are the file's own: a stream holding them already is this import, resumed.
        { expectedRevision: 'any' },
      );
      position = Math.max(position, result.position);
      if (result.position > headBefore) appended += append.events.length;
    }
    await this.runner.waitFor(position, READ_YOUR_WRITES_TIMEOUT_MS);
    return { ...summary(plan.record), alreadyImported: false, events: appended };
  }
}

function summary(record: TrackerImported['data']): Omit<TrackerImportResult, 'alreadyImported' | 'events'> {
  return {
    importId: record.importId,
    fileName: record.fileName,
    format: record.format,
    cycles: record.cycles,
    audits: record.audits,
    ignoredHeadings: record.ignoredHeadings,
  };
}
