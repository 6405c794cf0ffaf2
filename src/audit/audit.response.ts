import { ApiProperty } from '@nestjs/swagger';
import type { AuditEntry } from './audit-entry.entity.js';
import { mapAuditEntry } from './audit.service.js';

const CHANGED = { type: 'object', nullable: true, additionalProperties: true, description: 'the changed fields only' } as const;

/** One entry of the append-only, hash-chained audit log. */
export class AuditEntryDto {
  @ApiProperty() id: number;
  @ApiProperty({ type: String, format: 'date-time' }) at: Date;
  @ApiProperty({ type: Number, nullable: true }) actorId: number | null;
  @ApiProperty() actorUsername: string;
  @ApiProperty({ example: 'update' }) action: string;
  @ApiProperty({ example: 'enterprise' }) entity: string;
  @ApiProperty() entityId: string;
  @ApiProperty({ type: Number, nullable: true }) enterpriseId: number | null;
  @ApiProperty(CHANGED) before: Record<string, unknown> | null;
  @ApiProperty(CHANGED) after: Record<string, unknown> | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, nullable: true }) prevHash: string | null;
  @ApiProperty({ type: String, nullable: true }) hash: string | null;
}

export const auditEntryDtoOf = (e: AuditEntry): AuditEntryDto => mapAuditEntry(e);
