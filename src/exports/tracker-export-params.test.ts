import { describe, expect, it } from '@jest/globals';
import { DomainError } from '../shared/errors.js';
import { trackerExportParams } from './tracker-export-params.js';

const refused = (query: Record<string, unknown>) => {
  try {
    trackerExportParams(query);
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('not refused');
};

describe("the tracker export's filters and sort", () => {
  it('given none (or empty ones), then every row of the cycle in allocation order', () => {
    expect(trackerExportParams({ cycleId: 'dec' })).toEqual({ filter: {}, orderBy: null });
    expect(trackerExportParams({ service: '', teamId: '', grade: '', status: '', overdue: '', sort: '', direction: '' })).toEqual({ filter: {}, orderBy: null });
  });

  it("given trackerPage's filters and a sort, then the same filter and orderBy", () => {
    expect(trackerExportParams({ service: 'Early Help', teamId: 'north', grade: 'GOOD', status: 'MODERATED', overdue: 'false', sort: 'GRADE', direction: 'DESC' })).toEqual({
      filter: { service: 'Early Help', teamId: 'north', grade: 'GOOD', status: 'MODERATED', overdue: false },
      orderBy: { field: 'GRADE', direction: 'DESC' },
    });
    expect(trackerExportParams({ overdue: 'true', sort: 'TEAM' })).toEqual({ filter: { overdue: true }, orderBy: { field: 'TEAM', direction: 'ASC' } });
  });

  it.each([
    [{ grade: 'BRILLIANT' }, 'grade', /^grade: must be one of OUTSTANDING, GOOD/],
    [{ status: 'closed' }, 'status', /^status: must be one of ALLOCATED/],
    [{ overdue: 'yes' }, 'overdue', /^overdue: must be one of true, false$/],
    [{ teamId: 'a b' }, 'teamId', /^teamId: must be 1–64 letters/],
    [{ service: 'x'.repeat(201) }, 'service', /^service: must be at most 200 characters$/],
    [{ sort: 'CHILD' }, 'sort', /^sort: must be one of ALLOCATED/],
    [{ direction: 'DESC' }, 'direction', /^direction: needs sort/],
    [{ grade: ['GOOD', 'INADEQUATE'] }, 'grade', /^grade: must be given once$/],
    [{ teamId: { north: '1' } }, 'teamId', /^teamId: must be given once$/],
  ])('given %j, then BAD_USER_INPUT naming %s', (query, field, message) => {
    expect(refused(query)).toMatchObject({ code: 'BAD_USER_INPUT', field, message: expect.stringMatching(message) });
  });
});
