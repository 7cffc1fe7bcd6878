import { createServer, type Server } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWK, type JWTPayload } from 'jose';

/**
 * A stand-in identity provider for the tests: its own key set, generated here, published as a JWKS
 * on 127.0.0.1 (nothing else on the network), and tokens minted the way Entra ID mints them
 * (RS256, `kid`, `iss`, `aud`, `exp`, app roles in `roles`). It can also mint every kind of bad token.
 */
export interface TestIssuer {
  issuer: string;
  audience: string;
  jwksUrl: string;
  /** The settings that point the service at this issuer. */
  env: Record<string, string>;
  /** A good token for `sub` with these app roles, unless `options` spoils it. */
  token(claims: JWTPayload & { sub?: string; roles?: unknown }, options?: TokenOptions): Promise<string>;
  /** The same claims, badly: signed with HS256 using the public key as the secret (algorithm confusion). */
  hs256WithPublicKey(claims: JWTPayload): Promise<string>;
  /** An unsigned token, `alg: none`. */
  unsigned(claims: JWTPayload): string;
  /** How many times the key set was fetched. */
  jwksRequests(): number;
  close(): Promise<void>;
}

export interface TokenOptions {
  issuer?: string;
  audience?: string;
  /** Seconds from now; negative for a token that has expired. `null`: no exp claim at all. */
  expiresIn?: number | null;
  /** Sign with a key the issuer never published (its kid is unknown). */
  unknownKey?: boolean;
  /** Sign with the published EC key (ES256): a valid signature in an algorithm the service may not accept. */
  ec?: boolean;
}

export async function startTestIssuer(): Promise<TestIssuer> {
  const rsa = await generateKeyPair('RS256', { extractable: true });
  const ec = await generateKeyPair('ES256', { extractable: true });
  const rogue = await generateKeyPair('RS256', { extractable: true });
  const publicJwks: JWK[] = [
    { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
    { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
  ];
  const spki = await exportSPKI(rsa.publicKey);
  let requests = 0;

  const server: Server = createServer((req, res) => {
    if (req.url === '/keys') {
      requests++;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ keys: publicJwks }));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const issuer = `${base}/tenant/v2.0`;
  const audience = 'api://practice-audit';
  const jwksUrl = `${base}/keys`;

  return {
    issuer,
    audience,
    jwksUrl,
    env: { AUTH_MODE: 'oidc', AUTH_JWKS_URL: jwksUrl, AUTH_ISSUER: issuer, AUTH_AUDIENCE: audience },
    async token(claims, options = {}) {
      const [key, header] = options.unknownKey
        ? [rogue.privateKey, { alg: 'RS256', kid: 'rogue-1' }]
        : options.ec
          ? [ec.privateKey, { alg: 'ES256', kid: 'ec-1' }]
          : [rsa.privateKey, { alg: 'RS256', kid: 'rsa-1' }];
      const jwt = new SignJWT(claims)
        .setProtectedHeader({ ...header, typ: 'JWT' })
        .setIssuer(options.issuer ?? issuer)
        .setAudience(options.audience ?? audience)
        .setIssuedAt();
      const expiresIn = options.expiresIn === undefined ? 3600 : options.expiresIn;
      if (expiresIn !== null) jwt.setExpirationTime(Math.floor(Date.now() / 1000) + expiresIn);
      return jwt.sign(key);
    },
    async hs256WithPublicKey(claims) {
      return new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256', kid: 'rsa-1', typ: 'JWT' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode(spki));
    },
    unsigned(claims) {
      return new UnsecuredJWT(claims).setIssuer(issuer).setAudience(audience).setIssuedAt().setExpirationTime('1h').encode();
    },
    jwksRequests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
