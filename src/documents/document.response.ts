import { ApiProperty } from '@nestjs/swagger';

/** One revision of a document of a file (the documents mapper). */
export class DocumentDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty({ example: 'enterprise', description: 'what the document belongs to (enterprise, qualification, financials …)' }) ownerKind: string;
  @ApiProperty() ownerId: number;
  @ApiProperty({ type: String, nullable: true }) ownerLabel: string | null;
  @ApiProperty({ description: 'the revisions of one document share it' }) seriesId: number;
  @ApiProperty() revision: number;
  @ApiProperty({ description: 'the newest revision of its series' }) current: boolean;
  @ApiProperty({ type: Number, nullable: true }) supersededById: number | null;
  @ApiProperty() name: string;
  @ApiProperty({ example: 'application/pdf' }) mediaType: string;
  @ApiProperty({ description: 'bytes' }) size: number;
  @ApiProperty() sha256: string;
  @ApiProperty({ type: String, nullable: true }) uploadedBy: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) uploadedAt: Date;
  @ApiProperty({ example: '/api/v1/documents/12/download' }) downloadUrl: string;
}

export class DocumentListDto {
  @ApiProperty({ type: [DocumentDto] }) items: DocumentDto[];
}

/** A binary download (its own media type, an attachment). */
export const BINARY_SCHEMA = { type: 'string', format: 'binary' } as const;
