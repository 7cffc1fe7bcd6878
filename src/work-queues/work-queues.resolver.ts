import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { Authenticated, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { WorkQueueQueries } from './work-queue.queries.js';
import { WorkQueue } from './work-queue.types.js';

@Resolver()
export class WorkQueuesResolver {
  constructor(private readonly queries: WorkQueueQueries) {}

  @Authenticated()
  @Query(() => WorkQueue, { description: "What is due for the caller and when: audits, moderations, UoPP meetings, dip audits, actions." })
  myWorkQueue(@CurrentPrincipal() principal: Principal): Promise<WorkQueue> {
    return this.queries.queue({ staffId: principal.staffId, roles: principal.roles });
  }

  @Roles('AUDIT_TEAM')
  @Query(() => WorkQueue, { description: "A staff member's work queue, for the audit team." })
  workQueue(@Args('staffId', { type: () => ID }) staffId: string): Promise<WorkQueue> {
    return this.queries.forStaff(staffId);
  }
}
