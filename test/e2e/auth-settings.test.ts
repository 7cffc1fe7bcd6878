import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it, expect, afterAll } from '@jest/globals';
import { loadSettings, SettingsError } from '../../src/config/settings.js';

/**
 * Settings that decide who may sign in and how hard the service is to abuse, read at start-up:
 * the dev login is refused in production (by loadSettings, and by the real process, which stops
 * before it touches a database), OIDC needs its issuer settings and accepts only asymmetric
 * algorithms, and every limit is a whole number in range.
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
    });
    expect(loadSettings({ NODE_ENV: 'development' }).graphqlIde).toBe(true);
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
});
