import { Module } from '@nestjs/common';
import { WorkQueueQueries } from './work-queue.queries.js';
import { WorkQueuesResolver } from './work-queues.resolver.js';

@Module({ providers: [WorkQueuesResolver, WorkQueueQueries], exports: [WorkQueueQueries] })
export class WorkQueuesModule {}
