import type { DataSource } from 'typeorm';
import { cycleDecider, type CycleState } from '../../cycles/decider.js';
import type { StaffFact } from '../../shared/facts.js';
import { streams } from '../../shared/domain-types.js';
import { notFound } from '../../shared/errors.js';
import { staffDecider, teamDecider } from '../../staff/decider.js';
import type { WriteSide } from '../../write-side/write-side.js';
import { auditDecider, isAllocated, type AllocatedAudit, type AuditState } from '../decider.js';
import { findTemplate } from '../templates/index.js';

/** What the audit's command handler gives each of its commands. */
export interface AuditDeps {
  writeSide: WriteSide;
  dataSource: DataSource;
}

/**
 * The facts the audit's rules are given about other aggregates, each from its own stream. A command
 * on an existing audit reads its state from the stream handleCommand folds; these are for facts that
 * depend on it (its cycle, its team), and the decider still judges the state it is given at append
 * time, so a concurrent change cannot slip past a rule.
 */
export async function loadAudit(writeSide: WriteSide, auditId: string): Promise<AllocatedAudit> {
  const { state } = await writeSide.load(streams.audit(auditId), auditDecider);
  // An audit's stream starts with its allocation: it exists exactly when it is allocated.
  if (!isAllocated(state)) throw notFound('audit', auditId);
  return state;
}

/** The audit's own template version, which it keeps for life; none before it is allocated. */
export function templateOf(state: AuditState) {
  return isAllocated(state) ? findTemplate(state.templateId, state.templateVersion) : undefined;
}

export async function staffFact(writeSide: WriteSide, id: string): Promise<StaffFact | null> {
  const { state, exists } = await writeSide.load(streams.staff(id), staffDecider);
  return exists ? state : null;
}

/** The staff members found among `ids`; the decider names any that is missing. */
export async function staffFacts(writeSide: WriteSide, ids: readonly string[]): Promise<StaffFact[]> {
  const facts = await Promise.all([...new Set(ids)].map((id) => staffFact(writeSide, id)));
  return facts.filter((fact): fact is StaffFact => fact !== null);
}

export async function cycleState(writeSide: WriteSide, id: string): Promise<CycleState | null> {
  const { state, exists } = await writeSide.load(streams.cycle(id), cycleDecider);
  return exists ? state : null;
}

export async function teamFact(writeSide: WriteSide, id: string | null): Promise<{ id: string; service: string } | null> {
  if (!id) return null;
  const { state, exists } = await writeSide.load(streams.team(id), teamDecider);
  return exists ? { id: state.id, service: state.service } : null;
}

/** AUD-13: the moderation group of the audit's cycle; [] when the cycle has none. */
export async function moderationGroupOf(writeSide: WriteSide, auditId: string): Promise<string[]> {
  const audit = await loadAudit(writeSide, auditId).catch(() => null);
  if (!audit) return [];
  return (await cycleState(writeSide, audit.cycleId))?.moderationGroupIds ?? [];
}
