import path from 'node:path';
import type { DatabaseTimeouts } from '../database/connection-options.js';
import { loadMailSettings, MailSettingsError, type MailSettings } from '../notifications/mail-settings.js';

/** How OIDC bearer tokens are verified and mapped to a registered staff member. */
export interface OidcSettings {
  jwksUrl: string | null;
  issuer: string | null;
  audience: string | null;
  /** Signature algorithms accepted; only asymmetric ones (the key set is public). */
  algorithms: string[];
  /**
   * The claim naming the staff member. `sub` (default) and any other claim are matched to the
   * registered staff id; `email`, `preferred_username` and `upn` to the registered email, ignoring case.
   */
  staffClaim: string;
  /** Leeway for exp/nbf/iat between this server's clock and the identity provider's. */
  clockToleranceSeconds: number;
  /** A staff id registered with AUDIT_TEAM at start if missing, so an empty store can be set up. */
  bootstrapAdmin: { id: string; email: string } | null;
  /** The web pages' sign-in (authorization code flow with PKCE); null: only bearer tokens are accepted. */
  webSignIn: OidcWebSignIn | null;
}

/** The web pages as a client of the identity provider (AUTH_CLIENT_ID, AUTH_CLIENT_SECRET, AUTH_SCOPE). */
export interface OidcWebSignIn {
  clientId: string;
  /** Unset: a public client, proven by PKCE alone. */
  clientSecret: string | null;
  scope: string;
  /** PUBLIC_URL/sign-in/oidc/callback, registered with the identity provider. */
  redirectUri: string;
  /** Where the identity provider sends the browser after signing out there: PUBLIC_URL/sign-in. */
  postLogoutRedirectUri: string;
}

/** The GraphQL and HTTP limits (README, "Limits"). */
export interface Limits {
  /** Deepest selection set nesting a query may have. */
  maxDepth: number;
  /** graphql-armor's cost: objects 2, scalars 1, each weighted by 1.5 per level of depth. */
  maxCost: number;
  maxAliases: number;
  /** Lexical tokens in one GraphQL document (parsing stops beyond it). */
  maxTokens: number;
  maxDirectives: number;
  /** Largest JSON request body, in bytes. */
  bodyLimitBytes: number;
  /** Mutations one staff member may send per window; 0 turns the limit off. */
  mutationsPerWindow: number;
  rateWindowSeconds: number;
  /** How long a mutation waits for the read models to show its own events (then SAVED_NOT_YET_VISIBLE). */
  readYourWritesTimeoutMs: number;
}

/** The web pages' sessions (src/web). */
export interface WebSettings {
  /** A session unused for this long is signed out. */
  sessionIdleMinutes: number;
  /** Signs the session cookie; unset: a random one per process (sessions then end with the process). */
  sessionSecret: string | null;
  /** The session cookie is Secure (HTTPS only) everywhere but development and test. */
  secureCookies: boolean;
}

/**
 * What this process runs (README, "Operations"): `all` both halves in one process (the default);
 * `api` GraphQL, pages and exports, never writing a read model; `worker` projections, the outbox
 * sender and reminders, active only while it holds the worker lease.
 */
export type ServiceRole = 'all' | 'api' | 'worker';

/** Typed settings from the environment (shared/api/README.md lists them). */
export interface Settings {
  role: ServiceRole;
  /** SIGTERM: how long in-flight requests may take to finish before their connections are closed. */
  shutdownGraceMs: number;
  /** When set, /metrics answers callers other than loopback that send it as a bearer token. */
  metricsToken: string | null;
  /** OTEL_EXPORTER_OTLP_ENDPOINT: traces are exported there; unset, nothing is traced. */
  otlpEndpoint: string | null;
  nodeEnv: string;
  production: boolean;
  port: number;
  /** The address HTTP listens on: 127.0.0.1 outside production unless HOST says otherwise. */
  host: string;
  /** DEV_LOGIN_ON_NETWORK=true: the dev login may be served on an address others can reach. */
  devLoginOnNetwork: boolean;
  dataDir: string;
  /** External PostgreSQL for read models (and events unless eventStoreConnectionString); unset: embedded. */
  databaseUrl: string | null;
  eventStoreConnectionString: string | null;
  /** Bounds on every wait for PostgreSQL; past them a request answers SERVICE_UNAVAILABLE. */
  databaseTimeouts: DatabaseTimeouts;
  authMode: 'dev' | 'oidc';
  oidc: OidcSettings;
  limits: Limits;
  /** The GraphiQL page at GET /graphql: never in production. */
  graphqlIde: boolean;
  /** `json`: one JSON object a line (the default); `text`: Nest's coloured console lines. */
  logFormat: 'json' | 'text';
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
  web: WebSettings;
  /** SMTP_URL, MAIL_FROM, PUBLIC_URL and the sender's and reminders' timings. */
  mail: MailSettings;
}

export class SettingsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SettingsError';
  }
}

/** Signature algorithms a public key set can verify; HS* (shared secret) and `none` never. */
const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export function loadSettings(env: NodeJS.ProcessEnv = process.env): Settings {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';

  const port = integer(env.PORT ?? '3000', 'PORT');
  const authMode = (env.AUTH_MODE ?? 'dev').toLowerCase();
  if (authMode !== 'dev' && authMode !== 'oidc') throw new SettingsError(`AUTH_MODE must be dev or oidc, not ${authMode}`);
  if (authMode === 'dev' && production) {
    throw new SettingsError('AUTH_MODE=dev is refused when NODE_ENV=production: set AUTH_MODE=oidc');
  }
  const host = env.HOST?.trim() || (production ? '0.0.0.0' : '127.0.0.1');
  const devLoginOnNetwork = flag(env.DEV_LOGIN_ON_NETWORK, 'DEV_LOGIN_ON_NETWORK');
  if (authMode === 'dev' && !isLoopback(host) && !devLoginOnNetwork) {
    throw new SettingsError(
      `AUTH_MODE=dev gives an administrator's token to anyone who asks, and HOST=${host} would offer it to the network: ` +
        'unset HOST (127.0.0.1), use AUTH_MODE=oidc, or set DEV_LOGIN_ON_NETWORK=true if everyone who can reach this address may be an administrator',
    );
  }
  const dataDir = path.resolve(env.DATA_DIR ?? './.data');
  let mail: MailSettings;
  try {
    mail = loadMailSettings(env, port, dataDir);
  } catch (error) {
    throw error instanceof MailSettingsError ? new SettingsError(error.message) : error;
  }

  const oidc = oidcSettings(env, mail.publicUrl);
  if (authMode === 'oidc' && (!oidc.jwksUrl || !oidc.issuer || !oidc.audience)) {
    throw new SettingsError('AUTH_MODE=oidc needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
  }

  let appClock: Date | null = null;
  if (env.APP_CLOCK) {
    if (production) throw new SettingsError('APP_CLOCK is refused when NODE_ENV=production');
    appClock = new Date(env.APP_CLOCK);
    if (Number.isNaN(appClock.getTime())) throw new SettingsError(`APP_CLOCK is not an ISO instant: ${env.APP_CLOCK}`);
  }

  const logFormat = (env.LOG_FORMAT ?? 'json').toLowerCase();
  if (logFormat !== 'json' && logFormat !== 'text') throw new SettingsError(`LOG_FORMAT must be json or text, not ${env.LOG_FORMAT}`);

  const auditTrailSigningKey = env.AUDIT_TRAIL_SIGNING_KEY?.trim() || null;
  if (production && !auditTrailSigningKey) {
    throw new SettingsError('AUDIT_TRAIL_SIGNING_KEY is required when NODE_ENV=production: the Ed25519 private key (PEM or JWK) that signs exported audit trails');
  }

  const role = (env.SERVICE_ROLE ?? 'all').trim().toLowerCase();
  if (role !== 'all' && role !== 'api' && role !== 'worker') throw new SettingsError(`SERVICE_ROLE must be all, api or worker, not ${env.SERVICE_ROLE}`);
  if (role !== 'all' && !env.DATABASE_URL) {
    throw new SettingsError(`SERVICE_ROLE=${role} needs DATABASE_URL: API instances and workers share one PostgreSQL (the embedded one serves SERVICE_ROLE=all alone)`);
  }

  return {
    role,
    shutdownGraceMs: count(env.SHUTDOWN_GRACE_MS, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000),
    metricsToken: env.METRICS_TOKEN?.trim() || null,
    otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || null,
    nodeEnv,
    production,
    port,
    host,
    devLoginOnNetwork,
    dataDir,
    databaseUrl: env.DATABASE_URL || null,
    eventStoreConnectionString: env.EVENTSTORE_CONNECTION_STRING || null,
    databaseTimeouts: {
      connectMs: count(env.DATABASE_CONNECT_TIMEOUT_MS, 'DATABASE_CONNECT_TIMEOUT_MS', 5_000, 100, 600_000),
      statementMs: count(env.DATABASE_STATEMENT_TIMEOUT_MS, 'DATABASE_STATEMENT_TIMEOUT_MS', 15_000, 100, 3_600_000),
    },
    authMode,
    oidc,
    limits: limits(env),
    graphqlIde: !production,
    logFormat,
    seedDemo: (env.SEED_DEMO ?? 'true').toLowerCase() === 'true',
    appClock,
    calendarRegion: env.CALENDAR_REGION ?? 'GB-ENG',
    embeddedPostgresPort: integer(env.EMBEDDED_PG_PORT ?? '54329', 'EMBEDDED_PG_PORT'),
    auditTrailSigningKey,
    web: {
      sessionIdleMinutes: count(env.WEB_SESSION_IDLE_MINUTES, 'WEB_SESSION_IDLE_MINUTES', 30, 1, 24 * 60),
      sessionSecret: env.WEB_SESSION_SECRET?.trim() || null,
      secureCookies: nodeEnv !== 'development' && nodeEnv !== 'test',
    },
    mail,
  };
}

function oidcSettings(env: NodeJS.ProcessEnv, publicUrl: string): OidcSettings {
  const algorithms = (env.AUTH_ALGORITHMS ?? 'RS256')
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean);
  const refused = algorithms.find((a) => !ASYMMETRIC_ALGORITHMS.includes(a));
  if (algorithms.length === 0 || refused !== undefined) {
    throw new SettingsError(`AUTH_ALGORITHMS must list signature algorithms of a public key set (${ASYMMETRIC_ALGORITHMS.join(', ')}), not ${refused ?? 'nothing'}`);
  }
  const staffClaim = (env.AUTH_STAFF_CLAIM ?? 'sub').trim();
  if (!/^[A-Za-z_][\w.-]{0,63}$/.test(staffClaim)) throw new SettingsError(`AUTH_STAFF_CLAIM must be a claim name, not ${env.AUTH_STAFF_CLAIM}`);
  const bootstrapId = env.AUTH_BOOTSTRAP_ADMIN?.trim() || null;
  return {
    jwksUrl: env.AUTH_JWKS_URL || null,
    issuer: env.AUTH_ISSUER || null,
    audience: env.AUTH_AUDIENCE || null,
    algorithms,
    staffClaim,
    clockToleranceSeconds: count(env.AUTH_CLOCK_TOLERANCE_SECONDS, 'AUTH_CLOCK_TOLERANCE_SECONDS', 30, 0, 300),
    bootstrapAdmin: bootstrapId ? { id: bootstrapId, email: env.AUTH_BOOTSTRAP_ADMIN_EMAIL?.trim() || `${bootstrapId}@practice-audit.invalid` } : null,
    webSignIn: webSignIn(env, publicUrl),
  };
}

function webSignIn(env: NodeJS.ProcessEnv, publicUrl: string): OidcWebSignIn | null {
  const clientId = env.AUTH_CLIENT_ID?.trim();
  if (!clientId) return null;
  if (env.NODE_ENV === 'production' && !env.PUBLIC_URL?.trim()) {
    throw new SettingsError('AUTH_CLIENT_ID needs PUBLIC_URL in production: the identity provider calls the service back at PUBLIC_URL/sign-in/oidc/callback');
  }
  const scope = (env.AUTH_SCOPE?.trim() || 'openid profile').replace(/\s+/g, ' ');
  if (!scope.split(' ').includes('openid')) throw new SettingsError(`AUTH_SCOPE must include openid, not ${scope}`);
  return {
    clientId,
    clientSecret: env.AUTH_CLIENT_SECRET?.trim() || null,
    scope,
    redirectUri: `${publicUrl}/sign-in/oidc/callback`,
    postLogoutRedirectUri: `${publicUrl}/sign-in`,
  };
}

/**
 * Defaults every query the service's own clients send stays well inside (the end-to-end suites and
 * GraphiQL's introspection, which armor leaves out of depth and cost), while a hostile document is
 * refused before it runs.
 */
function limits(env: NodeJS.ProcessEnv): Limits {
  return {
    maxDepth: count(env.GRAPHQL_MAX_DEPTH, 'GRAPHQL_MAX_DEPTH', 8, 1),
    maxCost: count(env.GRAPHQL_MAX_COST, 'GRAPHQL_MAX_COST', 1000, 1),
    maxAliases: count(env.GRAPHQL_MAX_ALIASES, 'GRAPHQL_MAX_ALIASES', 15, 0),
    maxTokens: count(env.GRAPHQL_MAX_TOKENS, 'GRAPHQL_MAX_TOKENS', 2000, 1),
    maxDirectives: count(env.GRAPHQL_MAX_DIRECTIVES, 'GRAPHQL_MAX_DIRECTIVES', 20, 0),
    bodyLimitBytes: count(env.REQUEST_BODY_LIMIT_KB, 'REQUEST_BODY_LIMIT_KB', 100, 1, 10_240) * 1024,
    mutationsPerWindow: count(env.RATE_LIMIT_MUTATIONS, 'RATE_LIMIT_MUTATIONS', 600, 0),
    rateWindowSeconds: count(env.RATE_LIMIT_WINDOW_SECONDS, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    readYourWritesTimeoutMs: count(env.READ_YOUR_WRITES_TIMEOUT_MS, 'READ_YOUR_WRITES_TIMEOUT_MS', 10_000, 1, 600_000),
  };
}

/** Only this machine can reach it: 127.0.0.0/8, ::1 or localhost. */
export function isLoopback(host: string): boolean {
  return /^127(?:\.\d{1,3}){3}$/.test(host) || ['::1', 'localhost'].includes(host.toLowerCase());
}

function flag(value: string | undefined, name: string): boolean {
  const given = (value ?? '').trim().toLowerCase();
  if (given === '' || given === 'false') return false;
  if (given === 'true') return true;
  throw new SettingsError(`${name} must be true or false, not ${value}`);
}

function integer(value: string, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new SettingsError(`${name} must be a port number, not ${value}`);
  return n;
}

function count(value: string | undefined, name: string, fallback: number, min: number, max = 1_000_000): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new SettingsError(`${name} must be a whole number from ${min} to ${max}, not ${value}`);
  return n;
}
