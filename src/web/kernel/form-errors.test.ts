import { describe, expect, it } from '@jest/globals';
import { FormErrors, plainMessage } from './form-errors.js';
import { idempotencyKey } from './graphql-client.js';

describe('form errors in the GOV.UK way', () => {
  it('puts the API message in plain words: the field prefix becomes its label, never the code', () => {
    expect(plainMessage('rationale: must not be empty')).toBe('Rationale must not be empty');
    expect(plainMessage('rationale: must not be empty', 'The rationale')).toBe('The rationale must not be empty');
    expect(plainMessage('teamManagerId: no such staff member')).toBe('Team manager no such staff member');
    expect(plainMessage('cannot submit: the OVERALL grade is required')).toBe('Cannot submit: the OVERALL grade is required');
  });

  it('maps extensions.field (or the message prefix) to the form field, for the summary link and the message beside it', () => {
    const errors = new FormErrors().addApiErrors(
      [
        { message: 'rationale: must not be empty', extensions: { code: 'BAD_USER_INPUT', field: 'rationale' } },
        { message: 'grade: must be one of OUTSTANDING, GOOD', extensions: { code: 'BAD_USER_INPUT' } },
        { message: 'the audit has been submitted', extensions: { code: 'CONFLICT' } },
      ],
      (field) => (field === 'grade' ? 'section-grade' : field),
      { rationale: 'The rationale' },
    );
    expect(errors.summary).toEqual([
      { text: 'The rationale must not be empty', href: '#rationale' },
      { text: 'Grade must be one of OUTSTANDING, GOOD', href: '#section-grade' },
      { text: 'The audit has been submitted' },
    ]);
    expect(errors.for('rationale')).toEqual({ text: 'The rationale must not be empty' });
    expect(errors.for('other')).toBeUndefined();
    expect(new FormErrors().any).toBe(false);
  });

  it('gives a re-posted form the same Idempotency-Key, and a changed one a new key', () => {
    const key = idempotencyKey('session', 'form-1', 'mutation', { a: 1 });
    expect(idempotencyKey('session', 'form-1', 'mutation', { a: 1 })).toBe(key);
    expect(idempotencyKey('session', 'form-1', 'mutation', { a: 2 })).not.toBe(key);
    expect(idempotencyKey('session', 'form-2', 'mutation', { a: 1 })).not.toBe(key);
    expect(idempotencyKey('other', 'form-1', 'mutation', { a: 1 })).not.toBe(key);
    expect(idempotencyKey('session', undefined, 'mutation', { a: 1 })).not.toBe(idempotencyKey('session', undefined, 'mutation', { a: 1 }));
  });
});

describe('error pages', () => {
  it('say in plain words what each refusal means, with its status, never its code', async () => {
    const { pageFor } = await import('./web-errors.filter.js');
    const { ApiFailure } = await import('./graphql-client.js');
    const cases: Array<[string, number, RegExp]> = [
      ['FORBIDDEN', 403, /You cannot see or change this/],
      ['NOT_FOUND', 404, /Page not found/],
      ['CONFLICT', 409, /This cannot be done now/],
      ['RATE_LIMITED', 429, /a lot of changes in a short time/],
      ['SERVICE_UNAVAILABLE', 503, /the service is unavailable/],
      ['INTERNAL_SERVER_ERROR', 500, /there is a problem with the service/],
    ];
    for (const [code, status, title] of cases) {
      const page = pageFor(new ApiFailure(code, [{ message: 'auditId: something', extensions: { code, retryAfterSeconds: 12 } }]));
      expect({ code, status: page.status, title: page.title }).toEqual({ code, status, title: expect.stringMatching(title) });
      expect(JSON.stringify(page)).not.toContain(code);
    }
    expect(pageFor(new ApiFailure('RATE_LIMITED', [{ message: 'x', extensions: { retryAfterSeconds: 12 } }])).paragraphs[0]).toMatch(/Wait 12 seconds/);
  });
});
