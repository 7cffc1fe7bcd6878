import { Module } from '@nestjs/common';
import { ImportTrackerHandler } from './commands/import-tracker.js';
import { ImportsController } from './imports.controller.js';

/** Past cycles from a tracker spreadsheet: POST /imports/tracker. */
@Module({ controllers: [ImportsController], providers: [ImportTrackerHandler] })
export class ImportsModule {}
