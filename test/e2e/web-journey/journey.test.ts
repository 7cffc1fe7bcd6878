import { afterAll, beforeAll, describe, it } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startTestApp, type TestApp } from '../../support/app.js';
import { JOURNEY_TIMEOUT_MS, launchBrowser } from '../../support/browser.js';
import { setUpAuthority } from '../lifecycle-fixtures.js';
import { journeySteps } from './journey.js';

/**
 * One case from the cycle's set-up to its grade history, every role in its own browser with
 * JavaScript on, axe on every page visited, screenshots of the main pages (journey.ts).
 */
describe('the audit programme for one case, through the pages (JavaScript on)', () => {
  const env: { t?: TestApp; browser?: Browser } = {};

  beforeAll(async () => {
    env.t = await startTestApp({ APP_CLOCK: '2026-12-07T10:00:00Z' });
    await setUpAuthority(env.t, []);
    env.browser = await launchBrowser();
  }, 120_000);

  afterAll(async () => {
    await env.browser?.close();
    await env.t?.close();
  });

  // One test a step, in order: each has its own timeout, and a failure names the step.
  for (const [step, run] of journeySteps(env, true)) it(step, run, JOURNEY_TIMEOUT_MS);
});
