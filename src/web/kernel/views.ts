import nunjucks from 'nunjucks';
import { GOVUK_DIST, MOJ_DIST, WEB_SOURCE } from './paths.js';
import { FILTERS } from './filters.js';

/**
 * One Nunjucks environment for every page. Templates are found by path from src/web
 * (`my-work/my-work.njk`, `layout/page.njk`), GOV.UK's as `govuk/components/…/macro.njk` and MoJ's
 * as `moj/components/…/macro.njk`. Autoescape is on: only `| safe` output is raw.
 */
export function createViews(options: { watch?: boolean } = {}): nunjucks.Environment {
  const loader = new nunjucks.FileSystemLoader([WEB_SOURCE, GOVUK_DIST, MOJ_DIST], { noCache: options.watch ?? false });
  const env = new nunjucks.Environment(loader, { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true });
  for (const [name, filter] of Object.entries(FILTERS)) env.addFilter(name, filter);
  return env;
}

