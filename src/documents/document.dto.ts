import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** Multipart text fields of an upload (the file itself is the part named `file`). */
export class DocumentUploadDto {
  @ApiProperty({ description: 'enterprise | annual_financials | qualification | application', example: 'annual_financials' })
  @IsString() @Matches(/^[a-z_]{1,32}$/, { message: 'must be an owner kind such as annual_financials or qualification' })
  ownerKind: string;

  @ApiPropertyOptional({ description: 'id of the owner record (a fiscal year\'s figures, a qualification …); defaults to the enterprise for ownerKind=enterprise' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647)
  ownerId?: number;

  @ApiPropertyOptional({ description: 'id of the document this upload replaces (a new revision; the old one is kept in the history)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647)
  replacesId?: number;
}

export class DocumentListQueryDto {
  @ApiPropertyOptional() @IsOptional() @IsString() @Matches(/^[a-z_]{1,32}$/)
  ownerKind?: string;

  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(2147483647)
  ownerId?: number;

  @ApiPropertyOptional({ description: 'true: every revision, not only the current ones' }) @IsOptional() @IsIn(['true', 'false'])
  history?: string;
}

/** The multipart body as OpenAPI describes it. */
export const DOCUMENT_UPLOAD_SCHEMA = {
  type: 'object',
  required: ['ownerKind', 'file'],
  properties: {
    ownerKind: { type: 'string', example: 'annual_financials' },
    ownerId: { type: 'integer' },
    replacesId: { type: 'integer' },
    file: { type: 'string', format: 'binary', description: 'PDF, PNG, JPEG, XLSX, DOCX or CSV (decided by the content)' },
  },
};
