import { ApiProperty } from '@nestjs/swagger';

/** A configured ladder: its rungs as programme codes, lowest first. */
export class LadderConfigDto {
  @ApiProperty({ example: 'srdi' }) code: string;
  @ApiProperty({ type: [String], example: ['srdi-sme', 'little-giant'] }) rungs: string[];
}
