import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Observable } from 'rxjs';
import type { Principal } from '../auth/principal.js';
import { IDEMPOTENCY_HEADER, IdempotentRequest, idempotentRequest } from '../shared/idempotency.js';

/**
 * A mutation sent with an `Idempotency-Key` header runs with its IdempotentRequest in scope, so
 * the write path derives its ids from the key (src/shared/idempotency.ts). Each top-level mutation
 * field of the document is its own request: its name and arguments are what the key stands for.
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
    const request = IdempotentRequest.of(req.principal.staffId, key, gql.getInfo().fieldName, gql.getArgs());
    return idempotentRequest.run(request, () => next.handle());
  }
}
