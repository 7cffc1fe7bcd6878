import { Module } from '@nestjs/common';
import { TrailController } from './trail.controller.js';
import { TrailResolver } from './trail.resolver.js';
import { TrailService } from './trail.service.js';
import { TrailWitness } from './trail-witness.js';

/** The verifiable audit trail: the witness of every appended hash, verification, signed export. */
@Module({
  providers: [TrailWitness, TrailService, TrailResolver],
  controllers: [TrailController],
})
export class TrailModule {}
