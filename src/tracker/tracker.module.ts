import { Module } from '@nestjs/common';
import { TrackerQueries } from './tracker.queries.js';
import { TrackerResolver } from './tracker.resolver.js';

/** The tracker and the grade history. TrackerQueries is exported for the exports. */
@Module({ providers: [TrackerResolver, TrackerQueries], exports: [TrackerQueries] })
export class TrackerModule {}
