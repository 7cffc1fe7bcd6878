import { Args, ID, Int, Query, Resolver } from '@nestjs/graphql';
import { Roles } from '../auth/decorators.js';
import { GradeChange } from '../audits/audit.types.js';
import { GradeSourceEnum } from '../graphql/enums.js';
import { DateTimeScalar } from '../graphql/scalars.js';
import type { GradeSource } from '../shared/domain-types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, TrackerQueries } from './tracker.queries.js';
import { TrackerConnection, TrackerFilter, TrackerOrder, TrackerRow } from './tracker.types.js';

/** Who reads the tracker and the grade history: the audit team and oversight, never case parties or board readers. */
const TRACKER_READERS = ['AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE'] as const;

@Resolver()
export class TrackerResolver {
  constructor(private readonly queries: TrackerQueries) {}

  @Roles(...TRACKER_READERS)
  @Query(() => [TrackerRow], { description: "A cycle's tracker: one row per audit, in allocation order." })
  tracker(@Args('cycleId', { type: () => ID }) cycleId: string): Promise<TrackerRow[]> {
    return this.queries.rows({ cycleId });
  }

  @Roles(...TRACKER_READERS)
  @Query(() => TrackerConnection, { description: `The tracker filtered and paged (at most ${MAX_PAGE_SIZE} rows a page).` })
  trackerPage(
    // Typed as the class alone, so the validation pipe knows what to check.
    @Args('filter', { type: () => TrackerFilter, nullable: true }) filter?: TrackerFilter,
    @Args('first', { type: () => Int, nullable: true, defaultValue: DEFAULT_PAGE_SIZE }) first?: number,
    @Args('after', { type: () => String, nullable: true, description: 'The endCursor of the page before.' }) after?: string | null,
    @Args('orderBy', { type: () => TrackerOrder, nullable: true, description: 'The sort; allocation order when not given.' }) orderBy?: TrackerOrder | null,
    @Args('offset', { type: () => Int, nullable: true, description: 'Rows of the sorted, filtered list to skip (numbered pages); not with after.' })
    offset?: number | null,
  ): Promise<TrackerConnection> {
    return this.queries.page(filter ?? {}, { first: first ?? DEFAULT_PAGE_SIZE, after, offset, orderBy });
  }

  @Roles(...TRACKER_READERS)
  @Query(() => [GradeChange], { description: 'Every grade change (auditor, moderator, UoPP, dispute) in the order made; since ≤ changedAt < until.' })
  gradeChanges(
    @Args('cycleId', { type: () => ID, nullable: true }) cycleId?: string | null,
    @Args('since', { type: () => DateTimeScalar, nullable: true }) since?: Date | null,
    @Args('until', { type: () => DateTimeScalar, nullable: true }) until?: Date | null,
    @Args('teamId', { type: () => ID, nullable: true, description: 'The team holding the case.' }) teamId?: string | null,
    @Args('source', { type: () => GradeSourceEnum, nullable: true }) source?: GradeSource | null,
  ): Promise<GradeChange[]> {
    return this.queries.gradeChanges({ cycleId, since, until, teamId, source });
  }
}
