import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { Role } from '../shared/domain-types.js';
import type { Principal } from './principal.js';

export const ROLES_KEY = 'roles';
export const PUBLIC_KEY = 'public';

/** Only callers holding one of these roles reach the operation; others get FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Any authenticated staff member. */
export const Authenticated = () => SetMetadata(ROLES_KEY, []);

/** No token needed (health, dev login). */
export const Public = () => SetMetadata(PUBLIC_KEY, true);

export const requestOf = (context: ExecutionContext): { headers: Record<string, string | undefined>; principal?: Principal } =>
  context.getType<string>() === 'graphql'
    ? GqlExecutionContext.create(context).getContext().req
    : context.switchToHttp().getRequest();

export const CurrentPrincipal = createParamDecorator((_: unknown, context: ExecutionContext): Principal => {
  const principal = requestOf(context).principal;
  if (!principal) throw new Error('No principal on an authenticated request');
  return principal;
});

/** The request's correlation id (X-Correlation-Id, or one made for it), carried into every event it causes. */
export const CorrelationId = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined => (requestOf(context) as { correlationId?: string }).correlationId,
);
