import { describe, expect, it } from '@jest/globals';
import { escalatedToIds } from './escalated-to.js';

const audit = { teamManagerId: 'tm', practitionerId: 'prac' };

describe('who a concern was escalated to, from the form', () => {
  it('takes the ticked people of the case and the staff IDs typed, each once', () => {
    expect(escalatedToIds(['teamManager', 'practitioner'], '', audit)).toEqual(['tm', 'prac']);
    expect(escalatedToIds('teamManager', ' coord, hos  tm ', audit)).toEqual(['tm', 'coord', 'hos']);
    expect(escalatedToIds(undefined, undefined, audit)).toEqual([]);
  });
});
