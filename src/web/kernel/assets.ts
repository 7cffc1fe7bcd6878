import { existsSync } from 'node:fs';
import path from 'node:path';
import { Controller, Get, NotFoundException, Param, Res, type OnModuleInit } from '@nestjs/common';
import type { Response } from 'express';
import * as sass from 'sass';
import { Public } from '../../auth/decorators.js';
import { GOVUK_DIST, MOJ_DIST, ROOT, WEB_SOURCE } from './paths.js';

let compiled: string | null = null;

/**
 * The stylesheet, compiled from Sass once per process (about a second, at start-up), so `npm start`
 * and `npm test` need no build step of their own and can never serve a stale file. The synchronous
 * compiler: sass's asynchronous one never settles inside jest's VM modules.
 */
export function stylesheet(): string {
  compiled ??= sass.compile(path.join(WEB_SOURCE, 'kernel', 'application.scss'), {
    loadPaths: [ROOT, path.join(ROOT, 'node_modules')],
    style: 'compressed',
    quietDeps: true,
    // GOV.UK Frontend's own deprecation notices about MoJ Frontend's use of it: not ours to act on.
    logger: sass.Logger.silent,
  }).css;
  return compiled;
}

/** Scripts by the name pages ask for: ours, and GOV.UK's and MoJ's ES module builds. */
const SCRIPTS: Record<string, string> = {
  'application.js': path.join(WEB_SOURCE, 'kernel', 'application.js'),
  'govuk-frontend.min.js': path.join(GOVUK_DIST, 'govuk', 'govuk-frontend.min.js'),
  'moj-frontend.min.js': path.join(MOJ_DIST, 'moj', 'moj-frontend.min.js'),
};
const IMAGE_DIRS = [path.join(GOVUK_DIST, 'govuk', 'assets', 'images'), path.join(MOJ_DIST, 'moj', 'assets', 'images')];

/** Everything under /assets. No fonts: the service uses Arial. */
@Public()
@Controller('assets')
export class AssetsController implements OnModuleInit {
  onModuleInit() {
    stylesheet();
  }

  @Get('application.css')
  css(@Res() res: Response) {
    res.type('text/css').set('Cache-Control', 'no-cache').send(stylesheet());
  }

  @Get('manifest.json')
  manifest(@Res() res: Response) {
    res.sendFile('manifest.json', { root: path.join(GOVUK_DIST, 'govuk', 'assets') });
  }

  @Get('images/:name')
  image(@Param('name') name: string, @Res() res: Response) {
    // sendFile with a root refuses anything outside it; the name is one path segment anyway.
    const dir = IMAGE_DIRS.find((d) => /^[\w.-]+$/.test(name) && existsIn(d, name));
    if (!dir) throw new NotFoundException();
    res.sendFile(name, { root: dir, maxAge: '1h' });
  }

  @Get(':script')
  script(@Param('script') name: string, @Res() res: Response) {
    const file = SCRIPTS[name];
    if (!file) throw new NotFoundException();
    res.type('text/javascript').sendFile(file, { maxAge: name === 'application.js' ? 0 : '1h' });
  }
}

const existsIn = (dir: string, name: string) => existsSync(path.join(dir, name));
