import { describeJourney } from './journey.js';

/**
 * The same journey as journey.test.ts with JavaScript switched off in every browser: every form is
 * a plain POST and every page is read as the server sent it (no axe: it needs JavaScript).
 */
describeJourney('the audit programme for one case, through the pages (JavaScript off)', false);
