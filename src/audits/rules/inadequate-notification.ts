import type { LocalDate } from '../../shared/domain-types.js';
import type { AllocatedAudit } from '../audit-state.js';
import type { AuditEvent, NotificationRecipient, NotificationRequired } from '../events.js';

/**
 * 000: work deemed Inadequate is notified "immediately": on submission by the auditor, or when
 * moderation or a dispute decision first makes it Inadequate. Once per audit.
 */
export function inadequateNotification(
  state: AllocatedAudit,
  reason: 'INADEQUATE_SUBMITTED' | 'INADEQUATE_MODERATED' | 'INADEQUATE_DECIDED',
  today: LocalDate,
  notifierId: string,
): AuditEvent {
  const recipients: NotificationRecipient[] = [
    { role: 'PRACTITIONER', staffId: state.practitionerId },
    { role: 'TEAM_MANAGER', staffId: state.teamManagerId },
    { role: 'EH_COORDINATOR_LEAD', staffId: null },
    { role: 'AUDIT_MANAGER', staffId: null },
    { role: 'HEAD_OF_SERVICE', staffId: null },
  ];
  return { type: 'NotificationRequired', data: { auditId: state.id, reason, grade: 'INADEQUATE', recipients, notifyBy: today, notifierId } };
}

export function evolve(state: AllocatedAudit, _event: NotificationRequired): AllocatedAudit {
  return { ...state, inadequateNotified: true };
}
