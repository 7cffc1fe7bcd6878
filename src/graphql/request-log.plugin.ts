import { Logger } from '@nestjs/common';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { Kind, type OperationDefinitionNode } from 'graphql';
import type { Principal } from '../auth/principal.js';
import { isUnexpected } from './errors.js';
import { commandDuration, commands } from '../metrics/metrics.js';

type Context = { req?: { principal?: Principal; correlationId?: string } };

const log = new Logger('GraphQL');

/**
 * One log line per GraphQL request: correlation id, operation type and name, the top-level fields,
 * who called (staff id), how long it took and the error codes. Never the variables, the arguments
 * or error messages, which carry case references, names, grades and rationale. A refusal is that
 * line (at `info`) with its code; an unexpected error adds a line at `error` with its stack, under the
 * same correlation id. Nest logs neither (ServiceExceptionFilter hands GraphQL errors back untouched).
 */
export function requestLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async didEncounterErrors(request) {
          for (const error of request.errors) {
            if (!isUnexpected(error)) continue;
            const original = unwrapResolverError(error);
            log.error({
              msg: 'unexpected error',
              correlationId: request.contextValue.req?.correlationId,
              path: error.path?.join('.'),
              error: original instanceof Error ? original.name : typeof original,
              stack: original instanceof Error ? original.stack : undefined,
            });
          }
        },
        async willSendResponse(request) {
          const body = request.response.body;
          const errors = body.kind === 'single' ? (body.singleResult.errors ?? []) : [];
          if (request.operation?.operation === 'mutation') {
            // One command a mutation field; the outcome is the first error code, or ok.
            const outcome = errors.length === 0 ? 'ok' : String(errors[0].extensions?.code ?? 'UNKNOWN');
            const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
            for (const name of topLevelFields(request)) {
              commands.inc({ name, outcome });
              commandDuration.observe({ name, outcome }, elapsed);
            }
          }
          log.log({
            msg: 'graphql',
            correlationId: request.contextValue.req?.correlationId,
            operation: request.operation?.operation ?? null,
            operationName: request.operationName ?? null,
            fields: topLevelFields(request),
            staffId: request.contextValue.req?.principal?.staffId ?? null,
            durationMs: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
            errorCodes: errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')),
          });
        },
      };
    },
  };
}

function topLevelFields(request: GraphQLRequestContext<Context>): string[] {
  const operation = request.operation as OperationDefinitionNode | undefined;
  if (!operation) return [];
  return operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
}

