import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { IMPORT_KINDS } from './import-columns.js';
import { IMPORT_SOURCES } from '../policy/fact-provenance.js';

export class ImportCreateQueryDto {
  @ApiProperty({ enum: IMPORT_KINDS }) @IsIn(IMPORT_KINDS)
  kind: string;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'true', description: 'false: plan and commit in one step (nothing is written if any row fails)' })
  @IsOptional() @IsIn(['true', 'false'])
  dryRun?: string;

  @ApiPropertyOptional({ enum: IMPORT_SOURCES, description: 'what the file is an extract of; the imported facts carry it as their source (default: credit-china for credit-lists, import otherwise)' })
  @IsOptional() @IsIn(IMPORT_SOURCES)
  source?: string;
}

export class ImportTemplateQueryDto {
  @ApiProperty({ enum: IMPORT_KINDS }) @IsIn(IMPORT_KINDS)
  kind: string;
}

export const IMPORT_UPLOAD_SCHEMA = {
  type: 'object',
  required: ['file'],
  properties: { file: { type: 'string', format: 'binary', description: 'CSV (UTF-8 or GB18030) or XLSX; first row = headers (Chinese or English)' } },
};
