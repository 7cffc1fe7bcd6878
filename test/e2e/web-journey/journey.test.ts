import { describeJourney } from './journey.js';

/**
 * One case from the cycle's set-up to its grade history, every role in its own browser with
 * JavaScript on, axe on every page visited, screenshots of the main pages (journey.ts).
 */
describeJourney('the audit programme for one case, through the pages (JavaScript on)', true);
