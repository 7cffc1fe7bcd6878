import { Module } from '@nestjs/common';
import { StaffCommandHandler } from './commands/staff-commands.js';
import { StaffResolver } from './staff.resolver.js';

@Module({ providers: [StaffResolver, StaffCommandHandler] })
export class StaffModule {}
