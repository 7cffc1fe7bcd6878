import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project root, found from this file whether it runs from src/ (tests) or dist/src/ (npm start):
 * templates and Sass stay in src/web and are read from there, never copied into dist.
 */
function projectRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'src', 'web'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('src/web not found above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  return dir;
}

export const ROOT = projectRoot();
export const WEB_SOURCE = path.join(ROOT, 'src', 'web');
export const NODE_MODULES = path.join(ROOT, 'node_modules');
export const GOVUK_DIST = path.join(NODE_MODULES, 'govuk-frontend', 'dist');
export const MOJ_DIST = path.join(NODE_MODULES, '@ministryofjustice', 'frontend');
