import type { Directory } from './cycles.queries.js';

/** Choices for the allocation forms' selects, built from the staff directory: pure. */

export interface Choice {
  value: string;
  text: string;
  selected?: boolean;
}

/** Staff holding `role`, by name, with the one chosen marked; the first choice asks to choose. */
export function staffChoices(directory: Directory, role: string, selected: string | undefined, prompt: string, note?: (id: string) => string | null): Choice[] {
  const people = directory.staff
    .filter((s) => s.roles.includes(role))
    .map((s) => {
      const extra = note?.(s.id);
      return { value: s.id, text: extra ? `${s.name} (${extra})` : s.name, selected: s.id === selected };
    });
  return [{ value: '', text: prompt, selected: !selected }, ...people];
}

/** Teams of the service first (those the cycle audits), then the rest. */
export function teamChoices(directory: Directory, service: string, selected: string | undefined): Choice[] {
  const teams = [...directory.teams].sort((x, y) => Number(y.service === service) - Number(x.service === service) || x.name.localeCompare(y.name));
  return [{ value: '', text: 'Choose the team', selected: !selected }, ...teams.map((t) => ({ value: t.id, text: `${t.name} (${t.service})`, selected: t.id === selected }))];
}

/** PPL-3: an auditor with no training recorded is named so, though the API is what refuses them. */
export function trainingNote(directory: Directory): (id: string) => string | null {
  return (id) => (directory.staff.find((s) => s.id === id)?.auditorTrainingCompletedOn ? null : 'no training recorded');
}
