import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { Authenticated, CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { BoardReportQueries, DEFAULT_PREVIOUS_CYCLES, MAX_PREVIOUS_CYCLES } from './board-report.queries.js';
import { BoardReport, KeyPracticePoints } from './board-report.types.js';
import { PublishKeyPracticePointsCommand, PublishKeyPracticePointsInput } from './publish-key-practice-points.js';

@Resolver()
export class BoardReportResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: BoardReportQueries,
  ) {}

  /** REP-1: aggregates only, so board readers may read it; nothing in it identifies a child or a case. */
  // The divisional director sits on the CSCIB (001) the report goes to.
  @Roles('AUDIT_TEAM', 'AUDIT_MANAGER', 'HEAD_OF_SERVICE', 'GOVERNANCE', 'BOARD_READER', 'DIVISIONAL_DIRECTOR')
  @Query(() => BoardReport, { description: `A cycle's board report against up to ${MAX_PREVIOUS_CYCLES} earlier cycles of the same service.` })
  boardReport(
    @Args('cycleId', { type: () => ID }) cycleId: string,
    @Args('previousCycles', { type: () => Int, nullable: true, defaultValue: DEFAULT_PREVIOUS_CYCLES }) previousCycles?: number | null,
  ): Promise<BoardReport> {
    return this.queries.report(cycleId, previousCycles ?? DEFAULT_PREVIOUS_CYCLES);
  }

  /** For front-line practitioners as much as for the board. */
  @Authenticated()
  @Query(() => KeyPracticePoints, { description: 'A cycle\'s "10 key practice points" for practitioners; empty until published.' })
  keyPracticePoints(@Args('cycleId', { type: () => ID }) cycleId: string): Promise<KeyPracticePoints> {
    return this.queries.keyPracticePoints(cycleId);
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => KeyPracticePoints, { description: 'Publishes the cycle\'s "10 key practice points", replacing any published before.' })
  async publishKeyPracticePoints(
    @Args('input') input: PublishKeyPracticePointsInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<KeyPracticePoints> {
    await this.commands.execute(new PublishKeyPracticePointsCommand(input, principal, correlationId));
    return this.queries.keyPracticePoints(input.cycleId);
  }
}
