import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { LadderConfigDto } from './ladder.response.js';
import { LaddersService } from './ladders.service.js';

@ApiTags('ladders')
@ApiBearerAuth()
@Controller('api/v1')
export class LaddersApiController {
  constructor(private readonly ladders: LaddersService) {}

  /** api.md "Ladders and programmes": `[{ code, rungs }]`, rungs as programme codes, lowest first. */
  @Get('ladders')
  @ApiOkResponse({ type: [LadderConfigDto] })
  async list(): Promise<LadderConfigDto[]> {
    return (await this.ladders.all()).map((l) => ({ code: l.code, rungs: [...l.rungs] }));
  }
}
