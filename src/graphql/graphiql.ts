import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Request, Response, NextFunction } from 'express';

/**
 * GraphiQL at GET /graphql outside production, fully offline: the page, GraphiQL 3's UMD build and
 * React 18's UMD builds all come from this server's node_modules, and the page's own start-up code
 * is a file too, so the Content-Security-Policy needs no inline script and no other origin.
 */
export const IDE_ASSETS_PATH = '/graphql-ide';

const require = createRequire(import.meta.url);
const fromPackage = (pkg: string, file: string) => path.join(path.dirname(require.resolve(`${pkg}/package.json`)), file);

interface Asset {
  file: () => string | Buffer;
  type: string;
}

const ASSETS: Record<string, Asset> = {
  'react.production.min.js': { file: () => readFileSync(fromPackage('react', 'umd/react.production.min.js')), type: 'text/javascript; charset=utf-8' },
  'react-dom.production.min.js': {
    file: () => readFileSync(fromPackage('react-dom', 'umd/react-dom.production.min.js')),
    type: 'text/javascript; charset=utf-8',
  },
  'graphiql.min.js': { file: () => readFileSync(fromPackage('graphiql', 'graphiql.min.js')), type: 'text/javascript; charset=utf-8' },
  'graphiql.min.css': { file: () => readFileSync(fromPackage('graphiql', 'graphiql.min.css')), type: 'text/css; charset=utf-8' },
  'page.css': { file: () => 'html, body { height: 100%; margin: 0; overflow: hidden; }\n#graphiql { height: 100vh; }\n', type: 'text/css; charset=utf-8' },
  'start.js': { file: () => START_SCRIPT, type: 'text/javascript; charset=utf-8' },
};

const START_SCRIPT = `// Starts GraphiQL against this server's /graphql. The bearer token goes in the Headers tab.
(function () {
  var fetcher = GraphiQL.createFetcher({ url: ${JSON.stringify('/graphql')} });
  var headers = JSON.stringify({ Authorization: 'Bearer <your token>' }, null, 2);
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher: fetcher,
      defaultHeaders: headers,
      defaultEditorToolsVisibility: 'headers',
      isHeadersEditorEnabled: true,
      shouldPersistHeaders: false,
      defaultQuery: '# Set your token in Headers below, then run:\\n{\\n  me { id name roles }\\n}\\n',
    }),
  );
})();
`;

const PAGE = `<!DOCTYPE html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <title>Practice Audit GraphQL</title>
    <link rel="stylesheet" href="${IDE_ASSETS_PATH}/graphiql.min.css" />
    <link rel="stylesheet" href="${IDE_ASSETS_PATH}/page.css" />
    <script src="${IDE_ASSETS_PATH}/react.production.min.js"></script>
    <script src="${IDE_ASSETS_PATH}/react-dom.production.min.js"></script>
    <script src="${IDE_ASSETS_PATH}/graphiql.min.js"></script>
  </head>
  <body>
    <div id="graphiql">Loading…</div>
    <script src="${IDE_ASSETS_PATH}/start.js"></script>
  </body>
</html>
`;

const cache = new Map<string, string | Buffer>();

/** GET /graphql asked for by a browser (HTML, no query): the IDE page. Anything else goes on to Apollo. */
export function graphiqlPage(req: Request, res: Response, next: NextFunction): void {
  const wantsPage = req.method === 'GET' && req.query.query === undefined && (req.headers.accept ?? '').includes('text/html');
  if (!wantsPage) return next();
  res.type('html').setHeader('Cache-Control', 'no-store');
  res.send(PAGE);
}

/** GET /graphql-ide/<file>: the page's scripts and styles, from node_modules, never a CDN. */
export function graphiqlAssets(req: Request, res: Response, next: NextFunction): void {
  const name = req.path.replace(/^\//, '');
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (req.method !== 'GET' || !asset) return next();
  let body = cache.get(name);
  if (body === undefined) cache.set(name, (body = asset.file()));
  res.setHeader('Content-Type', asset.type);
  res.setHeader('Cache-Control', 'public, max-age=3600');
  res.send(body);
}
