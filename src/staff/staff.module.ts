import { Module } from '@nestjs/common';
import { RegisterStaffHandler } from './commands/register-staff.js';
import { RegisterTeamHandler } from './commands/register-team.js';
import { GrantAuditorExemptionHandler } from './commands/grant-auditor-exemption.js';
import { RecordAuditorTrainingHandler } from './commands/record-auditor-training.js';
import { RecordStaffLeavingHandler } from './commands/record-staff-leaving.js';
import { StaffResolver } from './staff.resolver.js';

@Module({ providers: [StaffResolver, RegisterTeamHandler, RegisterStaffHandler, GrantAuditorExemptionHandler, RecordAuditorTrainingHandler, RecordStaffLeavingHandler] })
export class StaffModule {}
