import type { DataSource } from 'typeorm';
import type { EventStore } from '../src/event-store/event-store.port.js';
import { actionsProjection } from './actions/actions.projection.js';
import { auditsProjection } from './audits/audits.projection.js';
import { boardReportProjection } from './board-report/board-report.projection.js';
import { cyclesProjection } from './cycles/cycles.projection.js';
import { directoryProjection } from './directory/directory.projection.js';
import { gradeHistoryProjection } from './grade-history/grade-history.projection.js';
import type { Projection } from './runner/projection.js';
import { ProjectionRunner, type ProjectionRunnerLogger } from './runner/projection-runner.js';
import { trackerProjection } from './tracker/tracker.projection.js';
import { dipSamplesProjection } from './dip-samples/dip-samples.projection.js';
import { selectionProjection } from './selection/selection.projection.js';
import { notificationsProjection } from './notifications/notifications.projection.js';
import { OUTBOX_ENTITIES } from './notifications/outbox.entities.js';
import { ensureNotificationHorizon } from './notifications/horizon.js';
import { progressProjection } from './progress/progress.projection.js';

export { ActionEntity } from './actions/action.entity.js';
export { ActionAuditEntity } from './actions/action-audit.entity.js';
export { AuditAnswerEntity, AuditEntity, AuditSectionGradeEntity } from './audits/audit.entity.js';
export { AuditCycleDeadlineEntity } from './audits/audit-cycle-deadline.entity.js';
export { CycleEntity } from './cycles/cycle.entity.js';
export { TeamEntity } from './directory/team.entity.js';
export { StaffEntity } from './directory/staff.entity.js';
export { GradeChangeEntity } from './grade-history/grade-change.entity.js';
export { GradeHistoryAuditEntity } from './grade-history/grade-history-audit.entity.js';
export { TrackerRowEntity } from './tracker/tracker-row.entity.js';
export { TrackerCycleDeadlineEntity, TrackerStaffNameEntity, TrackerTeamNameEntity } from './tracker/tracker-lookup.entities.js';
export { ProjectionRunner, ProjectionFailedError, CHECKPOINT_TABLE } from './runner/projection-runner.js';
export type { ProjectionRunnerLogger, ProjectionRunnerOptions, ProjectionState, ProjectionStatus } from './runner/projection-runner.js';
export type { Projection } from './runner/projection.js';

export const ALL_PROJECTIONS: Projection[] = [
  directoryProjection,
  cyclesProjection,
  auditsProjection,
  gradeHistoryProjection,
  trackerProjection,
  actionsProjection,
  boardReportProjection,
  selectionProjection,
  dipSamplesProjection,
  notificationsProjection,
  progressProjection,
];

export const READ_MODEL_ENTITIES: Function[] = ALL_PROJECTIONS.flatMap((projection) => projection.entities);

/** Every table of the data source: the read models, and the outbox and reminders (no rebuild empties those). */
export const DATA_SOURCE_ENTITIES: Function[] = [...READ_MODEL_ENTITIES, ...OUTBOX_ENTITIES];

/**
 * Rebuilds every read model from position 0 up to the store's current head, then stops (for
 * `npm run projections:rebuild`). The caller opens and closes the store and the data source.
 */
export async function rebuildAll(store: EventStore, dataSource: DataSource, logger?: ProjectionRunnerLogger): Promise<void> {
  // A store the service never ran notifications on: its history is not mailed when it next starts.
  if (!dataSource.isInitialized) await dataSource.initialize();
  await ensureNotificationHorizon((sql, parameters) => dataSource.query(sql, parameters), await store.headPosition());
  const runner = new ProjectionRunner(store, dataSource, ALL_PROJECTIONS, { logger });
  try {
    await runner.rebuild();
  } finally {
    await runner.stop();
  }
}
