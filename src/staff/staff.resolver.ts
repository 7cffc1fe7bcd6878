import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CommandBus } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { StaffEntity } from '../../projections/directory/staff.entity.js';
import { TeamEntity } from '../../projections/directory/team.entity.js';
import { Authenticated, CorrelationId, CurrentPrincipal, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { notFound } from '../shared/errors.js';
import { AuditorExemption, GrantAuditorExemptionInput, RecordAuditorTrainingInput, RecordStaffLeavingInput, CommandOnStaff } from './commands/staff-commands.js';
import { RegisterStaffInput, RegisterTeamInput, Staff, Team } from './staff.types.js';

@Resolver()
export class StaffResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly dataSource: DataSource,
  ) {}

  @Authenticated()
  @Query(() => Staff, { description: 'The signed-in staff member.' })
  async me(@CurrentPrincipal() principal: Principal): Promise<Staff> {
    // Read by the sign-in check of this very request; looked up again only for a principal made otherwise.
    const staff = principal.record ?? (await this.dataSource.getRepository(StaffEntity).findOneBy({ id: principal.staffId }));
    if (!staff) throw notFound('staff member', principal.staffId);
    // The roles in force for this request (OIDC roles come from the token).
    return { ...staff, roles: principal.roles };
  }

  @Roles('AUDIT_TEAM', 'HEAD_OF_SERVICE', 'AUDIT_MANAGER', 'GOVERNANCE')
  @Query(() => [Team], { description: 'Registered teams, by name.' })
  teams(): Promise<Team[]> {
    return this.dataSource.getRepository(TeamEntity).find({ order: { name: 'ASC' } });
  }

  @Roles('AUDIT_TEAM', 'HEAD_OF_SERVICE', 'AUDIT_MANAGER', 'GOVERNANCE')
  @Query(() => [Staff], { description: 'Registered staff, by name; optionally one team.' })
  staff(@Args('teamId', { type: () => ID, nullable: true }) teamId?: string): Promise<Staff[]> {
    return this.dataSource.getRepository(StaffEntity).find({ where: teamId ? { teamId } : {}, order: { name: 'ASC' } });
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Team)
  async registerTeam(
    @Args('input') input: RegisterTeamInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Team> {
    const id = await this.commands.execute(new CommandOnStaff('registerTeam', input, principal, correlationId));
    return this.dataSource.getRepository(TeamEntity).findOneByOrFail({ id });
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Staff)
  async registerStaff(
    @Args('input') input: RegisterStaffInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Staff> {
    const id = await this.commands.execute(new CommandOnStaff('registerStaff', input, principal, correlationId));
    return this.dataSource.getRepository(StaffEntity).findOneByOrFail({ id });
  }

  @Roles('HEAD_OF_SERVICE')
  @Mutation(() => AuditorExemption, { description: 'The head of service excuses an auditor from auditing in one cycle.' })
  grantAuditorExemption(
    @Args('input') input: GrantAuditorExemptionInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<AuditorExemption> {
    return this.commands.execute(new CommandOnStaff('grantAuditorExemption', input, principal, correlationId));
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Staff, { description: "PPL-2: records that an auditor completed the audit team's training, and when." })
  async recordAuditorTraining(
    @Args('input') input: RecordAuditorTrainingInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Staff> {
    const id = await this.commands.execute(new CommandOnStaff('recordAuditorTraining', input, principal, correlationId));
    return this.dataSource.getRepository(StaffEntity).findOneByOrFail({ id });
  }

  @Roles('AUDIT_TEAM')
  @Mutation(() => Staff, { description: 'PPL-8: records that a staff member has left the authority: they can no longer sign in, and messages meant for them are reported to the audit team.' })
  async recordStaffLeaving(
    @Args('input') input: RecordStaffLeavingInput,
    @CurrentPrincipal() principal: Principal,
    @CorrelationId() correlationId?: string,
  ): Promise<Staff> {
    const id = await this.commands.execute(new CommandOnStaff('recordStaffLeaving', input, principal, correlationId));
    return this.dataSource.getRepository(StaffEntity).findOneByOrFail({ id });
  }
}
