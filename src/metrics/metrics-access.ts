import { timingSafeEqual } from 'node:crypto';

/** A caller on this machine: 127.0.0.0/8 or ::1, also as an IPv4-mapped IPv6 address. */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  return plain === '::1' || /^127(?:\.\d{1,3}){3}$/.test(plain);
}

/**
 * /metrics tells how busy the service is and what it holds in queues: it answers a caller on this
 * machine, and anyone else only with `Authorization: Bearer $METRICS_TOKEN` (never when it is unset).
 */
export function metricsAllowed(remoteAddress: string | undefined, authorization: string | undefined, token: string | null): boolean {
  if (isLoopbackAddress(remoteAddress)) return true;
  if (!token || !authorization) return false;
  const match = /^Bearer\s+(.+)$/i.exec(authorization.trim());
  if (!match) return false;
  const given = Buffer.from(match[1]);
  const expected = Buffer.from(token);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
