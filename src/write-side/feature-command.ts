import { Command } from '@nestjs/cqrs';
import type { Principal } from '../auth/principal.js';

/**
 * One command of a feature: given what the feature's handler holds (`deps`), the validated input,
 * who sends it and the request's correlation id, it gathers the facts the rule needs, calls
 * handleCommand (src/shared/command-handling.ts) and answers what the resolver returns.
 */
export type CommandFunction<Deps> = (deps: Deps, input: never, principal: Principal, correlationId?: string) => Promise<unknown>;

/** A feature's commands by name (the mutation's name): `{ setGrade, submitAudit, … }`. */
export type CommandSet = Record<string, CommandFunction<never>>;

/**
 * The Nest command of a feature: which of its commands, with what input, from whom. Each feature has
 * one such class and one handler for it, which runs the command function of that name; the answer's
 * type is that function's.
 */
export abstract class FeatureCommand<Set extends CommandSet, Name extends keyof Set & string> extends Command<Awaited<ReturnType<Set[Name]>>> {
  constructor(
    readonly name: Name,
    readonly input: Parameters<Set[Name]>[1],
    readonly principal: Principal,
    readonly correlationId?: string,
  ) {
    super();
  }
}

/** The handler's execute: the command function of that name, given the handler's deps. */
export function runCommand<Deps, Set extends Record<string, CommandFunction<Deps>>>(
  commands: Set,
  deps: Deps,
  { name, input, principal, correlationId }: FeatureCommand<Set, keyof Set & string>,
): Promise<Awaited<ReturnType<Set[keyof Set]>>> {
  const run = commands[name] as unknown as (deps: Deps, input: unknown, principal: Principal, correlationId?: string) => Promise<Awaited<ReturnType<Set[keyof Set]>>>;
  return run(deps, input, principal, correlationId);
}
