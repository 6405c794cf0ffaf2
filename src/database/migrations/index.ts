import { StoredFacts1765000000900 } from './1765000000900-StoredFacts.js';
import { Foundation1763769600000 } from './1763769600000-Foundation.js';
import { ActivitiesTasks1763856000000 } from './1763856000000-ActivitiesTasks.js';
import { PolicyJobs1763880000000 } from './1763880000000-PolicyJobs.js';
import { TrustAuth1764200000000 } from './1764200000000-TrustAuth.js';
import { AuditChain1764200100000 } from './1764200100000-AuditChain.js';
import { ListIndexes1764100000000 } from './1764100000000-ListIndexes.js';
import { ListFilterIndexes1764100000001 } from './1764100000001-ListFilterIndexes.js';
import { ReportIndexes1764100000002 } from './1764100000002-ReportIndexes.js';

import { Applications1764000000000 } from './1764000000000-Applications.js';
import { PledgeLoans1764000100000 } from './1764000100000-PledgeLoans.js';
import { NotificationsInvitations1764000200000 } from './1764000200000-NotificationsInvitations.js';
import { Reports1764300000000 } from './1764300000000-Reports.js';
import { Documents1763900000000 } from './1763900000000-Documents.js';
import { Imports1763900100000 } from './1763900100000-Imports.js';
import { EnterpriseMerge1763900200000 } from './1763900200000-EnterpriseMerge.js';
import { Cultivation1764400000000 } from './1764400000000-Cultivation.js';
import { SeedlingRanks1764400100000 } from './1764400100000-SeedlingRanks.js';

import { ReportScale1764300000001 } from './1764300000001-ReportScale.js';
import { PlanPeriodsSettings1765000000600 } from './1765000000600-PlanPeriodsSettings.js';
import { ScheduledRuns1765000000700 } from './1765000000700-ScheduledRuns.js';
import { LoginThrottle1765000000200 } from './1765000000200-LoginThrottle.js';
import { RulesCorrected1765000000800 } from './1765000000800-RulesCorrected.js';
import { RestrictedCategory1765000001000 } from './1765000001000-RestrictedCategory.js';
import { EvaluationSources1765000001100 } from './1765000001100-EvaluationSources.js';
import { WorkingCalendar1765000000500 } from './1765000000500-WorkingCalendar.js';
import { SrdiFacts1765000001600 } from './1765000001600-SrdiFacts.js';
import { FactProvenance1765000001400 } from './1765000001400-FactProvenance.js';
import { TransformationKpis1765000001900 } from './1765000001900-TransformationKpis.js';
import { Offers1765000001500 } from './1765000001500-Offers.js';
import { Ladders1765000001700 } from './1765000001700-Ladders.js';
import { LoanRiskGrade1765000001710 } from './1765000001710-LoanRiskGrade.js';
import { KeyProjects1765000001800 } from './1765000001800-KeyProjects.js';
import { ProjectListSortIndexes1765000002400 } from './1765000002400-ProjectListSortIndexes.js';
import { RdPostSubsidy1765000002100 } from './1765000002100-RdPostSubsidy.js';
import { SrdiStatusColumns1765000002200 } from './1765000002200-SrdiStatusColumns.js';
/** Every migration in order. A new migration is added here as well as written in this folder. */
export const MIGRATIONS = [
  Foundation1763769600000,
  ActivitiesTasks1763856000000,
  PolicyJobs1763880000000,
  TrustAuth1764200000000,
  AuditChain1764200100000,
  ListIndexes1764100000000,
  Documents1763900000000,
  Imports1763900100000,
  EnterpriseMerge1763900200000,
  Applications1764000000000,
  PledgeLoans1764000100000,
  NotificationsInvitations1764000200000,
  Reports1764300000000,
  ListFilterIndexes1764100000001,
  Cultivation1764400000000,
  SeedlingRanks1764400100000,
  ReportIndexes1764100000002,
  ReportScale1764300000001,
  PlanPeriodsSettings1765000000600,
  ScheduledRuns1765000000700,
  LoginThrottle1765000000200,
  RulesCorrected1765000000800,
  RestrictedCategory1765000001000,
  EvaluationSources1765000001100,
  WorkingCalendar1765000000500,
  StoredFacts1765000000900,
  SrdiFacts1765000001600,
  FactProvenance1765000001400,
  TransformationKpis1765000001900,
  Offers1765000001500,
  Ladders1765000001700,
  LoanRiskGrade1765000001710,
  KeyProjects1765000001800,
  RdPostSubsidy1765000002100,
  SrdiStatusColumns1765000002200,
  ProjectListSortIndexes1765000002400,
];
