import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SETTINGS } from '../../app.tokens.js';
import type { Settings } from '../../config/settings.js';

/** A browser's session: anonymous until sign-in, then the person and the bearer token the pages call GraphQL with. */
export interface WebSession {
  /** The value in the cookie (never stored: the table keeps its SHA-256). */
  id: string;
  staffId: string | null;
  /** The person's name and roles when they signed in (for the header and navigation; the API decides access). */
  name: string | null;
  roles: string[];
  token: string | null;
  /** The synchroniser token every form POST must carry as `_csrf`. */
  csrf: string;
  /** A one-off message for the next page (e.g. "You have signed out"). */
  flash: string | null;
  /** AUTH_MODE=oidc: the sign-in under way (state, nonce, PKCE verifier), then the ID token for signing out. */
  oidc: OidcSessionState | null;
}

/** What the council account sign-in keeps in the session (src/web/sign-in/oidc-sign-in.ts). */
export type OidcSessionState = { state: string; nonce: string; codeVerifier: string } | { idToken: string };

const log = new Logger('WebSessions');
const random = () => randomBytes(32).toString('base64url');
const digest = (id: string) => createHash('sha256').update(id).digest('hex');

/**
 * Sessions in PostgreSQL, not in process memory, so several instances can serve one browser. A row
 * is keyed by the hash of the cookie's value: a copy of the table signs nobody in. Sessions idle for
 * longer than WEB_SESSION_IDLE_MINUTES are gone.
 */
@Injectable()
export class SessionStore implements OnModuleInit {
  constructor(
    private readonly db: DataSource,
    @Inject(SETTINGS) private readonly settings: Settings,
  ) {}

  async onModuleInit() {
    if (this.settings.production && !this.settings.web.sessionSecret) {
      log.warn('WEB_SESSION_SECRET is not set: sessions end when this process stops and no other instance can read them');
    }
    await this.db
      .query(
        `CREATE TABLE IF NOT EXISTS web_session (
      id_hash text PRIMARY KEY,
      staff_id text,
      name text,
      roles text[] NOT NULL DEFAULT '{}',
      token text,
      csrf text NOT NULL,
      flash text,
      last_seen timestamptz NOT NULL DEFAULT now()
    )`,
      )
      .catch((error: { code?: string }) => {
        // Two instances starting at once: the other one made it (duplicate table or type).
        if (error.code !== '42P07' && error.code !== '23505') throw error;
      });
    // Added after the table first shipped: an existing table gains the column.
    await this.db.query(`ALTER TABLE web_session ADD COLUMN IF NOT EXISTS oidc jsonb`).catch((error: { code?: string }) => {
      if (error.code !== '42701' && error.code !== '23505') throw error;
    });
  }

  private get idle() {
    return `${this.settings.web.sessionIdleMinutes} minutes`;
  }

  /** The live session with this cookie value, its idle clock restarted; null when none or idle too long. */
  async find(id: string): Promise<WebSession | null> {
    // TypeORM answers an UPDATE … RETURNING with [rows, affected count].
    const [rows]: [
      Array<{ staff_id: string | null; name: string | null; roles: string[]; token: string | null; csrf: string; flash: string | null; oidc: OidcSessionState | null }>,
      number,
    ] = await this.db.query(
      `WITH before AS (SELECT flash FROM web_session WHERE id_hash = $1)
       UPDATE web_session SET last_seen = now(), flash = NULL
        WHERE id_hash = $1 AND last_seen > now() - $2::interval
        RETURNING staff_id, name, roles, token, csrf, oidc, (SELECT flash FROM before) AS flash`,
      [digest(id), this.idle],
    );
    const row = rows[0];
    return row ? { id, staffId: row.staff_id, name: row.name, roles: row.roles, token: row.token, csrf: row.csrf, flash: row.flash, oidc: row.oidc } : null;
  }

  /** Keeps (or with null, forgets) the council account sign-in's state in this session. */
  async setOidc(id: string, oidc: OidcSessionState | null): Promise<void> {
    await this.db.query(`UPDATE web_session SET oidc = $2 WHERE id_hash = $1`, [digest(id), oidc === null ? null : JSON.stringify(oidc)]);
  }

  /** A new session (anonymous, or signed in); any idle sessions are cleared out on the way. */
  async create(
    signedIn: { staffId: string; name: string; roles: string[]; token: string; oidc?: OidcSessionState } | null = null,
    flash: string | null = null,
  ): Promise<WebSession> {
    await this.db.query(`DELETE FROM web_session WHERE last_seen <= now() - $1::interval`, [this.idle]);
    const session: WebSession = {
      id: random(),
      staffId: signedIn?.staffId ?? null,
      name: signedIn?.name ?? null,
      roles: signedIn?.roles ?? [],
      token: signedIn?.token ?? null,
      csrf: random(),
      flash,
      oidc: signedIn?.oidc ?? null,
    };
    await this.db.query(`INSERT INTO web_session (id_hash, staff_id, name, roles, token, csrf, flash, oidc) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`, [
      digest(session.id),
      session.staffId,
      session.name,
      session.roles,
      session.token,
      session.csrf,
      flash,
      session.oidc === null ? null : JSON.stringify(session.oidc),
    ]);
    return session;
  }

  async destroy(id: string): Promise<void> {
    await this.db.query(`DELETE FROM web_session WHERE id_hash = $1`, [digest(id)]);
  }
}

/** Compares a form's `_csrf` with the session's in constant time. */
export function csrfMatches(session: WebSession, given: unknown): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(session.csrf);
  return a.length === b.length && timingSafeEqual(a, b);
}
