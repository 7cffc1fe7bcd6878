import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Lexer, Source, TokenKind } from 'graphql';

/**
 * Deeper than any document of this service nests its brackets (selections are limited to
 * GRAPHQL_MAX_DEPTH, far below): the parser recurses once per level and would run out of stack
 * on a few thousand `[` before its token limit applies.
 */
export const MAX_NESTING = 64;

const OPEN = new Set<TokenKind>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSE = new Set<TokenKind>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/** True when the document nests `{`, `[` or `(` deeper than `max`; read with the (iterative) lexer, within `maxTokens`. */
export function nestsTooDeep(query: string, max: number, maxTokens: number): boolean {
  const lexer = new Lexer(new Source(query));
  let depth = 0;
  try {
    for (let tokens = 0; tokens <= maxTokens; tokens++) {
      const token = lexer.advance();
      if (token.kind === TokenKind.EOF) return false;
      if (OPEN.has(token.kind) && ++depth > max) return true;
      if (CLOSE.has(token.kind)) depth--;
    }
  } catch {
    // A syntax error: the parser reports it, in its own words.
  }
  return false;
}

/**
 * Refuses such a document before Apollo parses it, in the words and shape the parser uses for a
 * document over the token limit (400, GRAPHQL_PARSE_FAILED), logged as the request log logs a
 * refusal. Middleware rather than an Apollo plugin: a plugin's error before parsing is answered as an
 * internal one.
 */
export function refuseDeepDocuments(maxTokens: number) {
  const log = new Logger('GraphQL');
  return (req: Request & { correlationId?: string }, res: Response, next: NextFunction): void => {
    const query = req.method === 'GET' ? req.query?.query : (req.body as { query?: unknown } | undefined)?.query;
    if (typeof query === 'string' && nestsTooDeep(query, MAX_NESTING, maxTokens)) {
      log.log({ msg: 'graphql', correlationId: req.correlationId, operation: null, operationName: null, fields: [], errorCodes: ['GRAPHQL_PARSE_FAILED'] });
      res.status(400).json({
        errors: [{ message: `Syntax Error: Document nests brackets deeper than ${MAX_NESTING} levels. Parsing aborted.`, extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
      });
      return;
    }
    next();
  };
}
