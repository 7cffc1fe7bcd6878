import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { SignJWT, jwtVerify, createRemoteJWKSet, type JWTPayload } from 'jose';
import { DomainError } from '../shared/errors.js';
import { ROLES, type Role } from '../shared/domain-types.js';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import type { Principal } from './principal.js';
import { StaffDirectory } from './staff-directory.js';

const DEV_ISSUER = 'practice-audit-dev';

/**
 * Turns a bearer token into a Principal.
 * - dev: tokens from POST /auth/dev-login, signed with a key held only by this process;
 *   roles come from the staff member's registration.
 * - oidc: JWTs verified against the identity provider's key set (issuer, audience, expiry);
 *   roles from the token's `roles` claim (Entra ID app roles), for a registered staff member.
 */
@Injectable()
export class AuthService {
  private readonly devKey = new TextEncoder().encode(process.env.AUTH_DEV_SECRET ?? randomBytes(32).toString('hex'));
  private readonly jwks;

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly directory: StaffDirectory,
  ) {
    this.jwks = settings.authMode === 'oidc' && settings.oidc.jwksUrl ? createRemoteJWKSet(new URL(settings.oidc.jwksUrl)) : null;
  }

  async issueDevToken(staffId: string): Promise<string> {
    if (this.settings.authMode !== 'dev') throw new DomainError('FORBIDDEN', 'dev login is disabled: AUTH_MODE is not dev');
    if (typeof staffId !== 'string' || !(await this.directory.find(staffId))) {
      throw new DomainError('UNAUTHENTICATED', 'userId: no registered staff member has this id');
    }
    return new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(staffId)
      .setIssuer(DEV_ISSUER)
      .setIssuedAt()
      .setExpirationTime('12h')
      .sign(this.devKey);
  }

  async authenticate(authorization: string | undefined): Promise<Principal> {
    const token = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    if (!token) throw new DomainError('UNAUTHENTICATED', 'Authorization: a bearer token is required');
    const payload = await this.verify(token);
    const staff = payload.sub ? await this.directory.find(payload.sub) : null;
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'the token does not name a registered staff member');
    const roles = this.settings.authMode === 'oidc' ? rolesClaim(payload) : staff.roles;
    return { staffId: staff.id, roles, teamId: staff.teamId };
  }

  private async verify(token: string): Promise<JWTPayload> {
    try {
      if (this.jwks) {
        const { payload } = await jwtVerify(token, this.jwks, {
          issuer: this.settings.oidc.issuer ?? undefined,
          audience: this.settings.oidc.audience ?? undefined,
          algorithms: ['RS256', 'PS256', 'ES256'],
        });
        return payload;
      }
      const { payload } = await jwtVerify(token, this.devKey, { issuer: DEV_ISSUER, algorithms: ['HS256'] });
      return payload;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'the token is invalid or has expired');
    }
  }
}

function rolesClaim(payload: JWTPayload): Role[] {
  const claim = payload.roles;
  const values = Array.isArray(claim) ? claim : typeof claim === 'string' ? [claim] : [];
  return values.map((v) => String(v).toUpperCase()).filter((v): v is Role => (ROLES as readonly string[]).includes(v));
}
