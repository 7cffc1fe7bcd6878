import { SOCIAL_CARE_V2 } from './social-care.v2.js';
import type { AuditTemplate } from './template.js';

/**
 * Children's social care case file audit, version 3: version 2 moderated as 004 says, by sample.
 * AUD-10 (004 "What happens next?": "10% of audits received are moderated each month by the AP team"):
 * the audit team draws a 10% sample of the month's social care audits received; those are moderated,
 * the rest complete without moderation (docs/rules/the-audit.md AUD-10). Questions, sections and
 * grading criteria are version 2's.
 */
export const SOCIAL_CARE_V3: AuditTemplate = {
  ...SOCIAL_CARE_V2,
  version: 3,
  guidance: [
    ...SOCIAL_CARE_V2.guidance!,
    '10% of audits received are moderated each month by the AP team. If your audit is moderated and there is disagreement in regard to the scoring, the outcome of the moderation will be discussed with you and the moderated report added to the file.',
  ],
  moderationSamplePercent: 10,
};
