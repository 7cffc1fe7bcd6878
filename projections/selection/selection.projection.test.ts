import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { append } from '../test-support/events.js';
import { openHarness, recordingLogger, type ReadModelHarness } from '../test-support/harness.js';
import { ReauditProposalEntity } from './reaudit-proposal.entity.js';
import { SampleProposalEntity } from './sample-proposal.entity.js';
import { selectionProjection } from './selection.projection.js';

describe('selection read model', () => {
  let h: ReadModelHarness;
  const logger = recordingLogger();

  beforeAll(async () => {
    h = await openHarness('selection', [selectionProjection], { logger });
    await h.runner.start();
  });
  afterAll(() => h.close());

  const sampled = { caseRef: 'EH-1', teamId: 'north', practitionerId: 'p1', teamManagerId: 'tm1', ethnicity: 'Somali', childAge: 4, monthsOpen: 6, basis: 'TEAM', auditedBefore: false, previousAuditOn: null };

  it('keeps each sample proposal and each re-audit proposal of a cycle', async () => {
    const position = await append(
      h.store,
      'selection-c2',
      {
        type: 'SampleProposed',
        data: {
          cycleId: 'c2',
          proposalId: 'p1',
          service: 'Early Help',
          seed: 's1',
          excludedIfAuditedAfter: '2025-12-21',
          sampleSizes: [{ teamId: 'north', size: 1 }],
          candidates: [{ caseRef: 'EH-1' }, { caseRef: 'EH-2' }, { caseRef: 'EH-3' }],
          excluded: [{ caseRef: 'EH-3', teamId: 'north', auditId: 'a0', auditedOn: '2026-06-01' }],
          selected: [sampled],
          proposedById: 'qa',
          proposedOn: '2026-12-21',
        },
      },
      {
        type: 'ReauditCandidatesProposed',
        data: {
          cycleId: 'c2',
          proposalId: 'r1',
          previousCycleId: 'c1',
          seed: 's2',
          belowGood: [
            { auditId: 'a1', caseRef: 'EH-7', teamId: 'north', grade: 'INADEQUATE' },
            { auditId: 'a2', caseRef: 'EH-8', teamId: 'south', grade: 'REQUIRES_IMPROVEMENT' },
          ],
          required: 1,
          candidates: [{ auditId: 'a2', caseRef: 'EH-8', teamId: 'south', grade: 'REQUIRES_IMPROVEMENT' }],
          proposedById: 'qa',
          proposedOn: '2026-12-21',
        },
      },
    );
    await h.runner.waitFor(position);
    expect(await h.dataSource.getRepository(SampleProposalEntity).findBy({ cycleId: 'c2' })).toEqual([
      {
        id: 'p1',
        cycleId: 'c2',
        service: 'Early Help',
        seed: 's1',
        excludedIfAuditedAfter: '2025-12-21',
        sampleSizes: [{ teamId: 'north', size: 1 }],
        candidatesConsidered: 3,
        selected: [sampled],
        excluded: [{ caseRef: 'EH-3', teamId: 'north', auditId: 'a0', auditedOn: '2026-06-01' }],
        // A proposal made before BEF-12 has no overrides.
        exclusionOverrides: [],
        proposedById: 'qa',
        proposedOn: '2026-12-21',
        proposedAt: new Date('2026-03-02T09:00:00.000Z'),
      },
    ]);
    expect(await h.dataSource.getRepository(ReauditProposalEntity).findBy({ cycleId: 'c2' })).toEqual([
      {
        id: 'r1',
        cycleId: 'c2',
        previousCycleId: 'c1',
        seed: 's2',
        belowGood: 2,
        required: 1,
        candidates: [{ auditId: 'a2', caseRef: 'EH-8', teamId: 'south', grade: 'REQUIRES_IMPROVEMENT' }],
        proposedById: 'qa',
        proposedOn: '2026-12-21',
        proposedAt: new Date('2026-03-02T09:00:00.000Z'),
      },
    ]);
  });

  it('keeps the cases chosen by hand with their reason (BEF-11) and the exclusions overridden (BEF-12)', async () => {
    const chosen = { ...sampled, caseRef: 'EH-9', basis: 'CHOSEN', reason: 'KLOE: step-downs from social care' };
    const override = { caseRef: 'EH-10', reason: 'The only step-down case this quarter', auditId: 'a9', auditedOn: '2026-09-01' };
    const position = await append(h.store, 'selection-c5', {
      type: 'SampleProposed',
      data: {
        cycleId: 'c5', proposalId: 'p5', service: 'Early Help', seed: 's5', excludedIfAuditedAfter: '2025-12-21', sampleSizes: [],
        candidates: [{ caseRef: 'EH-9' }, { caseRef: 'EH-10' }], excluded: [], exclusionOverrides: [override], selected: [chosen],
        proposedById: 'qa', proposedOn: '2026-12-21',
      },
    });
    await h.runner.waitFor(position);
    expect(await h.dataSource.getRepository(SampleProposalEntity).findOneByOrFail({ id: 'p5' })).toMatchObject({ selected: [chosen], exclusionOverrides: [override] });
  });

  it('stops at a proposal whose selected cases are not a list of cases, naming the field', async () => {
    const position = await append(h.store, 'selection-c3', {
      type: 'SampleProposed',
      data: {
        cycleId: 'c3',
        proposalId: 'p9',
        service: 'Early Help',
        seed: 's',
        excludedIfAuditedAfter: '2025-12-21',
        sampleSizes: [],
        candidates: [],
        excluded: [],
        selected: 'EH-1',
        proposedById: 'qa',
        proposedOn: '2026-12-21',
      },
    });
    await expect(h.runner.waitFor(position, 2_000)).rejects.toThrow();
    expect(logger.errors.join('\n')).toMatch(/field "selected" must be a list of objects/);
  });
});
