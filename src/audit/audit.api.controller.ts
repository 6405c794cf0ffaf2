import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { ChainReportDto } from './verify.response.js';
import { LoginDto } from '../auth/login.response.js';
import type { Page } from '../common/list-query.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { Roles } from '../auth/auth.decorators.js';
import { ApiPageResponse } from '../common/openapi.js';
import { AuditEntryDto } from './audit.response.js';
import { listLogins } from '../auth/login-history.js';
import { AUDIT_READERS } from '../auth/role.js';
import { AuditListQueryDto, LoginListQueryDto } from './audit.dto.js';
import { AuditService } from './audit.service.js';

/** Read-only JSON over the audit log for admins and auditors (e.g. for a SIEM). There is no write route. */
@ApiTags('audit')
@ApiBearerAuth()
@Controller('api/v1/audit')
@Roles(...AUDIT_READERS)
export class AuditApiController {
  constructor(
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Get('entries')
  @ApiPageResponse(AuditEntryDto)
  entries(@Query() query: AuditListQueryDto) {
    return this.audit.list(query);
  }

  @Get('logins')
  @ApiPageResponse(LoginDto)
  logins(@Query() query: LoginListQueryDto): Promise<Page<LoginDto>> {
    return listLogins(this.dataSource, query, query);
  }

  /** Recomputes the hash chain: `{ ok, checked, brokenAt, head, triggersPresent, checkedAt }`. */
  @Get('verify')
  @ApiOkResponse({ type: ChainReportDto })
  verify(): Promise<ChainReportDto> {
    return this.audit.verify();
  }
}
