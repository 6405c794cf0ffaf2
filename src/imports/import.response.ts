import { ApiProperty } from '@nestjs/swagger';

export class ImportCountsDto {
  @ApiProperty() total: number;
  @ApiProperty() create: number;
  @ApiProperty() update: number;
  @ApiProperty() unchanged: number;
  @ApiProperty() error: number;
}

export class ImportErrorDto {
  @ApiProperty({ description: 'the row in the file (1 = the header)' }) row: number;
  @ApiProperty({ type: String, nullable: true }) column: string | null;
  @ApiProperty() message: string;
}

export class ImportChangeDto {
  @ApiProperty() field: string;
  @ApiProperty() label: string;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }) from: string | number | boolean | null;
  @ApiProperty({ oneOf: [{ type: 'string' }, { type: 'number' }, { type: 'boolean' }], nullable: true }) to: string | number | boolean | null;
}

export class ImportPreviewRowDto {
  @ApiProperty() row: number;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ description: 'the row\'s key (e.g. the USCC)' }) key: string;
  @ApiProperty({ type: [ImportChangeDto] }) changes: ImportChangeDto[];
}

/** An import job: a dry run (planned or invalid) or a committed import (mapImportJob). */
export class ImportJobDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'enterprises' }) kind: string;
  @ApiProperty() source: string;
  @ApiProperty({ enum: ['planned', 'invalid', 'committed'], enumName: 'ImportStatus' }) status: 'planned' | 'invalid' | 'committed';
  @ApiProperty() committable: boolean;
  @ApiProperty() fileName: string;
  @ApiProperty({ example: 'xlsx' }) fileFormat: string;
  @ApiProperty() fileSha256: string;
  @ApiProperty() fileSize: number;
  @ApiProperty() createdBy: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) committedAt: Date | null;
  @ApiProperty({ type: ImportCountsDto }) counts: ImportCountsDto;
  @ApiProperty({ type: [ImportErrorDto], description: 'the first errors (errorsTotal counts all)' }) errors: ImportErrorDto[];
  @ApiProperty() errorsTotal: number;
  @ApiProperty({ type: [String] }) warnings: string[];
  @ApiProperty({ type: [ImportPreviewRowDto] }) preview: ImportPreviewRowDto[];
}

export class ImportJobListDto {
  @ApiProperty({ type: [ImportJobDto] }) items: ImportJobDto[];
}
