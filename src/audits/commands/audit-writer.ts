import { Injectable } from '@nestjs/common';
import type { Principal } from '../../auth/principal.js';
import { cycleDecider, type CycleState } from '../../cycles/decider.js';
import type { StaffFact } from '../../shared/facts.js';
import { staffDecider } from '../../staff/decider.js';
import type { CommandOutcome } from '../../shared/command-handling.js';
import { streams, type Role } from '../../shared/domain-types.js';
import { notFound } from '../../shared/errors.js';
import { WriteSide, type Decision } from '../../write-side/write-side.js';
import { auditDecider, type AuditCommand, type AuditState } from '../decider.js';
import type { AuditEvent } from '../events.js';
import { findTemplate } from '../templates/index.js';

/**
 * The shared path of every command on an existing audit: gather the facts the rule needs, then
 * decide and append through the WriteSide (the decider answers NOT_FOUND for an audit never allocated).
 */
@Injectable()
export class AuditWriter {
  constructor(readonly writeSide: WriteSide) {}

  /** Resolves to the events appended and the audit's state after them. */
  async run(
    auditId: string,
    principal: Principal,
    actingAs: Role,
    correlationId: string | undefined,
    build: (state: AuditState, decision: Decision) => AuditCommand,
  ): Promise<CommandOutcome<AuditEvent, AuditState>> {
    const decision = this.writeSide.decision(principal);
    return this.writeSide.execute(
      streams.audit(auditId),
      auditDecider,
      (state: AuditState) => build(state, decision),
      this.writeSide.context(principal, actingAs, correlationId, decision.now),
    );
  }

  /**
   * The audit as it stands, for handlers whose facts depend on it (its cycle, its team). The decider
   * still judges the state it is given at append time, so a concurrent change cannot slip past a rule.
   */
  async load(auditId: string): Promise<AuditState> {
    const { state, exists } = await this.writeSide.load(streams.audit(auditId), auditDecider);
    if (!exists) throw notFound('audit', auditId);
    return state;
  }

  /** The audit's own template version, which it keeps for life. */
  templateOf(state: AuditState) {
    return findTemplate(state.templateId, state.templateVersion);
  }

  async staffFact(id: string): Promise<StaffFact | null> {
    const { state, exists } = await this.writeSide.load(streams.staff(id), staffDecider);
    return exists ? state : null;
  }

  /** The staff members found among `ids`; the decider names any that is missing. */
  async staffFacts(ids: readonly string[]): Promise<StaffFact[]> {
    const facts = await Promise.all([...new Set(ids)].map((id) => this.staffFact(id)));
    return facts.filter((fact): fact is StaffFact => fact !== null);
  }

  async cycleState(id: string): Promise<CycleState | null> {
    const { state, exists } = await this.writeSide.load(streams.cycle(id), cycleDecider);
    return exists ? state : null;
  }
}

/**
 * The role recorded on the events: the first of `allowed` the caller holds (the guard has already
 * checked they hold one), so the trail says in which capacity someone acted.
 */
export function actingAs(principal: Principal, ...allowed: Role[]): Role {
  return allowed.find((role) => principal.roles.includes(role)) ?? allowed[0];
}
