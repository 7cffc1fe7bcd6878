import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { SignJWT, jwtVerify, createRemoteJWKSet, type JWTPayload } from 'jose';
import { DomainError } from '../shared/errors.js';
import type { Role } from '../shared/domain-types.js';
import { SETTINGS } from '../app.tokens.js';
import type { Settings } from '../config/settings.js';
import type { Principal } from './principal.js';
import { StaffDirectory, type StaffRecord } from './staff-directory.js';
import { rolesFromClaim } from './roles-claim.js';
import { VerifiedTokens } from './verified-tokens.js';

const DEV_ISSUER = 'practice-audit-dev';

/** Claims whose value is an email address or UPN, matched to the registered email rather than the id. */
const EMAIL_CLAIMS = ['email', 'preferred_username', 'upn'];

const log = new Logger('Auth');

/**
 * Turns a bearer token into a Principal.
 * - dev: tokens from POST /auth/dev-login, signed with a key held only by this process;
 *   roles come from the staff member's registration.
 * - oidc: JWTs verified against the identity provider's key set (signature with an allowed
 *   asymmetric algorithm, issuer, audience, expiry); roles from the token's `roles` claim (Entra ID
 *   app roles), for a registered staff member named by AUTH_STAFF_CLAIM.
 *
 * Every refusal says what is wrong with the token in general terms, never what it contained.
 */
@Injectable()
export class AuthService {
  private readonly devKey = new TextEncoder().encode(process.env.AUTH_DEV_SECRET ?? randomBytes(32).toString('hex'));
  private readonly jwks;
  private readonly verified = new VerifiedTokens();

  constructor(
    @Inject(SETTINGS) private readonly settings: Settings,
    private readonly directory: StaffDirectory,
  ) {
    this.jwks =
      settings.authMode === 'oidc' && settings.oidc.jwksUrl
        ? createRemoteJWKSet(new URL(settings.oidc.jwksUrl), { timeoutDuration: 5_000, cooldownDuration: 30_000 })
        : null;
  }

  async issueDevToken(staffId: string): Promise<string> {
    if (this.settings.authMode !== 'dev') throw new DomainError('FORBIDDEN', 'dev login is disabled: AUTH_MODE is not dev');
    const staff = typeof staffId === 'string' ? await this.directory.find(staffId) : null;
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'userId: no registered staff member has this id');
    refuseLeaver(staff, 'userId: this staff member');
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
    if (this.settings.authMode === 'oidc') {
      return this.oidcPrincipal(await this.verified.get(token, (t) => this.verifyOidc(t), this.settings.oidc.clockToleranceSeconds));
    }

    const payload = await this.verified.get(token, (t) => this.verifyDev(t));
    const staff = payload.sub ? await this.directory.find(payload.sub) : null;
    if (!staff) throw new DomainError('UNAUTHENTICATED', 'the token does not name a registered staff member');
    refuseLeaver(staff);
    return { staffId: staff.id, roles: staff.roles, teamId: staff.teamId, record: staff };
  }

  private async oidcPrincipal(payload: JWTPayload): Promise<Principal> {
    const claim = this.settings.oidc.staffClaim;
    const staff = await this.staffNamedBy(payload[claim]);
    if (!staff) throw new DomainError('UNAUTHENTICATED', `the token's ${claim} claim does not name a registered staff member`);
    refuseLeaver(staff);
    const { roles, unknown } = rolesFromClaim(payload.roles);
    // Other applications' roles may share a token; they grant nothing here. Logged without the person.
    if (unknown.length > 0) log.warn(`ignored ${unknown.length} role value(s) that are not roles of this service`);
    if (roles.length === 0) throw new DomainError('FORBIDDEN', "the token's roles claim carries no role of this service");
    return { staffId: staff.id, roles: roles as Role[], teamId: staff.teamId, record: staff };
  }

  private async staffNamedBy(value: unknown): Promise<StaffRecord | null> {
    if (typeof value !== 'string' || value === '') return null;
    return EMAIL_CLAIMS.includes(this.settings.oidc.staffClaim) ? this.directory.findByEmail(value) : this.directory.find(value);
  }

  private async verifyOidc(token: string): Promise<JWTPayload> {
    const { issuer, audience, algorithms, clockToleranceSeconds } = this.settings.oidc;
    try {
      const { payload } = await jwtVerify(token, this.jwks!, {
        issuer: issuer!,
        audience: audience!,
        algorithms,
        clockTolerance: clockToleranceSeconds,
        // A token without an expiry would be good for ever.
        requiredClaims: ['exp'],
      });
      return payload;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'the token is invalid or has expired');
    }
  }

  private async verifyDev(token: string): Promise<JWTPayload> {
    try {
      const { payload } = await jwtVerify(token, this.devKey, { issuer: DEV_ISSUER, algorithms: ['HS256'], requiredClaims: ['exp'] });
      return payload;
    } catch {
      throw new DomainError('UNAUTHENTICATED', 'the token is invalid or has expired');
    }
  }
}

/** PPL-8: someone recorded as having left signs in no more, whatever their token says. */
function refuseLeaver(staff: StaffRecord, who = 'the staff member named by the token'): void {
  if (staff.leftOn) throw new DomainError('UNAUTHENTICATED', `${who} left the authority on ${staff.leftOn} (PPL-8)`);
}
