import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { ANSWERS } from '../../src/shared/domain-types.js';
import type { DipSampleCase } from '../../src/dip-samples/events.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError, occurredAt } from '../runner/event-data.js';
import { DipSampleEntity } from './dip-sample.entity.js';

async function changeDipSample(manager: EntityManager, id: string, change: (row: DipSampleEntity) => void): Promise<void> {
  const row = await manager.findOneBy(DipSampleEntity, { id });
  if (!row) throw new MalformedEventError(`dip sample ${id} was never recorded`);
  change(row);
  await manager.save(DipSampleEntity, row);
}

/** `dipSamples` and `dipSample(id)`: the audit team's thematic checks of case records and their sign-off. */
export const dipSamplesProjection = defineProjection({
  name: 'dip-samples',
  version: 1,
  entities: [DipSampleEntity],
  handlers: {
    async DipSampleRecorded(event, manager) {
      const data = EventData.of(event);
      await manager.insert(DipSampleEntity, {
        id: data.string('dipSampleId'),
        cycleId: data.string('cycleId'),
        theme: data.string('theme'),
        templateId: data.string('templateId'),
        templateVersion: data.integer('templateVersion'),
        kloe: data.optionalString('kloe') || null,
        status: 'RECORDED',
        cases: casesOf(event),
        recordedById: data.string('recordedById'),
        recordedOn: data.date('recordedOn'),
        recordedAt: occurredAt(event),
        findings: [],
        reportedById: null,
        reportedOn: null,
        headOfServiceId: null,
        signedOffById: null,
        signedOffOn: null,
        signOffNote: null,
      });
    },

    async DipSampleFindingsReported(event, manager) {
      const data = EventData.of(event);
      await changeDipSample(manager, data.string('dipSampleId'), (row) => {
        row.status = 'FINDINGS_REPORTED';
        row.findings = data.strings('findings');
        row.reportedById = data.string('reportedById');
        row.reportedOn = data.date('reportedOn');
        row.headOfServiceId = data.string('headOfServiceId');
      });
    },

    async DipSampleSignedOff(event, manager) {
      const data = EventData.of(event);
      await changeDipSample(manager, data.string('dipSampleId'), (row) => {
        row.status = 'SIGNED_OFF';
        row.signedOffById = data.string('signedOffById');
        row.signedOffOn = data.date('signedOffOn');
        row.signOffNote = data.optionalString('note') || null;
      });
    },
  },
});

function casesOf(event: RecordedEvent): DipSampleCase[] {
  const value = (event.data as Record<string, unknown>).cases;
  const isCase = (c: unknown): boolean => {
    const x = c as DipSampleCase;
    return (
      typeof x === 'object' &&
      x !== null &&
      typeof x.caseRef === 'string' &&
      typeof x.teamId === 'string' &&
      Array.isArray(x.answers) &&
      x.answers.every((a) => typeof a === 'object' && a !== null && typeof a.question === 'string' && ANSWERS.includes(a.answer) && (a.comment === null || typeof a.comment === 'string'))
    );
  };
  if (!Array.isArray(value) || !value.every(isCase)) throw new MalformedEventError('field "cases" must be a list of cases, each with caseRef, teamId and answers');
  return value as DipSampleCase[];
}
