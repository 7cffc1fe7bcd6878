import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import { cycleDecider, type CycleState } from '../../cycles/decider.js';
import { staffDecider, type StaffFact } from '../../staff/decider.js';
import { streams, type Role } from '../../shared/domain-types.js';
import { notFound } from '../../shared/errors.js';
import { WriteSide, type Decision } from '../../shared/write-side.js';
import { auditDecider, type AuditCommand, type AuditState } from '../decider.js';
import { findTemplate } from '../templates/index.js';

/**
 * The shared path of every command on an existing audit: load it (NOT_FOUND if there is none),
 * gather the facts the rule needs, then decide and append through the WriteSide.
 */
@Injectable()
export class AuditWriter {
  constructor(readonly writeSide: WriteSide) {}

  async run(
    auditId: string,
    principal: Principal,
    actingAs: Role,
    correlationId: string | undefined,
    build: (state: AuditState, decision: Decision) => AuditCommand,
  ): Promise<AuditState> {
    const { exists } = await this.writeSide.load(streams.audit(auditId), auditDecider);
    if (!exists) throw notFound('audit', auditId);
    const decision = this.writeSide.decision(principal);
    const outcome = await this.writeSide.execute(
      streams.audit(auditId),
      auditDecider,
      (state: AuditState) => build(state, decision),
      this.writeSide.context(principal, actingAs, correlationId, decision.now),
    );
    return outcome.state;
  }

  /** The audit's own template version, which it keeps for life. */
  templateOf(state: AuditState) {
    return findTemplate(state.templateId, state.templateVersion);
  }

  async staffFact(id: string): Promise<StaffFact | null> {
    const { state, exists } = await this.writeSide.load(streams.staff(id), staffDecider);
    return exists ? state : null;
  }

  async cycleState(id: string): Promise<CycleState | null> {
    const { state, exists } = await this.writeSide.load(streams.cycle(id), cycleDecider);
    return exists ? state : null;
  }
}
