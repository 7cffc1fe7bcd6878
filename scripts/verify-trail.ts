import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describeReport, verifyBundle } from '../src/trail/bundle.js';
import { parsePublicKey } from '../src/trail/keys.js';

/**
 * npm run verify-trail -- <bundle.json> [--public-key <file>]
 *
 * Checks an exported audit trail offline: the Ed25519 signature (against the public key given, as
 * PEM, JWK or the JSON GET /trails/public-key answers; without one, against the key the bundle
 * carries, which proves it intact but not who signed it), then the hash chain and the witnessed
 * hashes, recomputed from the events. Exit 0 when all of it holds, 1 when anything fails, 2 when
 * the command itself is wrong or a file cannot be read.
 */
const USAGE = 'usage: npm run verify-trail -- <bundle.json> [--public-key <file>]';

/** npm runs scripts in the package folder; paths are meant from where the command was typed. */
const fromCaller = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

async function main(argv: string[]): Promise<number> {
  let bundlePath: string | null = null;
  let keyPath: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--public-key') {
      keyPath = argv[++i] ?? null;
      if (!keyPath) return usage('--public-key needs a file');
    } else if (arg.startsWith('--public-key=')) {
      keyPath = arg.slice('--public-key='.length);
    } else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      return 0;
    } else if (arg.startsWith('-')) {
      return usage(`unknown option ${arg}`);
    } else if (bundlePath === null) {
      bundlePath = arg;
    } else {
      return usage(`one bundle at a time, not also ${arg}`);
    }
  }
  if (!bundlePath) return usage('which bundle?');

  let trustedKey;
  if (keyPath) {
    try {
      trustedKey = parsePublicKey(await readFile(fromCaller(keyPath), 'utf8'), keyPath);
    } catch (error) {
      console.error(`Cannot use the public key: ${(error as Error).message}`);
      return 2;
    }
  }

  let text: string;
  try {
    text = await readFile(fromCaller(bundlePath), 'utf8');
  } catch (error) {
    console.error(`Cannot read ${bundlePath}: ${(error as Error).message}`);
    return 2;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    console.log(`Not a trail bundle: ${bundlePath} is not JSON (${(error as Error).message})`);
    console.log('Result: FAILED');
    return 1;
  }

  const report = verifyBundle(parsed, trustedKey);
  for (const line of describeReport(report)) console.log(line);
  return report.ok ? 0 : 1;
}

function usage(why: string): number {
  console.error(`${why}\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exitCode = 2;
  },
);
