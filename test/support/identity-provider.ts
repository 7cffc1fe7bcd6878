import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import Provider from 'oidc-provider';

/**
 * A real OpenID provider on 127.0.0.1 for the tests (the `oidc-provider` package): discovery, the
 * authorize endpoint with its own sign-in and consent pages (its development pages: any login name,
 * any password; "[ Cancel ]" on consent answers access_denied), the token endpoint, a key set and
 * RP-initiated logout. The web pages are its confidential client; it issues RS256 JWT access tokens
 * for the API (`aud` AUDIENCE, app roles in `roles`, the login name as `sub`) as Entra ID does.
 */
export interface IdentityProvider {
  issuer: string;
  /** The settings that point the service at this provider, as a client called back at `publicUrl`. */
  env: Record<string, string>;
  /** An access token minted with the provider's own key, for setting data up through GraphQL. */
  token(sub: string, roles: string[]): Promise<string>;
  /** How many times the end-session endpoint was asked. */
  endSessionRequests(): number;
  close(): Promise<void>;
}

export const AUDIENCE = 'api://practice-audit';
const CLIENT_ID = 'practice-audit-web';
const CLIENT_SECRET = 'a-client-secret-for-the-tests';
/** The API's scope at this provider: asked for so the access token is issued for AUDIENCE. */
const API_SCOPE = 'practice-audit';

/** `publicUrl`: the service's address (PUBLIC_URL); `roles`: the app roles each login name is given. */
export async function startIdentityProvider(publicUrl: string, roles: (login: string) => string[]): Promise<IdentityProvider> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'op-rsa-1', alg: 'RS256', use: 'sig' };
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  let endSessions = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/session/end') && req.method === 'GET') endSessions++;
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        token_endpoint_auth_method: 'client_secret_post',
        redirect_uris: [`${publicUrl}/sign-in/oidc/callback`],
        post_logout_redirect_uris: [`${publicUrl}/sign-in`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [signingKey as never] },
    cookies: { keys: ['cookie-key-for-the-test-provider'] },
    pkce: { required: () => true },
    claims: { openid: ['sub'], profile: ['name'] },
    scopes: ['openid', 'profile', API_SCOPE],
    async findAccount(_ctx: unknown, id: string) {
      return { accountId: id, claims: async () => ({ sub: id, name: `Account ${id}` }) };
    },
    extraTokenClaims: async (_ctx: unknown, token: { accountId?: string }) => (token.accountId ? { roles: roles(token.accountId) } : undefined),
    features: {
      devInteractions: { enabled: true },
      rpInitiatedLogout: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => AUDIENCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ scope: API_SCOPE, audience: AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 3600, jwt: { sign: { alg: 'RS256' } } }),
      },
    },
  });
  handler = provider.callback();

  return {
    issuer,
    env: {
      AUTH_MODE: 'oidc',
      AUTH_ISSUER: issuer,
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_CLIENT_ID: CLIENT_ID,
      AUTH_CLIENT_SECRET: CLIENT_SECRET,
      AUTH_SCOPE: `openid profile ${API_SCOPE}`,
      PUBLIC_URL: publicUrl,
    },
    async token(sub, tokenRoles) {
      return new SignJWT({ roles: tokenRoles })
        .setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'at+jwt' })
        .setSubject(sub)
        .setIssuer(issuer)
        .setAudience(AUDIENCE)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(privateKey);
    },
    endSessionRequests: () => endSessions,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
