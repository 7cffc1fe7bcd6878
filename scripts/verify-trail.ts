import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { continuesFrom, describeReport, verifyBundle, type TrailBundle } from '../src/trail/bundle.js';
import { parsePublicKey } from '../src/trail/keys.js';

/**
 * npm run verify-trail -- <bundle.json> [--public-key <file>] [--against <earlier bundle.json>]
 *
 * Checks an exported audit trail offline: the Ed25519 signature (against the public key given, as
 * PEM, JWK or the JSON GET /trails/public-key answers; without one, against the key the bundle
 * carries, which proves it intact but not who signed it), then the hash chain and the witnessed
 * hashes, recomputed from the events. With --against, also that every event of an earlier export
 * of the same trail (checked the same way) is still there with the same hash. Exit 0 when all of it holds, 1 when anything fails, 2 when
 * the command itself is wrong or a file cannot be read.
 */
const USAGE = 'usage: npm run verify-trail -- <bundle.json> [--public-key <file>] [--against <earlier bundle.json>]';

/** npm runs scripts in the package folder; paths are meant from where the command was typed. */
const fromCaller = (file: string) => path.resolve(process.env.INIT_CWD ?? process.cwd(), file);

async function main(argv: string[]): Promise<number> {
  let bundlePath: string | null = null;
  let keyPath: string | null = null;
  let earlierPath: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--public-key') {
      keyPath = argv[++i] ?? null;
      if (!keyPath) return usage('--public-key needs a file');
    } else if (arg.startsWith('--public-key=')) {
      keyPath = arg.slice('--public-key='.length);
    } else if (arg === '--against') {
      earlierPath = argv[++i] ?? null;
      if (!earlierPath) return usage('--against needs a file');
    } else if (arg.startsWith('--against=')) {
      earlierPath = arg.slice('--against='.length);
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

  const bundle = await readJson(bundlePath);
  if (bundle === undefined) return 2;
  if (bundle instanceof Error) {
    console.log(`Not a trail bundle: ${bundlePath} is not JSON (${bundle.message})`);
    console.log('Result: FAILED');
    return 1;
  }
  const report = verifyBundle(bundle, trustedKey);
  const lines = describeReport(report);
  let ok = report.ok;

  if (earlierPath && !report.malformed) {
    const earlier = await readJson(earlierPath);
    if (earlier === undefined) return 2;
    const earlierReport = earlier instanceof Error ? null : verifyBundle(earlier, trustedKey);
    const result = lines.pop()!;
    if (!earlierReport || earlierReport.malformed || !earlierReport.signature.valid) {
      lines.push(`Earlier bundle ${earlierPath}: UNUSABLE: ${earlier instanceof Error ? 'not JSON' : (earlierReport?.malformed ?? earlierReport?.signature.problem)}`);
      ok = false;
    } else {
      const continuity = continuesFrom(bundle as TrailBundle, earlier as TrailBundle);
      const held = (earlier as TrailBundle).events.length;
      lines.push(
        continuity.valid
          ? `Against the earlier bundle exported ${earlierReport.exportedAt}: all ${held} of its events still there, unchanged`
          : `Against the earlier bundle exported ${earlierReport.exportedAt}: INVALID${continuity.firstInvalidRevision === null ? '' : ` at revision ${continuity.firstInvalidRevision}`}: ${continuity.problem}`,
      );
      ok &&= continuity.valid;
    }
    lines.push(result.replace(/OK|FAILED/, ok ? 'OK' : 'FAILED'));
  }
  for (const line of lines) console.log(line);
  return ok ? 0 : 1;
}

/** The parsed file; an Error when it is not JSON; undefined (already reported) when it cannot be read. */
async function readJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(fromCaller(file), 'utf8');
  } catch (error) {
    console.error(`Cannot read ${file}: ${(error as Error).message}`);
    return undefined;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    return error as Error;
  }
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
