import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Observable } from 'rxjs';
import type { Principal } from '../auth/principal.js';
import { badInput } from '../shared/errors.js';
import { IDEMPOTENCY_HEADER, IdempotentRequest, idempotentRequest } from '../shared/idempotency.js';

/**
 * A mutation sent with an `Idempotency-Key` header runs with its IdempotentRequest in scope, so
 * the write path derives its ids from the key (src/shared/idempotency.ts). The mutation's name and
 * arguments are what the key stands for; a document with more than one mutation is refused.
 * Nest binds the handler to the async context current when `handle()` is called.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    if (gql.getInfo().parentType.name !== 'Mutation') return next.handle();
    const req = gql.getContext().req as { header(name: string): string | undefined; principal?: Principal };
    const key = req.header(IDEMPOTENCY_HEADER);
    if (key === undefined || !req.principal) return next.handle();
    // The ids come from the key alone, so two mutations under one key would take the same ones.
    if (gql.getInfo().operation.selectionSet.selections.length !== 1) {
      throw badInput(IDEMPOTENCY_HEADER, 'send one mutation per request when sending this header');
    }
    const request = IdempotentRequest.of(req.principal.staffId, key, gql.getInfo().fieldName, gql.getArgs());
    return idempotentRequest.run(request, () => next.handle());
  }
}
