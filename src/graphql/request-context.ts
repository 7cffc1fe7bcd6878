import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request carries: its correlation id, nothing about the case. */
export interface RequestContext {
  correlationId: string;
}

export const requestContext = new AsyncLocalStorage<RequestContext>();

export const currentCorrelationId = (): string | undefined => requestContext.getStore()?.correlationId;
