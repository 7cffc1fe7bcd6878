import { timingSafeEqual } from 'node:crypto';
import type { ApiError } from '../kernel/graphql-client.js';

/** Why signing in with a council account did not sign the person in. */
export type SignInProblem = 'state' | 'denied' | 'provider-error' | 'unreachable' | 'token' | 'unknown-person' | 'no-role' | 'not-accepted';

export interface SignInProblemPage {
  status: number;
  title: string;
  paragraphs: string[];
}

/** Each problem in plain words, with what the person can do about it; never a code from the provider. */
export const SIGN_IN_PROBLEMS: Record<SignInProblem, SignInProblemPage> = {
  state: {
    status: 400,
    title: 'Your sign-in could not be finished',
    paragraphs: ['It took too long, or it was started in another tab or browser. You have not been signed in.', 'Sign in again from the sign-in page.'],
  },
  denied: {
    status: 403,
    title: 'You have not been signed in',
    paragraphs: ['Your council account was not allowed to sign you in to Practice Audit.', 'To use the service, sign in again and agree when your council account asks.'],
  },
  'provider-error': {
    status: 502,
    title: 'Your council account could not sign you in',
    paragraphs: ["The council's sign-in service did not sign you in. Try again in a few minutes."],
  },
  unreachable: {
    status: 503,
    title: "The council's sign-in service cannot be reached",
    paragraphs: ['You have not been signed in. Try again in a few minutes.'],
  },
  token: {
    status: 502,
    title: 'Your council account could not sign you in',
    paragraphs: ["The council's sign-in service did not finish signing you in. Try again; if it happens again, tell the audit team."],
  },
  'unknown-person': {
    status: 403,
    title: 'Your council account is not registered with Practice Audit',
    paragraphs: ['You signed in to your council account, but nobody registered in Practice Audit has it, so you have not been signed in.', 'Ask the audit team to register you.'],
  },
  'no-role': {
    status: 403,
    title: 'Your council account has no role in Practice Audit',
    paragraphs: ['You have not been signed in.', "Ask the audit team to have the council's IT service give you a role in Practice Audit."],
  },
  'not-accepted': {
    status: 502,
    title: 'Signing in with your council account is not working',
    paragraphs: ["Practice Audit did not accept what the council's sign-in service sent. You have not been signed in.", 'Tell the audit team.'],
  },
};

/** The state the callback brought back is the one this session sent (compared in constant time). */
export function stateMatches(expected: string, given: string | null): boolean {
  if (given === null) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** What the API's refusals of every token the provider gave mean to the person (src/auth/auth.service.ts words them). */
export function problemFromRefusals(refusals: ApiError[]): SignInProblem {
  if (refusals.some((e) => /does not name a registered staff member/.test(e.message))) return 'unknown-person';
  if (refusals.some((e) => e.extensions?.code === 'FORBIDDEN')) return 'no-role';
  return 'not-accepted';
}
