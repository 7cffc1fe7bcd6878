import type { RecordedEvent } from '../../src/event-store/event-store.port.js';
import { GRADES } from '../../src/shared/domain-types.js';
import type { BelowGoodWork, ExcludedCase, ExclusionOverride, SampledCase, SampleSize } from '../../src/selection/events.js';
import { defineProjection } from '../runner/projection.js';
import { EventData, MalformedEventError, occurredAt } from '../runner/event-data.js';
import { ReauditProposalEntity } from './reaudit-proposal.entity.js';
import { SampleProposalEntity } from './sample-proposal.entity.js';

/** Case selection per cycle: `sampleProposals(cycleId)` and `reauditProposals(cycleId)`. */
export const selectionProjection = defineProjection({
  name: 'selection',
  // 2: cases chosen by hand (BEF-11) and exclusions overridden (BEF-12).
  version: 2,
  entities: [SampleProposalEntity, ReauditProposalEntity],
  handlers: {
    async SampleProposed(event, manager) {
      const data = EventData.of(event);
      await manager.insert(SampleProposalEntity, {
        id: data.string('proposalId'),
        cycleId: data.string('cycleId'),
        service: data.string('service'),
        seed: data.string('seed'),
        excludedIfAuditedAfter: data.date('excludedIfAuditedAfter'),
        sampleSizes: list<SampleSize>(event, 'sampleSizes', { size: 'number' }),
        candidatesConsidered: list(event, 'candidates', { caseRef: 'string' }).length,
        selected: list<SampledCase>(event, 'selected', { caseRef: 'string', teamId: 'string', practitionerId: 'string', teamManagerId: 'string', basis: 'string', auditedBefore: 'boolean' }),
        excluded: list<ExcludedCase>(event, 'excluded', { caseRef: 'string', teamId: 'string', auditId: 'string', auditedOn: 'string' }),
        // Absent on proposals made before BEF-12.
        exclusionOverrides:
          (event.data as Record<string, unknown>).exclusionOverrides === undefined
            ? []
            : list<ExclusionOverride>(event, 'exclusionOverrides', { caseRef: 'string', reason: 'string', auditId: 'string', auditedOn: 'string' }),
        proposedById: data.string('proposedById'),
        proposedOn: data.date('proposedOn'),
        proposedAt: occurredAt(event),
      });
    },

    async ReauditCandidatesProposed(event, manager) {
      const data = EventData.of(event);
      const work = { auditId: 'string', caseRef: 'string', teamId: 'string', grade: 'string' } as const;
      const candidates = list<BelowGoodWork>(event, 'candidates', work);
      if (candidates.some((c) => !GRADES.includes(c.grade))) throw new MalformedEventError('field "candidates" holds a grade that is not a grade');
      await manager.insert(ReauditProposalEntity, {
        id: data.string('proposalId'),
        cycleId: data.string('cycleId'),
        previousCycleId: data.string('previousCycleId'),
        seed: data.string('seed'),
        belowGood: list(event, 'belowGood', work).length,
        required: data.integer('required'),
        candidates,
        proposedById: data.string('proposedById'),
        proposedOn: data.date('proposedOn'),
        proposedAt: occurredAt(event),
      });
    },
  },
});

/** A list of objects each carrying (at least) the given fields of the given JSON types. */
function list<T>(event: RecordedEvent, key: string, fields: Record<string, 'string' | 'number' | 'boolean'>): T[] {
  const value = (event.data as Record<string, unknown>)[key];
  const ok =
    Array.isArray(value) &&
    value.every((item) => typeof item === 'object' && item !== null && Object.entries(fields).every(([field, type]) => typeof (item as Record<string, unknown>)[field] === type));
  if (!ok) throw new MalformedEventError(`field "${key}" must be a list of objects with ${Object.keys(fields).join(', ')}`);
  return value as T[];
}
