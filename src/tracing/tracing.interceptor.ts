import { Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { SpanKind, SpanStatusCode, context as otel, trace } from '@opentelemetry/api';
import { finalize, tap, type Observable } from 'rxjs';
import { tracer } from './tracing.js';

/**
 * With tracing on: a span for each mutation field, the root of its command's trace (append,
 * read-your-writes wait, and in the worker the projection of its events). Nest binds the handler to
 * the async context current when `handle()` is called, so the span is active in the resolver.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType<string>() !== 'graphql') return next.handle();
    const gql = GqlExecutionContext.create(context);
    const info = gql.getInfo();
    if (info.parentType.name !== 'Mutation') return next.handle();
    const req = gql.getContext().req as { correlationId?: string };
    const span = tracer.startSpan(`mutation ${info.fieldName}`, {
      kind: SpanKind.SERVER,
      attributes: { 'graphql.operation.type': 'mutation', 'graphql.field': info.fieldName, 'practice_audit.correlation_id': req.correlationId ?? '' },
    });
    return otel.with(trace.setSpan(otel.active(), span), () => next.handle()).pipe(
      tap({
        error: (error: unknown) => {
          const code = (error as { extensions?: { code?: unknown }; code?: unknown })?.extensions?.code ?? (error as { code?: unknown })?.code;
          span.setAttribute('practice_audit.outcome', String(code ?? 'error'));
          span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        },
      }),
      finalize(() => span.end()),
    );
  }
}
