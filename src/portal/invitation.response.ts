import { ApiProperty } from '@nestjs/swagger';

const INVITATION_STATES = ['pending', 'used', 'expired', 'revoked'] as const;

export class InvitationCreatedDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() username: string;
  @ApiProperty({ description: 'the one-time link to give the enterprise (shown once)' }) activationUrl: string;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ description: 'the link was also sent by mail' }) emailed: boolean;
}

export class InvitationDto {
  @ApiProperty() id: number;
  @ApiProperty() enterpriseId: number;
  @ApiProperty() enterpriseName: string;
  @ApiProperty() username: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) expiresAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) usedAt: Date | null;
  @ApiProperty({ enum: INVITATION_STATES, enumName: 'InvitationState' }) state: (typeof INVITATION_STATES)[number];
}

export class InvitationListDto {
  @ApiProperty({ type: [InvitationDto] }) items: InvitationDto[];
}

export class InvitationRevokedDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'revoked' }) state: string;
}
