import { Body, Controller, HttpCode, HttpException, HttpStatus, Post } from '@nestjs/common';
import { DomainError } from '../shared/errors.js';
import { AuthService } from './auth.service.js';
import { Public } from './decorators.js';

/** POST /auth/dev-login {"userId"} → {"token"}: only when AUTH_MODE=dev. */
@Controller('auth')
export class DevLoginController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('dev-login')
  @HttpCode(200)
  async devLogin(@Body() body: { userId?: unknown }) {
    try {
      return { token: await this.auth.issueDevToken(String(body?.userId ?? '')) };
    } catch (error) {
      if (error instanceof DomainError) {
        const status = error.code === 'FORBIDDEN' ? HttpStatus.FORBIDDEN : HttpStatus.UNAUTHORIZED;
        throw new HttpException({ error: error.code, message: error.message }, status);
      }
      throw error;
    }
  }
}
