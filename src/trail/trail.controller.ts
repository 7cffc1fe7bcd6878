import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { CurrentPrincipal, Public, Roles } from '../auth/decorators.js';
import type { Principal } from '../auth/principal.js';
import { TrailService } from './trail.service.js';

@Controller('trails')
export class TrailController {
  constructor(private readonly trail: TrailService) {}

  /** The key bundles are signed with, for verifiers: `npm run verify-trail -- <file> --public-key <this answer saved>`. */
  @Public()
  @Get('public-key')
  async publicKey() {
    const key = await this.trail.signingKey();
    return { kid: key.kid, alg: 'EdDSA', jwk: key.jwk, pem: key.pem };
  }

  /** The signed bundle as a file to keep. */
  @Roles('GOVERNANCE')
  @Get(':auditId')
  @Header('Cache-Control', 'no-store')
  async exportTrail(@Param('auditId') auditId: string, @CurrentPrincipal() principal: Principal, @Res({ passthrough: true }) res: Response) {
    const bundle = await this.trail.exportBundle(auditId, principal);
    res.setHeader('Content-Disposition', `attachment; filename="trail-${auditId}.json"`);
    res.type('application/json');
    return JSON.stringify(bundle, null, 2);
  }
}
