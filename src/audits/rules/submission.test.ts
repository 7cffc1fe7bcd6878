import { describe, expect, it } from '@jest/globals';
import { DeciderSpec } from '../../../test/support/decider-spec.js';
import { allocated, caseAction, cmd, cycle, fullyGraded, who } from '../../../test/support/audit-fixtures.js';
import { auditDecider, type SubmitAudit } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { findTemplate } from '../templates/index.js';

/** What an audit needs before submission beyond its grades (docs/rules/the-audit.md). */
const spec = DeciderSpec.for(auditDecider);
const v1 = findTemplate('early-help-uop', 1)!;
const submit = (template = v1) => cmd<SubmitAudit>('SubmitAudit', { auditId: 'a1' }, who.auditor, '2026-12-10', { template, cycle });

describe('AUD-4: work graded below Good is submitted with a case action that brings it to Good (003 Actions)', () => {
  it('refuses RI or Inadequate without a case action, naming the rule', () => {
    for (const grade of ['REQUIRES_IMPROVEMENT', 'INADEQUATE'] as const) {
      spec
        .given([allocated(v1), ...fullyGraded(v1, grade)])
        .when(submit())
        .thenThrows('CONFLICT', new RegExp(`^cannot submit: work graded ${grade} needs at least one CASE action that brings it to Good \\(003 Actions, rule AUD-4\\)`));
    }
  });

  it('a learning action or a dropped case action does not count', () => {
    const agreed = caseAction('learn') as Extract<AuditEvent, { type: 'ActionAgreed' }>;
    const learning: AuditEvent = { ...agreed, data: { ...agreed.data, scope: 'PRACTITIONER_LEARNING', onCaseRecord: false } };
    const dropped: AuditEvent = { type: 'ActionDropped', data: { auditId: 'a1', actionId: 'act-1', reason: 'Duplicated', droppedById: 'tm', droppedOn: '2026-12-10' } };
    spec.given([allocated(v1), ...fullyGraded(v1, 'REQUIRES_IMPROVEMENT'), learning]).when(submit()).thenThrows('CONFLICT', /rule AUD-4/);
    spec.given([allocated(v1), ...fullyGraded(v1, 'REQUIRES_IMPROVEMENT'), caseAction(), dropped]).when(submit()).thenThrows('CONFLICT', /rule AUD-4/);
  });

  it('submits with a case action; Good work needs none', () => {
    spec.given([allocated(v1), ...fullyGraded(v1, 'REQUIRES_IMPROVEMENT'), caseAction()]).when(submit()).thenMatches(([event]) => expect(event.type).toBe('AuditSubmitted'));
    spec.given([allocated(v1), ...fullyGraded(v1, 'GOOD')]).when(submit()).thenMatches(([event]) => expect(event.type).toBe('AuditSubmitted'));
  });
});
