import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EnterpriseMergeService } from './enterprises/enterprise-merge.service.js';

/**
 * Tables of later modules that follow an enterprise file when an admin merges a duplicate into
 * it. Registered here, where every module is known, so the enterprise module depends on none of
 * them. Cultivation memberships (one per enterprise and year) and derived tables (eligibility,
 * seedlings, forecasts) are not moved: they are re-derived for the survivor.
 */
@Injectable()
export class MergeChildrenRegistration implements OnModuleInit {
  constructor(private readonly merge: EnterpriseMergeService) {}

  onModuleInit(): void {
    this.merge.registerChildTable({ key: 'applications', table: 'application' });
    this.merge.registerChildTable({ key: 'loanSubsidies', table: 'loan_subsidy' });
    this.merge.registerChildTable({ key: 'invitations', table: 'enterprise_invitation' });
    this.merge.registerChildTable({ key: 'evaluations', table: 'evaluation' });
  }
}
