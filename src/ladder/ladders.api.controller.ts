import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { LaddersService } from './ladders.service.js';

@ApiTags('ladders')
@ApiBearerAuth()
@Controller('api/v1')
export class LaddersApiController {
  constructor(private readonly ladders: LaddersService) {}

  /** api.md "Ladders and programmes": `[{ code, rungs }]`, rungs as programme codes, lowest first. */
  @Get('ladders')
  async list(): Promise<{ code: string; rungs: string[] }[]> {
    return (await this.ladders.all()).map((l) => ({ code: l.code, rungs: [...l.rungs] }));
  }
}
