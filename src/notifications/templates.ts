import type { Facts, Rule } from './contracts/rules.js';

/**
 * Plain-language emails, text and HTML from the same lines. Only facts the decision carries reach a
 * message (the case reference, dates, staff names); the detail stays in the service behind the link.
 */

export interface Rendered {
  subject: string;
  text: string;
  html: string;
}

interface Draft {
  subject: string;
  lines: string[];
  /** Path in the web app, e.g. /audits/<id>. */
  path: string;
}

const GRADE_WORDS: Record<string, string> = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
};

const REMINDER_WORDS: Record<string, string> = {
  MODERATION_DUE: 'moderation of the audit',
  RECTIFICATION_PASSED: 'putting right the audit returned to you',
  UOPP_DUE: 'the UoPP meeting',
  FOLLOW_UP_UOPP_DUE: 'the follow-up UoPP meeting',
  URGENT_ISSUES_DUE: 'addressing the urgent issues of Inadequate work',
  ACTION_DUE: 'an action you own',
  DIP_AUDIT_DUE: 'the dip audit',
  FOUR_MONTH_ESCALATION: 'the 4-month review: work not improved is escalated to the divisional director',
};

const s = (value: Facts[string] | undefined): string => (value === null || value === undefined ? '' : String(value));
const list = (value: Facts[string] | undefined): string[] => (Array.isArray(value) ? value : []);
const grade = (value: Facts[string] | undefined): string => GRADE_WORDS[s(value)] ?? s(value);
const auditPath = (facts: Facts) => `/audits/${encodeURIComponent(s(facts.auditId))}`;

function draft(rule: Rule, f: Facts): Draft {
  const ref = s(f.caseRef);
  switch (rule) {
    case 'ALLOCATED_PRACTITIONER':
      return {
        subject: `Your work on case ${ref} has been selected for audit`,
        lines: [
          `${s(f.practitionerFirstName)}'s work on case ${ref} has been selected for audit in ${s(f.cycleName) || 'this cycle'}. The team manager is copied in.`,
          `${s(f.auditorName)} will audit it with you: a conversation about the whole family and a look at the records together. You complete your own section of the audit.`,
          ...(list(f.kloes).length > 0 ? ['The key lines of enquiry for this cycle are:', ...list(f.kloes).map((k) => `- ${k}`)] : []),
        ],
        path: auditPath(f),
      };
    case 'ALLOCATED_AUDITOR':
    case 'ALLOCATED_MODERATOR': {
      const auditor = rule === 'ALLOCATED_AUDITOR';
      return {
        subject: auditor ? `Audit allocated to you: case ${ref}` : `Moderation allocated to you: case ${ref}`,
        lines: [
          auditor
            ? `You have been allocated the audit of case ${ref} in ${s(f.cycleName) || 'this cycle'}, moderated by ${s(f.moderatorName)}.`
            : `You will moderate the audit of case ${ref} in ${s(f.cycleName) || 'this cycle'}, audited by ${s(f.auditorName)}.`,
          ...(f.moderationDue ? [`Moderation is due by ${s(f.moderationDue)} (sooner for Inadequate work: within 1 working day of submission).`] : []),
          ...(list(f.kloes).length > 0 ? ['Please comment specifically on the key lines of enquiry:', ...list(f.kloes).map((k) => `- ${k}`)] : []),
          'The audit tool is on the audit page.',
        ],
        path: auditPath(f),
      };
    }
    case 'AUDIT_SUBMITTED':
      return {
        subject: `Audit submitted: case ${ref}`,
        lines: [
          `The audit of case ${ref} has been completed and submitted.`,
          'The practitioner and team manager can start on the actions; the moderator can start the moderation.',
          ...(f.moderationDue ? [`Moderation is due by ${s(f.moderationDue)}.`] : []),
        ],
        path: auditPath(f),
      };
    case 'INADEQUATE_SUBMITTED':
    case 'INADEQUATE_MODERATED':
      return {
        subject: `Action needed now: audit of case ${ref} graded Inadequate`,
        lines: [
          rule === 'INADEQUATE_SUBMITTED'
            ? `The audit of ${s(f.practitionerFirstName)}'s work on case ${ref} has been graded Inadequate by the auditor.`
            : `Moderation has graded the audit of ${s(f.practitionerFirstName)}'s work on case ${ref} Inadequate.`,
          'The moderator completes moderation within 1 working day, the team manager addresses the urgent issues within 2 working days of the moderated outcome, and the audit manager convenes a UoPP meeting within 3 working days.',
        ],
        path: auditPath(f),
      };
    case 'SAFETY_CONCERN_ESCALATED':
      return {
        subject: `Safety concern escalated to you: case ${ref}`,
        lines: [
          `${s(f.raisedByName)} has escalated a concern about the safety of the child on case ${ref} to you${f.escalatedOn ? ` (${s(f.escalatedOn)})` : ''}.`,
          'Please read the concern and the immediate actions on the audit page today.',
        ],
        path: auditPath(f),
      };
    case 'RETURNED_FOR_RECTIFICATION':
      return {
        subject: `Audit returned for rectification: case ${ref}`,
        lines: [
          `The audit team has returned the audit of case ${ref} to the auditor to put right by ${s(f.rectifyBy)}. The auditor's head of service is copied in.`,
          'What needs doing is on the audit page.',
        ],
        path: auditPath(f),
      };
    case 'MODERATION_COMPLETED': {
      const changed = Number(f.gradesChanged ?? 0);
      return {
        subject: `Moderation completed: case ${ref}`,
        lines: [
          `Moderation of the audit of case ${ref} is complete. The moderated grade is ${grade(f.moderatedGrade)}.`,
          changed > 0
            ? `The moderator changed ${changed} grade${changed === 1 ? '' : 's'}; the reasons are on the audit page for reflection and learning.`
            : 'The moderator agreed the grades.',
          ...(f.uoppDue ? [`The UoPP meeting is due by ${s(f.uoppDue)}.`] : []),
        ],
        path: auditPath(f),
      };
    }
    case 'DISPUTE_RAISED':
      return {
        subject: `Moderation disputed: case ${ref}`,
        lines: [`${s(f.raisedByName)} does not agree with the moderation of case ${ref} and will discuss it with the moderator.`],
        path: auditPath(f),
      };
    case 'DISPUTE_DISCUSSED':
      return {
        subject: f.resolved ? `Dispute settled: case ${ref}` : `Dispute needs a final decision: case ${ref}`,
        lines: [
          f.resolved
            ? `The dispute about the moderation of case ${ref} was discussed with the moderator and settled.`
            : `The dispute about the moderation of case ${ref} was discussed with the moderator and not resolved. The audit team or head of service makes the final decision.`,
        ],
        path: auditPath(f),
      };
    case 'DISPUTE_DECIDED':
      return {
        subject: `Dispute decided: case ${ref}`,
        lines: [`${s(f.decidedByName)} has made the final decision on the dispute about case ${ref}: the grade is ${grade(f.grade)}.`],
        path: auditPath(f),
      };
    case 'UOPP_RECORD':
      return {
        subject: `Record of the UoPP meeting: case ${ref}`,
        lines: [
          `A${f.meeting === 'FOLLOW_UP' ? ' follow-up' : ''} UoPP meeting on case ${ref} was held on ${s(f.heldOn)}, chaired by ${s(f.chairName)}.`,
          `Attended: ${list(f.attendeeNames).join(', ') || 'not recorded'}.`,
          f.linkedPlan ? `The actions go into the child's ${s(f.linkedPlan)} plan.` : "The actions go into the child's existing plan.",
          ...(f.followUpDue ? [`A follow-up UoPP meeting is due by ${s(f.followUpDue)}.`] : []),
        ],
        path: auditPath(f),
      };
    case 'UOPP_INVITATION':
      return {
        subject: `Invitation: ${f.meeting === 'FOLLOW_UP' ? 'follow-up ' : ''}UoPP meeting, case ${ref}`,
        lines: [
          `You are invited to the ${f.meeting === 'FOLLOW_UP' ? 'follow-up ' : ''}UoPP meeting on case ${ref}, chaired by ${s(f.chairName)}.`,
          `When: ${s(f.startsAtText)}.`,
          ...(f.location ? [`Where: ${s(f.location)}.`] : []),
          'The calendar invitation is attached.',
        ],
        path: auditPath(f),
      };
    case 'DIP_SAMPLE_FINDINGS':
      return {
        subject: `Dip sample findings ready: ${s(f.theme) || 'dip sample'}`,
        lines: [`The key findings of the dip sample on ${s(f.theme) || 'practice'} (${s(f.findings)} finding${f.findings === 1 ? '' : 's'}) are ready to read and sign off.`],
        path: `/dip-samples/${encodeURIComponent(s(f.dipSampleId))}`,
      };
    case 'DIP_AUDIT_FINDINGS':
      return {
        subject: `Dip audit findings: case ${ref}`,
        lines: [
          `The dip audit of the work on case ${ref} is complete: it reviews the progress of the actions agreed at the UoPP meeting and any delay.`,
          'Please discuss and address any delay and drift with the practitioner and their manager. The findings are on the audit page.',
        ],
        path: auditPath(f),
      };
    case 'REMINDER': {
      const what = REMINDER_WORDS[s(f.kind)] ?? 'a deadline';
      const when = f.stage === 'OVERDUE' ? `was due on ${s(f.dueOn)} and is overdue` : f.stage === 'ON_DAY' ? 'is due today' : `is due on ${s(f.dueOn)}`;
      const subjectWhen = f.stage === 'OVERDUE' ? 'Overdue' : f.stage === 'ON_DAY' ? 'Due today' : `Due ${s(f.dueOn)}`;
      return {
        subject: `${subjectWhen}: ${what}${ref ? `, case ${ref}` : ''}`,
        lines: [`A reminder: ${what}${ref ? ` on case ${ref}` : ''} ${when}.`],
        path: f.auditId ? auditPath(f) : '/',
      };
    }
    case 'WEEKLY_INADEQUATE_DIGEST':
      return {
        subject: `Weekly progress: Inadequate work in progress (${list(f.caseRefs).length})`,
        lines: [
          list(f.caseRefs).length > 0
            ? `Work graded Inadequate and still in progress this week, by case reference: ${list(f.caseRefs).join(', ')}.`
            : 'No work graded Inadequate is in progress this week.',
          'Progress on each plan is on its audit page.',
        ],
        path: '/',
      };
    case 'MONTHLY_OVERDUE_SUMMARY':
      return {
        subject: `Monthly summary: ${s(f.total)} overdue`,
        lines: [
          `Overdue at the start of ${s(f.month)}: ${s(f.overdueActions)} action${f.overdueActions === 1 ? '' : 's'}, ${s(f.overdueModerations)} moderation${f.overdueModerations === 1 ? '' : 's'}, ${s(f.overdueUoPPs)} UoPP meeting${f.overdueUoPPs === 1 ? '' : 's'}.`,
          ...(list(f.caseRefs).length > 0 ? [`Cases: ${list(f.caseRefs).join(', ')}.`] : []),
        ],
        path: '/',
      };
    case 'UNDELIVERABLE_REPORTED':
      return {
        subject: `Could not notify ${s(f.personName)}`,
        lines: [
          `A message ("${s(f.about)}"${ref ? `, case ${ref}` : ''}) could not be sent to ${s(f.personName)} (${s(f.personId)}): ${s(f.reason)}.`,
          'Please tell them another way, and update their record.',
        ],
        path: f.auditId ? auditPath(f) : '/',
      };
  }
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Subject, text and HTML for one recipient; `publicUrl` has no trailing slash. */
export function render(rule: Rule, facts: Facts, recipientFirstName: string, publicUrl: string): Rendered {
  const d = draft(rule, facts);
  const link = `${publicUrl}${d.path}`;
  const greeting = recipientFirstName ? `Dear ${recipientFirstName},` : 'Hello,';
  const closing = ['Practice Audit (Understanding our Practice)', 'This message was sent automatically. Please do not forward it outside the service.'];
  const text = [greeting, '', ...d.lines, '', `Open it in Practice Audit: ${link}`, '', ...closing, ''].join('\n');
  // Lines starting "- " are a bulleted list; the rest are paragraphs.
  const blocks: string[] = [];
  for (const line of d.lines) {
    const item = line.startsWith('- ') ? `<li>${escapeHtml(line.slice(2))}</li>` : null;
    if (item && blocks.at(-1)?.startsWith('<ul>')) blocks[blocks.length - 1] = blocks.at(-1)!.replace(/<\/ul>$/, `${item}\n</ul>`);
    else blocks.push(item ? `<ul>\n${item}\n</ul>` : `<p>${escapeHtml(line)}</p>`);
  }
  const body = blocks.join('\n');
  const html = [
    '<!doctype html><html lang="en"><body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5">',
    `<p>${escapeHtml(greeting)}</p>`,
    body,
    `<p><a href="${escapeHtml(link)}">Open it in Practice Audit</a></p>`,
    `<p style="color:#505a5f">${closing.map(escapeHtml).join('<br>')}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: d.subject, text, html };
}
