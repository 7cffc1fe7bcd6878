import { describe, expect, it } from '@jest/globals';
import { isLoopbackAddress, metricsAllowed } from './metrics-access.js';

describe('who may read /metrics', () => {
  it('a caller on this machine, with or without a token', () => {
    for (const address of ['127.0.0.1', '127.3.2.1', '::1', '::ffff:127.0.0.1']) {
      expect(isLoopbackAddress(address)).toBe(true);
      expect(metricsAllowed(address, undefined, null)).toBe(true);
      expect(metricsAllowed(address, undefined, 'secret')).toBe(true);
    }
  });

  it('a caller elsewhere: only with the bearer token, and never when no token is configured', () => {
    expect(isLoopbackAddress('10.0.0.7')).toBe(false);
    expect(isLoopbackAddress('::ffff:192.168.1.2')).toBe(false);
    expect(isLoopbackAddress(undefined)).toBe(false);
    expect(metricsAllowed('10.0.0.7', undefined, null)).toBe(false);
    expect(metricsAllowed('10.0.0.7', 'Bearer anything', null)).toBe(false);
    expect(metricsAllowed('10.0.0.7', undefined, 'secret')).toBe(false);
    expect(metricsAllowed('10.0.0.7', 'Bearer wrong!', 'secret')).toBe(false);
    expect(metricsAllowed('10.0.0.7', 'Basic secret', 'secret')).toBe(false);
    expect(metricsAllowed('10.0.0.7', 'Bearer secret', 'secret')).toBe(true);
    expect(metricsAllowed('10.0.0.7', 'bearer  secret', 'secret')).toBe(true);
  });
});
