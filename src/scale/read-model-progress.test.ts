import { describe, expect, it } from '@jest/globals';
import { checkpointsReach, parseCheckpointNotice } from './read-model-progress.js';

describe('following checkpoints from another process', () => {
  it('reads a notice as name and position, and nothing else', () => {
    expect(parseCheckpointNotice('audits:42')).toEqual({ name: 'audits', position: 42 });
    expect(parseCheckpointNotice('a:b:7')).toEqual({ name: 'a:b', position: 7 });
    for (const bad of [undefined, '', 'audits', ':4', 'audits:', 'audits:-1', 'audits:x', 'audits:1.5']) expect(parseCheckpointNotice(bad)).toBeNull();
  });

  it('a position is reached once every projection of the code version is at or past it', () => {
    const expected = [
      { name: 'audits', version: 3 },
      { name: 'cycles', version: 1 },
    ];
    const at = (audits: number, cycles: number, auditsVersion = 3) =>
      new Map([
        ['audits', { version: auditsVersion, position: audits }],
        ['cycles', { version: 1, position: cycles }],
      ]);
    expect(checkpointsReach(expected, at(10, 10), 10)).toBe(true);
    expect(checkpointsReach(expected, at(12, 10), 10)).toBe(true);
    expect(checkpointsReach(expected, at(12, 9), 10)).toBe(false);
    // A checkpoint of another version is a read model being rebuilt, not this code's.
    expect(checkpointsReach(expected, at(12, 12, 2), 10)).toBe(false);
    expect(checkpointsReach(expected, new Map([['audits', { version: 3, position: 50 }]]), 10)).toBe(false);
  });
});
