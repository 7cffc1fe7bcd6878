import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { append } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { DipSampleEntity } from './dip-sample.entity.js';
import { dipSamplesProjection } from './dip-samples.projection.js';

describe('dip samples read model', () => {
  let h: ReadModelHarness;
  const logger = recordingLogger();
  const row = (id: string) => h.dataSource.getRepository(DipSampleEntity).findOneByOrFail({ id });

  beforeAll(async () => {
    h = await openHarness('dipsamples', [dipSamplesProjection], { logger });
    await h.runner.start();
  });
  afterAll(() => h.close());

  const cases = [{ caseRef: 'EH-1', teamId: 'north', answers: [{ question: 'CLOSURE_Q1', answer: 'NO', comment: 'no reason' }] }];

  it('follows a dip sample from recording through findings (reported twice) to sign-off', async () => {
    let position = await append(h.store, 'dip-sample-d1', {
      type: 'DipSampleRecorded',
      data: { dipSampleId: 'd1', cycleId: 'c1', theme: 'CLOSURE', templateId: 'dip-sample', templateVersion: 1, kloe: null, cases, recordedById: 'qa', recordedOn: '2026-12-21' },
    });
    await h.runner.waitFor(position);
    expect(await row('d1')).toEqual({
      id: 'd1',
      cycleId: 'c1',
      theme: 'CLOSURE',
      templateId: 'dip-sample',
      templateVersion: 1,
      kloe: null,
      status: 'RECORDED',
      cases,
      recordedById: 'qa',
      recordedOn: '2026-12-21',
      recordedAt: new Date('2026-03-02T09:00:00.000Z'),
      findings: [],
      reportedById: null,
      reportedOn: null,
      headOfServiceId: null,
      signedOffById: null,
      signedOffOn: null,
      signOffNote: null,
    });

    position = await append(
      h.store,
      'dip-sample-d1',
      { type: 'DipSampleFindingsReported', data: { dipSampleId: 'd1', findings: ['first'], headOfServiceId: 'hos', reportedById: 'qa', reportedOn: '2026-12-22' } },
      { type: 'DipSampleFindingsReported', data: { dipSampleId: 'd1', findings: ['a', 'b'], headOfServiceId: 'hos', reportedById: 'qa', reportedOn: '2026-12-23' } },
      { type: 'DipSampleSignedOff', data: { dipSampleId: 'd1', signedOffById: 'hos', signedOffOn: '2026-12-24', note: 'Shared with coordinators' } },
    );
    await h.runner.waitFor(position);
    expect(await row('d1')).toMatchObject({
      status: 'SIGNED_OFF',
      findings: ['a', 'b'],
      reportedOn: '2026-12-23',
      headOfServiceId: 'hos',
      signedOffById: 'hos',
      signedOffOn: '2026-12-24',
      signOffNote: 'Shared with coordinators',
    });
  });

  it('stops at findings for a dip sample never recorded, naming it', async () => {
    const position = await append(h.store, 'dip-sample-ghost', {
      type: 'DipSampleFindingsReported',
      data: { dipSampleId: 'ghost', findings: ['x'], headOfServiceId: 'hos', reportedById: 'qa', reportedOn: '2026-12-22' },
    });
    await expect(h.runner.waitFor(position, 2_000)).rejects.toThrow();
    expect(logger.errors.join('\n')).toMatch(/dip sample ghost was never recorded/);
  });
});
