import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startTestApp, type TestApp } from '../support/app.js';

describe('smoke', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  it('registers a team and answers me', async () => {
    const data = await t.ok(`mutation { registerTeam(input: {id: "t1", name: "Team 1", service: "Early Help"}) { id name service } }`);
    expect(data.registerTeam).toEqual({ id: 't1', name: 'Team 1', service: 'Early Help' });
    const me = await t.ok(`{ me { id roles } }`);
    expect(me.me).toEqual({ id: 'admin', roles: ['AUDIT_TEAM'] });
  });
});
