import { Module } from '@nestjs/common';
import { RegisterStaffHandler } from './commands/register-staff.js';
import { RegisterTeamHandler } from './commands/register-team.js';
import { StaffResolver } from './staff.resolver.js';

@Module({ providers: [StaffResolver, RegisterTeamHandler, RegisterStaffHandler] })
export class StaffModule {}
