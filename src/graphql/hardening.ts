import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { ApolloDriverConfig } from '@nestjs/apollo';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import type { ApolloServerPlugin } from '@apollo/server';
import { randomBytes } from 'node:crypto';
import type { Request, Response, NextFunction } from 'express';
import helmet from 'helmet';
import type { Settings } from '../config/settings.js';
import { graphiqlAssets, graphiqlPage, IDE_ASSETS_PATH } from './graphiql.js';
import { requestLogPlugin } from './request-log.plugin.js';
import { variablesPlugin } from './variables.js';

/**
 * The Apollo side of the hardening (README, "Limits"): depth, cost, alias and directive limits as
 * validation rules (graphql-armor), a token limit in the parser itself (and a nesting limit before it, app.module.ts),
 * variables refused without echoing them (variables.ts), CSRF prevention, no batched
 * requests, introspection and field suggestions only outside production, and the request log.
 */
export function apolloHardening(settings: Settings): Partial<ApolloDriverConfig> {
  const { limits, production } = settings;
  const armor = new ApolloArmor({
    maxDepth: { n: limits.maxDepth },
    costLimit: { maxCost: limits.maxCost },
    maxAliases: { n: limits.maxAliases },
    maxDirectives: { n: limits.maxDirectives },
    // graphql-js counts tokens while parsing (parseOptions below) and stops at the limit.
    maxTokens: { enabled: false },
    // With introspection off, "Did you mean …?" would still spell out the schema.
    blockFieldSuggestion: { enabled: production },
  });
  const { plugins, validationRules } = armor.protect();
  return {
    // armor and @nestjs/apollo see @apollo/server through its CommonJS types, this file through its ESM ones.
    plugins: [...plugins, ApolloServerPluginCacheControlDisabled(), noStorePlugin(), variablesPlugin(), requestLogPlugin()] as unknown as ApolloDriverConfig['plugins'],
    validationRules,
    parseOptions: { maxTokens: limits.maxTokens },
    // A simple (CORS-safelisted) request without a preflight header is refused: no cross-site mutation by a form or an image.
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    introspection: !production,
    includeStacktraceInErrorResponses: false,
    // Our own offline GraphiQL (mountGraphiql) stands in for Apollo's landing page, which loads from a CDN.
    graphiql: false,
    playground: false,
  };
}

/**
 * Every GraphQL answer is `Cache-Control: no-store`, as Apollo's cache-control plugin made it for a
 * schema without cache hints (and as it did for an answer that failed to parse). That plugin is off:
 * it wrapped the resolver of every field of every answer in a hook, a cost on each cell of a long list.
 */
function noStorePlugin(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response }) {
          if (!response.http.headers.has('cache-control')) response.http.headers.set('cache-control', 'no-store');
        },
      };
    },
  };
}

/** The identity provider's origin when the web pages sign in with it (AUTH_MODE=oidc and AUTH_CLIENT_ID). */
function identityProviderOrigin(settings: Settings): string[] {
  if (settings.authMode !== 'oidc' || !settings.oidc.webSignIn || !settings.oidc.issuer) return [];
  try {
    return [new URL(settings.oidc.issuer).origin];
  } catch {
    return [];
  }
}

/**
 * The HTTP side, before Nest registers its routes: security headers, a body size limit, and the
 * offline GraphiQL outside production.
 */
export function applyHttpHardening(app: INestApplication, settings: Settings): void {
  const express = app as NestExpressApplication;
  // A fresh nonce per response: the web pages' one inline script (govuk-frontend's js-enabled class) carries it.
  express.use((_req: Request, res: Response, next: NextFunction) => {
    res.locals.cspNonce = randomBytes(16).toString('base64');
    next();
  });
  express.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", (_req, res) => `'nonce-${(res as Response).locals.cspNonce}'`],
          // GraphiQL's components set inline styles; scripts stay 'self' only.
          styleSrc: ["'self'", "'unsafe-inline'"],
          // GraphiQL's fonts are data: URLs inside its CSS.
          fontSrc: ["'self'", 'data:'],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          // Signing out sends the form on to the identity provider's end-session page (AUTH_MODE=oidc).
          formAction: ["'self'", ...identityProviderOrigin(settings)],
          frameAncestors: ["'none'"],
          ...(settings.production ? { upgradeInsecureRequests: [] } : {}),
        },
      },
      // HSTS only where the service is behind TLS; a developer's http://localhost must stay reachable.
      strictTransportSecurity: settings.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
    }),
  );
  express.useBodyParser('json', { limit: settings.limits.bodyLimitBytes });
  express.useBodyParser('urlencoded', { limit: settings.limits.bodyLimitBytes, extended: false });
  if (settings.graphqlIde) {
    express.use('/graphql', graphiqlPage);
    express.use(IDE_ASSETS_PATH, graphiqlAssets);
  }
}
