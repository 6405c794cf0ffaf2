import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import type { Actor } from '../auth/actor.js';
import { CurrentActor, Roles } from '../auth/auth.decorators.js';
import { READERS } from '../auth/role.js';
import { InvalidInputError } from '../common/errors.js';
import { decodeCursor, FEED_TYPES, type FeedType } from './change-feed.js';
import { ChangesService } from './changes.service.js';

export class ChangesQueryDto {
  @ApiPropertyOptional({ description: 'the `next` of the previous page; absent: from the beginning' })
  @IsOptional() @IsString() @MaxLength(16) since?: string;

  @ApiPropertyOptional({ description: `comma-separated: ${FEED_TYPES.join(', ')} (default: all)`, example: 'enterprise,financials' })
  @IsOptional() @IsString() @MaxLength(200) @Matches(/^[a-z,]*$/, { message: 'validation.invalid' }) types?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(1000) limit?: number;
}

export class ChangeItemDto {
  @ApiProperty({ description: 'opaque; pass the last one (or `next`) as `since` to resume' }) cursor: string;
  @ApiProperty({ enum: FEED_TYPES, enumName: 'ChangeType' }) type: FeedType;
  @ApiProperty({ description: 'the record to re-read (an enterprise id for changes to a file\'s records)' }) id: string;
  @ApiProperty({ enum: ['upsert', 'delete'], enumName: 'ChangeOp' }) op: 'upsert' | 'delete';
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: Number, nullable: true }) enterpriseId: number | null;
}

export class ChangesPageDto {
  @ApiProperty({ type: [ChangeItemDto] }) items: ChangeItemDto[];
  @ApiProperty({ description: 'the cursor to continue from (equal to `since` when nothing new)' }) next: string;
}

/** The change feed for other systems (docs/integrations.md): ordered, resumable, scoped like every read. */
@ApiTags('integrations')
@ApiBearerAuth()
@Controller('api/v1/changes')
export class ChangesApiController {
  constructor(private readonly changes: ChangesService) {}

  @Get()
  @Roles(...READERS)
  @ApiOkResponse({ type: ChangesPageDto })
  read(@CurrentActor() actor: Actor, @Query() query: ChangesQueryDto): Promise<ChangesPageDto> {
    const after = decodeCursor(query.since);
    if (after === null) throw new InvalidInputError('Unknown cursor', [{ field: 'since', message: 'is not a cursor of this feed', key: 'changes.badCursor' }]);
    const requested = query.types ? query.types.split(',').filter((t) => t !== '') : [...FEED_TYPES];
    const unknown = requested.find((t) => !(FEED_TYPES as readonly string[]).includes(t));
    if (unknown !== undefined || requested.length === 0) {
      throw new InvalidInputError('Unknown change type', [{ field: 'types', message: `must be among ${FEED_TYPES.join(', ')}`, key: 'changes.badType', params: { types: FEED_TYPES.join(', ') } }]);
    }
    return this.changes.read(actor, after, requested as FeedType[], query.limit ?? 200);
  }
}
