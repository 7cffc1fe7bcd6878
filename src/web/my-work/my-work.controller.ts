import { Get } from '@nestjs/common';
import type { WebPage } from '../kernel/page.js';
import { Page, WebController } from '../kernel/web-controller.js';

export const MY_WORK = `query MyWork {
  myWorkQueue { asOf overdue items { kind auditId cycleId caseRef dueOn overdue chair actionId description } }
}`;

interface WorkItem {
  kind: string;
  auditId: string;
  caseRef: string | null;
  dueOn: string | null;
  overdue: boolean;
  chair: boolean;
  description: string | null;
}

/** What each kind of work asks of the person, in the documents' words. */
const TASKS: Record<string, string> = {
  COMPLETE_AUDIT: 'Complete the audit',
  RECTIFY_AUDIT: 'Put right the audit returned to you',
  MODERATE_AUDIT: 'Moderate the audit',
  ADDRESS_URGENT_ISSUES: 'Address the urgent issues of Inadequate work',
  HOLD_UOPP: 'Hold the UoPP meeting',
  HOLD_FOLLOW_UP_UOPP: 'Hold the follow-up UoPP meeting',
  DIP_AUDIT: 'Carry out the dip audit',
  ACTION: 'Follow up the action',
  ADDRESS_REFERRED_WORK: 'Take up the work the dip audit found still below Good',
};

/** My work: what the signed-in person must do and by when, soonest first (myWorkQueue). */
@WebController('my-work')
export class MyWorkController {
  @Get()
  async myWork(@Page() page: WebPage) {
    const { myWorkQueue } = await page.query<{ myWorkQueue: { asOf: string; overdue: number; items: WorkItem[] } }>(MY_WORK);
    const items = myWorkQueue.items.map((item) => ({
      ...item,
      task: TASKS[item.kind] ?? item.kind,
      href: `/audits/${encodeURIComponent(item.auditId)}`,
    }));
    page.render('my-work/my-work.njk', { pageTitle: 'My work', navigation: 'my-work', queue: myWorkQueue, items });
  }
}
