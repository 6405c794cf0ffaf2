import { ApiProperty } from '@nestjs/swagger';

export class NotificationDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 'application-status' }) kind: string;
  @ApiProperty({ description: 'the message in the reader\'s language' }) text: string;
  @ApiProperty({ type: String, nullable: true }) link: string | null;
  @ApiProperty({ type: Number, nullable: true }) applicationId: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty() read: boolean;
}

/** The inbox: one page of notifications, newest first, and the unread count. */
export class InboxDto {
  @ApiProperty({ type: [NotificationDto] }) items: NotificationDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() pageSize: number;
  @ApiProperty() unread: number;
}

export class MarkedDto {
  @ApiProperty({ description: 'how many were marked read' }) marked: number;
}

export class NotificationReadDto {
  @ApiProperty() id: number;
  @ApiProperty() read: boolean;
}

export class NotificationSettingsViewDto {
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty() emailEnabled: boolean;
  @ApiProperty({ description: 'mail is configured on this server' }) mailAvailable: boolean;
  @ApiProperty({ type: Number, nullable: true }) version: number | null;
}
