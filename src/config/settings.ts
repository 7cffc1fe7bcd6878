import path from 'node:path';

/** Typed settings from the environment (shared/api/README.md lists them). */
export interface Settings {
  nodeEnv: string;
  production: boolean;
  port: number;
  dataDir: string;
  /** External PostgreSQL for read models (and events unless eventStoreConnectionString); unset: embedded. */
  databaseUrl: string | null;
  eventStoreConnectionString: string | null;
  authMode: 'dev' | 'oidc';
  oidc: { jwksUrl: string | null; issuer: string | null; audience: string | null };
  seedDemo: boolean;
  /** Outside production only: the clock starts here and runs on. */
  appClock: Date | null;
  calendarRegion: string;
  /** Preferred port of the embedded PostgreSQL (the next free one is taken if busy). */
  embeddedPostgresPort: number;
  /**
   * Ed25519 private key (PEM or JWK) signing exported audit trails. Required in production; unset
   * elsewhere, a key generated and kept under DATA_DIR is used (src/trail/signing-key.ts).
   */
  auditTrailSigningKey: string | null;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';

  const port = integer(env.PORT ?? '3000', 'PORT');
  const authMode = (env.AUTH_MODE ?? 'dev').toLowerCase();
  if (authMode !== 'dev' && authMode !== 'oidc') throw new SettingsError(`AUTH_MODE must be dev or oidc, not ${authMode}`);
  if (authMode === 'dev' && production) {
    throw new SettingsError('AUTH_MODE=dev is refused when NODE_ENV=production: set AUTH_MODE=oidc');
  }
  const oidc = { jwksUrl: env.AUTH_JWKS_URL ?? null, issuer: env.AUTH_ISSUER ?? null, audience: env.AUTH_AUDIENCE ?? null };
  if (authMode === 'oidc' && (!oidc.jwksUrl || !oidc.issuer || !oidc.audience)) {
    throw new SettingsError('AUTH_MODE=oidc needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
  }

  let appClock: Date | null = null;
  if (env.APP_CLOCK) {
    if (production) throw new SettingsError('APP_CLOCK is refused when NODE_ENV=production');
    appClock = new Date(env.APP_CLOCK);
    if (Number.isNaN(appClock.getTime())) throw new SettingsError(`APP_CLOCK is not an ISO instant: ${env.APP_CLOCK}`);
  }

  const auditTrailSigningKey = env.AUDIT_TRAIL_SIGNING_KEY?.trim() || null;
  if (production && !auditTrailSigningKey) {
    throw new SettingsError('AUDIT_TRAIL_SIGNING_KEY is required when NODE_ENV=production: the Ed25519 private key (PEM or JWK) that signs exported audit trails');
  }

  return {
    nodeEnv,
    production,
    port,
    dataDir: path.resolve(env.DATA_DIR ?? './.data'),
    databaseUrl: env.DATABASE_URL || null,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || null,
    authMode,
    oidc,
    seedDemo: (env.SEED_DEMO ?? 'true').toLowerCase() === 'true',
    appClock,
    calendarRegion: env.CALENDAR_REGION ?? 'GB-ENG',
    embeddedPostgresPort: integer(env.EMBEDDED_PG_PORT ?? '54329', 'EMBEDDED_PG_PORT'),
    auditTrailSigningKey,
  };
}

function integer(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new SettingsError(`${name} must be a port number, not ${value}`);
  return n;
}
