import { describe, expect, it } from '@jest/globals';
import { RULES } from './contracts/rules.js';
import { render } from './templates.js';

const facts = {
  auditId: 'a 1',
  caseRef: 'EH-<1>',
  cycleName: 'Early Help 2026-12',
  kloes: ['Voice of the child'],
  moderationDue: '2026-12-31',
  practitionerFirstName: 'Amira',
  auditorName: 'Ben Ode',
  moderatorName: 'Carys Ng',
  kind: 'ACTION_DUE',
  stage: 'OVERDUE',
  dueOn: '2027-01-05',
  caseRefs: ['EH-1'],
};

describe('templates', () => {
  it('every rule renders a subject, text and HTML with a greeting and the link to the page', () => {
    for (const rule of RULES) {
      const m = render(rule, facts, 'Tom', 'https://audit.example');
      expect(m.subject.length).toBeGreaterThan(5);
      expect(m.text).toMatch(/^Dear Tom,/);
      expect(m.text).toContain('https://audit.example/');
      expect(m.html).toContain('<p>Dear Tom,</p>');
    }
  });

  it('links to the audit page, and escapes what goes into HTML', () => {
    const m = render('ALLOCATED_PRACTITIONER', facts, 'Amira', 'https://audit.example');
    expect(m.text).toContain('https://audit.example/audits/a%201');
    expect(m.text).toContain("Amira's work on case EH-<1>");
    expect(m.html).toContain('EH-&lt;1&gt;');
    expect(m.html).not.toContain('EH-<1>');
    expect(m.html).toContain('<ul>\n<li>Voice of the child</li>\n</ul>');
  });

  it('reminders say when: before, today, overdue', () => {
    expect(render('REMINDER', { ...facts, stage: 'BEFORE' }, '', 'https://a').subject).toBe('Due 2027-01-05: an action you own, case EH-<1>');
    expect(render('REMINDER', { ...facts, stage: 'ON_DAY' }, '', 'https://a').subject).toBe('Due today: an action you own, case EH-<1>');
    expect(render('REMINDER', facts, '', 'https://a').text).toContain('was due on 2027-01-05 and is overdue');
  });
});
