import { describe, expect, it } from '@jest/globals';
import { downloadQuery, pagination, queryString, readTrackerQuery, sortHeading, trackerPageVariables, type TrackerState } from './tracker-view.js';

const cycles = [
  { id: 'oct', name: 'Early Help October', service: 'Early Help', month: '2026-10' },
  { id: 'dec', name: 'Early Help December', service: 'Early Help', month: '2026-12' },
  { id: 'yj', name: 'Youth Justice December', service: 'Youth Justice', month: '2026-12' },
];
const read = (query: Record<string, unknown>) => readTrackerQuery(query, cycles, ['north', 'south']);

describe('what the tracker address asks for', () => {
  it('given no address at all, then the newest cycle, unfiltered, allocation order, page 1', () => {
    expect(read({})).toEqual({ cycleId: 'dec', service: null, teamId: null, grade: null, status: null, overdue: null, sort: null, direction: 'ASC', page: 1 });
  });

  it("given the form's every filter and a sort, then trackerPage's filter, orderBy and offset", () => {
    const state = read({ cycleId: 'oct', service: 'Early Help', teamId: 'south', grade: 'GOOD', status: 'MODERATED', overdue: 'false', sort: 'GRADE', direction: 'DESC', page: '3' });
    expect(trackerPageVariables(state)).toEqual({
      filter: { cycleId: 'oct', service: 'Early Help', teamId: 'south', grade: 'GOOD', status: 'MODERATED', overdue: false },
      first: 25,
      offset: 50,
      orderBy: { field: 'GRADE', direction: 'DESC' },
    });
  });

  it('given "All cycles" (cycleId empty), then no cycle filter and no download', () => {
    const state = read({ cycleId: '' });
    expect(trackerPageVariables(state).filter).toEqual({});
    expect(downloadQuery(state)).toBeNull();
  });

  it('given values the form never offers (an edited address), then they count as not given', () => {
    expect(read({ cycleId: 'nope', teamId: 'west', grade: 'BEST', status: ['MODERATED'], overdue: 'yes', sort: 'CHILD', direction: 'UP', page: '-2', service: 'Elsewhere' })).toEqual({
      cycleId: null, service: null, teamId: null, grade: null, status: null, overdue: null, sort: null, direction: 'ASC', page: 1,
    });
    expect(read({ page: '0' }).page).toBe(1);
  });
});

describe('the links the tracker offers', () => {
  const state: TrackerState = { ...read({ cycleId: 'dec', grade: 'GOOD' }), page: 2 };

  it('given a column not sorted by, then its link sorts by it ascending from page 1, keeping the filters', () => {
    expect(sortHeading(state, 'TEAM')).toEqual({ field: 'TEAM', href: '/tracker?cycleId=dec&grade=GOOD&sort=TEAM&direction=ASC', ariaSort: 'none' });
  });

  it('given the column sorted by, then it says which way and its link turns the sort round', () => {
    const sorted = { ...state, sort: 'TEAM' as const, direction: 'ASC' as const };
    expect(sortHeading(sorted, 'TEAM')).toMatchObject({ ariaSort: 'ascending', href: expect.stringContaining('sort=TEAM&direction=DESC') });
    expect(sortHeading({ ...sorted, direction: 'DESC' }, 'TEAM')).toMatchObject({ ariaSort: 'descending', href: expect.stringContaining('direction=ASC') });
  });

  it("given a cycle, then the download carries the page's filters and sort, never its page number", () => {
    expect(downloadQuery({ ...state, sort: 'STATUS', direction: 'DESC', page: 4 })).toBe('cycleId=dec&grade=GOOD&sort=STATUS&direction=DESC');
  });

  it('given one page of rows or fewer, then no pagination', () => {
    expect(pagination(state, 25)).toBeNull();
    expect(pagination(state, 0)).toBeNull();
  });

  it('given many pages, then the first, the last, the current and its neighbours, with ellipses for the gaps', () => {
    const p = pagination({ ...state, page: 5 }, 250)!;
    expect(p.items.map((i) => ('ellipsis' in i ? '…' : i.current ? `[${i.number}]` : String(i.number)))).toEqual(['1', '…', '4', '[5]', '6', '…', '10']);
    expect(p.previous?.href).toBe(`/tracker?${queryString(state, { page: 4 })}`);
    expect(p.next?.href).toContain('page=6');
    const first = pagination({ ...state, page: 1 }, 60)!;
    expect(first.previous).toBeNull();
    expect(first.items.map((i) => ('number' in i ? i.number : '…'))).toEqual([1, 2, 3]);
    expect(first.items[0]).toMatchObject({ href: '/tracker?cycleId=dec&grade=GOOD', current: true });
    expect(pagination({ ...state, page: 3 }, 60)!.next).toBeNull();
  });
});
