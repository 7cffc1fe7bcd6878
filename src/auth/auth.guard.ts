import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '../shared/errors.js';
import type { Role } from '../shared/domain-types.js';
import { AuthService } from './auth.service.js';
import { PUBLIC_KEY, ROLES_KEY, requestOf } from './decorators.js';
import { hasRole } from './principal.js';

/**
 * Every operation is closed unless it says who may use it (@Roles, @Authenticated or @Public):
 * an operation that forgets to say is refused, never open by accident.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;

    const request = requestOf(context);
    request.principal ??= await this.auth.authenticate(request.headers.authorization);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles === undefined) throw new DomainError('FORBIDDEN', 'this operation is not open to any role');
    if (roles.length > 0 && !hasRole(request.principal, ...roles)) {
      throw new DomainError('FORBIDDEN', `this operation needs one of the roles ${roles.join(', ')}`);
    }
    return true;
  }
}
