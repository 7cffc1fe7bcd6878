import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from '@jest/globals';
import { loadSettings, SettingsError } from '../../src/config/settings.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';

/**
 * Settings that decide who may sign in and how hard the service is to abuse, read at start-up:
 * the dev login is refused in production (by loadSettings, and by the real process, which stops
 * before it touches a database), OIDC needs its issuer settings and accepts only asymmetric
 * algorithms, every limit is a whole number in range, and outside production the service listens on
 * 127.0.0.1 and will not offer the dev login to the network unless told to (DEV_LOGIN_ON_NETWORK).
 */

const OIDC = { AUTH_MODE: 'oidc', AUTH_JWKS_URL: 'https://login.example.com/keys', AUTH_ISSUER: 'https://login.example.com/v2.0', AUTH_AUDIENCE: 'api://practice-audit' };

function refusal(env: NodeJS.ProcessEnv): string {
  try {
    loadSettings(env);
  } catch (error) {
    expect(error).toBeInstanceOf(SettingsError);
    return (error as Error).message;
  }
  throw new Error(`loadSettings accepted ${JSON.stringify(env)}`);
}

describe('authentication settings', () => {
  it('refuses AUTH_MODE=dev with NODE_ENV=production, and the default (dev) too', () => {
    expect(refusal({ NODE_ENV: 'production', AUTH_MODE: 'dev' })).toBe('AUTH_MODE=dev is refused when NODE_ENV=production: set AUTH_MODE=oidc');
    expect(refusal({ NODE_ENV: 'production', AUTH_MODE: 'DEV' })).toMatch(/AUTH_MODE=dev is refused/);
    expect(refusal({ NODE_ENV: 'production' })).toMatch(/AUTH_MODE=dev is refused/);
    expect(loadSettings({ NODE_ENV: 'development' }).authMode).toBe('dev');
  });

  it('accepts production with OIDC fully configured, with IDE and introspection off', () => {
    const settings = loadSettings({ NODE_ENV: 'production', AUDIT_TRAIL_SIGNING_KEY: 'a key', ...OIDC });
    expect({ authMode: settings.authMode, production: settings.production, graphqlIde: settings.graphqlIde }).toEqual({
      authMode: 'oidc',
      production: true,
      graphqlIde: false,
    });
    expect(settings.oidc).toEqual({
      jwksUrl: OIDC.AUTH_JWKS_URL,
      issuer: OIDC.AUTH_ISSUER,
      audience: OIDC.AUTH_AUDIENCE,
      algorithms: ['RS256'],
      staffClaim: 'sub',
      clockToleranceSeconds: 30,
      bootstrapAdmin: null,
      webSignIn: null,
    });
    expect(loadSettings({ NODE_ENV: 'development' }).graphqlIde).toBe(true);
  });

  it('AUTH_CLIENT_ID makes the web pages a client of the identity provider, called back at PUBLIC_URL', () => {
    const web = { ...OIDC, AUTH_CLIENT_ID: 'practice-audit-web', PUBLIC_URL: 'https://audit.council.example/' };
    expect(loadSettings(web).oidc.webSignIn).toEqual({
      clientId: 'practice-audit-web',
      clientSecret: null,
      scope: 'openid profile',
      redirectUri: 'https://audit.council.example/sign-in/oidc/callback',
      postLogoutRedirectUri: 'https://audit.council.example/sign-in',
    });
    const confidential = loadSettings({ ...web, AUTH_CLIENT_SECRET: 's3cret', AUTH_SCOPE: ' openid  profile api://practice-audit/access ' }).oidc.webSignIn;
    expect([confidential?.clientSecret, confidential?.scope]).toEqual(['s3cret', 'openid profile api://practice-audit/access']);
    expect(refusal({ ...web, AUTH_SCOPE: 'profile email' })).toBe('AUTH_SCOPE must include openid, not profile email');
    const production = { ...web, NODE_ENV: 'production', AUDIT_TRAIL_SIGNING_KEY: 'pem', PUBLIC_URL: '' };
    expect(refusal(production)).toMatch(/^AUTH_CLIENT_ID needs PUBLIC_URL in production/);
  });

  it('refuses OIDC without its key set, issuer or audience', () => {
    for (const missing of ['AUTH_JWKS_URL', 'AUTH_ISSUER', 'AUTH_AUDIENCE']) {
      expect(refusal({ ...OIDC, [missing]: '' })).toBe('AUTH_MODE=oidc needs AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE');
    }
    expect(refusal({ AUTH_MODE: 'saml' })).toBe('AUTH_MODE must be dev or oidc, not saml');
  });

  it('accepts only asymmetric signature algorithms: never HS256 (a shared secret) or none', () => {
    expect(refusal({ ...OIDC, AUTH_ALGORITHMS: 'HS256' })).toMatch(/^AUTH_ALGORITHMS must list .* not HS256$/);
    expect(refusal({ ...OIDC, AUTH_ALGORITHMS: 'RS256,none' })).toMatch(/not none$/);
    expect(refusal({ ...OIDC, AUTH_ALGORITHMS: ' , ' })).toMatch(/not nothing$/);
    expect(loadSettings({ ...OIDC, AUTH_ALGORITHMS: 'RS256, PS256 ,ES256' }).oidc.algorithms).toEqual(['RS256', 'PS256', 'ES256']);
  });

  it('reads the staff claim, the clock tolerance and the bootstrap administrator', () => {
    const oidc = loadSettings({ ...OIDC, AUTH_STAFF_CLAIM: 'preferred_username', AUTH_CLOCK_TOLERANCE_SECONDS: '0', AUTH_BOOTSTRAP_ADMIN: 'a.admin' }).oidc;
    expect(oidc.staffClaim).toBe('preferred_username');
    expect(oidc.clockToleranceSeconds).toBe(0);
    expect(oidc.bootstrapAdmin).toEqual({ id: 'a.admin', email: 'a.admin@practice-audit.invalid' });
    expect(refusal({ ...OIDC, AUTH_STAFF_CLAIM: 'roles[0]' })).toBe('AUTH_STAFF_CLAIM must be a claim name, not roles[0]');
    expect(refusal({ ...OIDC, AUTH_CLOCK_TOLERANCE_SECONDS: '3600' })).toBe('AUTH_CLOCK_TOLERANCE_SECONDS must be a whole number from 0 to 300, not 3600');
  });
});

describe('where the service listens', () => {
  const NETWORK_REFUSAL =
    "AUTH_MODE=dev gives an administrator's token to anyone who asks, and HOST=0.0.0.0 would offer it to the network: " +
    'unset HOST (127.0.0.1), use AUTH_MODE=oidc, or set DEV_LOGIN_ON_NETWORK=true if everyone who can reach this address may be an administrator';

  it('is 127.0.0.1 outside production and every interface in production, unless HOST says otherwise', () => {
    expect(loadSettings({}).host).toBe('127.0.0.1');
    expect(loadSettings({ NODE_ENV: 'test' }).host).toBe('127.0.0.1');
    expect(loadSettings({ NODE_ENV: 'production', AUDIT_TRAIL_SIGNING_KEY: 'a key', ...OIDC }).host).toBe('0.0.0.0');
    expect(loadSettings({ NODE_ENV: 'production', AUDIT_TRAIL_SIGNING_KEY: 'a key', ...OIDC, HOST: '10.1.2.3' }).host).toBe('10.1.2.3');
    for (const loopback of ['127.0.0.1', '127.0.1.1', '::1', 'localhost']) expect(loadSettings({ HOST: loopback }).host).toBe(loopback);
  });

  it('refuses the dev login on an address others can reach, unless DEV_LOGIN_ON_NETWORK=true', () => {
    expect(refusal({ HOST: '0.0.0.0' })).toBe(NETWORK_REFUSAL);
    expect(refusal({ AUTH_MODE: 'dev', HOST: '192.168.1.20' })).toMatch(/^AUTH_MODE=dev gives an administrator's token to anyone who asks, and HOST=192\.168\.1\.20/);
    expect(refusal({ HOST: '::' })).toMatch(/HOST=:: would offer it to the network/);
    expect(refusal({ HOST: '0.0.0.0', DEV_LOGIN_ON_NETWORK: 'false' })).toBe(NETWORK_REFUSAL);
    expect(loadSettings({ HOST: '0.0.0.0', DEV_LOGIN_ON_NETWORK: 'true' })).toMatchObject({ host: '0.0.0.0', devLoginOnNetwork: true, authMode: 'dev' });
    expect(loadSettings({ HOST: '0.0.0.0', ...OIDC })).toMatchObject({ host: '0.0.0.0', devLoginOnNetwork: false });
    expect(refusal({ DEV_LOGIN_ON_NETWORK: 'yes' })).toBe('DEV_LOGIN_ON_NETWORK must be true or false, not yes');
  });
});

describe('limit settings', () => {
  it('has defaults', () => {
    expect(loadSettings({}).limits).toEqual({
      maxDepth: 8,
      maxCost: 1000,
      maxAliases: 15,
      maxTokens: 2000,
      maxDirectives: 20,
      bodyLimitBytes: 100 * 1024,
      mutationsPerWindow: 600,
      rateWindowSeconds: 60,
      readYourWritesTimeoutMs: 10_000,
    });
  });

  it('reads each from its variable and refuses anything but a whole number in range, naming the variable', () => {
    const limits = loadSettings({
      GRAPHQL_MAX_DEPTH: '5',
      GRAPHQL_MAX_COST: '900',
      GRAPHQL_MAX_ALIASES: '2',
      GRAPHQL_MAX_TOKENS: '300',
      GRAPHQL_MAX_DIRECTIVES: '3',
      REQUEST_BODY_LIMIT_KB: '8',
      RATE_LIMIT_MUTATIONS: '0',
      RATE_LIMIT_WINDOW_SECONDS: '10',
      READ_YOUR_WRITES_TIMEOUT_MS: '2500',
    }).limits;
    expect(limits).toEqual({ maxDepth: 5, maxCost: 900, maxAliases: 2, maxTokens: 300, maxDirectives: 3, bodyLimitBytes: 8192, mutationsPerWindow: 0, rateWindowSeconds: 10, readYourWritesTimeoutMs: 2500 });
    expect(refusal({ READ_YOUR_WRITES_TIMEOUT_MS: '0' })).toBe('READ_YOUR_WRITES_TIMEOUT_MS must be a whole number from 1 to 600000, not 0');
    expect(refusal({ GRAPHQL_MAX_DEPTH: '0' })).toBe('GRAPHQL_MAX_DEPTH must be a whole number from 1 to 1000000, not 0');
    expect(refusal({ RATE_LIMIT_MUTATIONS: 'lots' })).toBe('RATE_LIMIT_MUTATIONS must be a whole number from 0 to 1000000, not lots');
    expect(refusal({ REQUEST_BODY_LIMIT_KB: '1.5' })).toMatch(/^REQUEST_BODY_LIMIT_KB must be a whole number/);
    expect(refusal({ LOG_FORMAT: 'xml' })).toBe('LOG_FORMAT must be json or text, not xml');
  });
});

describe('the real process', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

  /** src/main.ts in a child process, as `npm start` runs it; resolves with its exit code and output. */
  function start(env: Record<string, string>): Promise<{ code: number | null; output: string; dataDir: string }> {
    const parent = mkdtempSync(path.join(tmpdir(), 'practice-audit-auth-'));
    dirs.push(parent);
    const dataDir = path.join(parent, 'data');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', DATA_DIR: dataDir, PORT: '0', SEED_DEMO: 'false', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (chunk) => (output += chunk));
      child.stderr.on('data', (chunk) => (output += chunk));
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`the service did not stop on its own:\n${output}`));
      }, 60_000);
      child.on('exit', (code) => {
        clearTimeout(timer);
        resolve({ code, output, dataDir });
      });
    });
  }

  for (const [name, env] of [
    ['AUTH_MODE=dev', { NODE_ENV: 'production', AUTH_MODE: 'dev' }],
    ['no AUTH_MODE (dev by default)', { NODE_ENV: 'production' }],
  ] as const) {
    it(`refuses to start in production with ${name}: exit 1, a JSON log line saying why, no database started`, async () => {
      const { code, output, dataDir } = await start(env);
      expect({ code, output }).toEqual({ code: 1, output: expect.any(String) });
      const lines = output
        .trim()
        .split('\n')
        .map((line) => {
          try {
            return JSON.parse(line);
          } catch {
            return { notJson: line };
          }
        });
      expect(lines).toContainEqual(
        expect.objectContaining({ level: 'error', context: 'Main', msg: 'AUTH_MODE=dev is refused when NODE_ENV=production: set AUTH_MODE=oidc' }),
      );
      expect(existsSync(dataDir)).toBe(false);
    }, 90_000);
  }

  it('refuses to start with the dev login on HOST=0.0.0.0: exit 1, the reason, no database started', async () => {
    const { code, output, dataDir } = await start({ NODE_ENV: 'development', AUTH_MODE: 'dev', HOST: '0.0.0.0' });
    expect(code).toBe(1);
    expect(output).toMatch(/"level":"error".*AUTH_MODE=dev gives an administrator's token to anyone who asks, and HOST=0\.0\.0\.0 would offer it to the network/);
    expect(existsSync(dataDir)).toBe(false);
  }, 90_000);

  describe('listening', () => {
    let db: TestDatabase;
    let child: ChildProcess | null = null;
    afterAll(async () => {
      if (child && child.exitCode === null) {
        child.kill('SIGTERM');
        await new Promise((resolve) => child!.once('exit', resolve));
      }
      await db?.drop();
    });

    /** This machine's first address another machine could use, if it has one. */
    const networkAddress = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal)?.address;

    const freePort = () =>
      new Promise<number>((resolve, reject) => {
        const server = createServer();
        server.once('error', reject);
        server.listen(0, '127.0.0.1', () => {
          const { port } = server.address() as { port: number };
          server.close(() => resolve(port));
        });
      });

    const devLogin = async (host: string, port: number) => {
      try {
        const response = await fetch(`http://${host}:${port}/auth/dev-login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"admin"}' });
        return response.status;
      } catch (error) {
        return ((error as Error & { cause?: { code?: string } }).cause?.code ?? 'unreachable') as string;
      }
    };

    /** src/main.ts on the test database, until it logs that it listens; resolves with that line. */
    async function serve(env: Record<string, string>): Promise<{ port: number; output: () => string }> {
      db ??= await createTestDatabase('listen');
      const port = await freePort();
      let output = '';
      child = spawn(process.execPath, ['--import', './test/support/ts-loader.mjs', 'src/main.ts'], {
        cwd: process.cwd(),
        env: { PATH: process.env.PATH ?? '', NODE_OPTIONS: '', DATABASE_URL: db.url, PORT: String(port), SEED_DEMO: 'false', NODE_ENV: 'development', AUTH_MODE: 'dev', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.stdout!.on('data', (chunk) => (output += chunk));
      child.stderr!.on('data', (chunk) => (output += chunk));
      const proc = child;
      await new Promise<void>((resolve, reject) => {
        const check = setInterval(() => {
          if (output.includes('Practice Audit on http://')) done(resolve);
          else if (proc.exitCode !== null) done(() => reject(new Error(`the service exited (${proc.exitCode}):\n${output}`)));
        }, 100);
        const timer = setTimeout(() => done(() => reject(new Error(`the service did not start:\n${output}`))), 60_000);
        const done = (then: () => void) => {
          clearInterval(check);
          clearTimeout(timer);
          then();
        };
      });
      return { port, output: () => output };
    }

    async function stop(): Promise<void> {
      const proc = child!;
      proc.kill('SIGTERM');
      if (proc.exitCode === null) await new Promise((resolve) => proc.once('exit', resolve));
    }

    it('listens on 127.0.0.1 by default: the dev login answers there and not on the network address', async () => {
      const { port, output } = await serve({});
      expect(output()).toContain(`Practice Audit on http://127.0.0.1:${port}/ (sign in there; the API at /graphql`);
      expect(await devLogin('127.0.0.1', port)).toBe(200);
      // Without a network interface there is no other address to try (and nothing to protect).
      if (networkAddress) expect(await devLogin(networkAddress, port)).toBe('ECONNREFUSED');
      await stop();
    }, 90_000);

    it('with HOST=0.0.0.0 and DEV_LOGIN_ON_NETWORK=true listens everywhere and says at start that the dev login is open', async () => {
      const { port, output } = await serve({ HOST: '0.0.0.0', DEV_LOGIN_ON_NETWORK: 'true' });
      expect(output()).toMatch(/"level":"warn".*DEV_LOGIN_ON_NETWORK=true: the dev login hands an administrator's token to anyone who can reach 0\.0\.0\.0/);
      if (networkAddress) expect(await devLogin(networkAddress, port)).toBe(200);
      await stop();
    }, 90_000);
  });
});
