/**
 * Who a concern was escalated to, from the form: the case's team manager and practitioner as ticked
 * boxes, and anyone else (the EH coordinator lead, say) as staff IDs separated by commas or spaces.
 * Each person once, in the order given.
 */
export function escalatedToIds(ticked: unknown, others: string | undefined, audit: { teamManagerId: string; practitionerId: string }): string[] {
  const boxes = ([] as unknown[]).concat(ticked ?? []).map(String);
  const ids = [
    ...(boxes.includes('teamManager') ? [audit.teamManagerId] : []),
    ...(boxes.includes('practitioner') ? [audit.practitionerId] : []),
    ...(others ?? '').split(/[\s,]+/).filter(Boolean),
  ];
  return [...new Set(ids)];
}
