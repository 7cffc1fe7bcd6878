import { describe, it, expect } from '@jest/globals';
import { nestsTooDeep } from './document-nesting.js';
import { parseInstant } from './scalars.js';
import { unsafeTextAt } from './text-input.js';

describe('unsafeTextAt', () => {
  it('finds a NUL or an unpaired surrogate anywhere, naming its path', () => {
    expect(unsafeTextAt({ input: { auditId: 'a', rationale: 'x\u0000' } }, '')).toBe('input.rationale');
    expect(unsafeTextAt(['ok', 'bad \uD800'], 'attendeeIds')).toBe('attendeeIds.1');
    expect(unsafeTextAt('\uDC00 low first', 'comment')).toBe('comment');
    expect(unsafeTextAt('high last \uD83D', 'comment')).toBe('comment');
  });

  it('lets sound text, paired surrogates (emoji) and non-text values through', () => {
    expect(unsafeTextAt({ a: 'plain', b: 'emoji 😀', c: 3, d: null, e: true, f: new Date(0), g: Buffer.from([0]) }, '')).toBeNull();
  });

  it('refuses a value nested deeper than any input has, rather than walking it', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 40; i++) deep = [deep];
    expect(unsafeTextAt(deep, 'ids')).toMatch(/^ids(\.0)+$/);
  });
});

describe('parseInstant', () => {
  it('reads real instants with any offset', () => {
    expect(parseInstant('2026-12-03T09:00:00Z')?.toISOString()).toBe('2026-12-03T09:00:00.000Z');
    expect(parseInstant('2028-02-29T01:00:00.5+01:00')?.toISOString()).toBe('2028-02-29T00:00:00.500Z');
  });

  it('refuses what new Date() would roll over or guess at', () => {
    for (const value of ['2026-02-30T00:00:00Z', '2026-13-01T00:00:00Z', '2026-12-01T24:00:00Z', '2026-12-01T10:60:00Z', '2026-12-01T10:00:00', '2026-12-01', 'Dec 1 2026', 1_700_000_000_000, null]) {
      expect({ value, parsed: parseInstant(value) }).toEqual({ value, parsed: null });
    }
  });
});

describe('nestsTooDeep', () => {
  it('counts brackets, braces and parentheses, and ignores them inside strings', () => {
    expect(nestsTooDeep(`{ a(x: ${'['.repeat(70)}) }`, 64, 2000)).toBe(true);
    expect(nestsTooDeep(`{ a(x: "${'['.repeat(70)}") }`, 64, 2000)).toBe(false);
    expect(nestsTooDeep(`{ a { b { c } } }`, 2, 2000)).toBe(true);
    expect(nestsTooDeep(`{ a { b } }`, 2, 2000)).toBe(false);
  });

  it('leaves a syntax error to the parser', () => {
    expect(nestsTooDeep('{ a(x: "unterminated', 64, 2000)).toBe(false);
  });
});
