import { Activity } from '../activities/activity.entity.js';
import { Task } from '../activities/task.entity.js';
import { Application, ApplicationDocument, ApplicationEvaluation, ApplicationHistory } from '../applications/application.entity.js';
import { ApplicationBatch, Objection } from '../applications/batch.entity.js';
import { LoanRepayment, LoanSubsidy, PledgeLoan } from '../applications/loan.entity.js';
import { AuditEntry } from '../audit/audit-entry.entity.js';
import { PasswordHistory } from '../auth/password-history.entity.js';
import { RecoveryCode } from '../auth/recovery-code.entity.js';
import { ApiToken } from '../auth/api-token.entity.js';
import { LoginAttempt } from '../auth/login-attempt.entity.js';
import { LoginThrottle } from '../auth/login-throttle.entity.js';
import { HttpSession } from '../auth/session.entity.js';
import { User } from '../auth/user.entity.js';
import { AnnualFinancials } from '../enterprises/annual-financials.entity.js';
import { Contact } from '../enterprises/contact.entity.js';
import { CultivationHistory, CultivationMembership, CultivationPlanItem, CultivationServiceLog, CultivationTarget, Seedling } from '../cultivation/cultivation.entity.js';
import { CreditFlag } from '../enterprises/credit-flag.entity.js';
import { FactCheck } from '../enterprises/fact-check.entity.js';
import { RdLedger } from '../enterprises/rd-ledger.entity.js';
import { EnterpriseTag } from '../enterprises/enterprise-tag.entity.js';
import { DocumentRecord } from '../documents/document.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { ImportJob } from '../imports/import-job.entity.js';
import { IpAsset } from '../enterprises/ip-asset.entity.js';
import { Qualification } from '../enterprises/qualification.entity.js';
import { Job } from '../jobs/job.entity.js';
import { Recognition } from '../ladder/recognition.entity.js';
import { EligibilityStatus, Evaluation } from '../policy/evaluation.entity.js';
import { RuleSetRecord } from '../policy/rule-sets/rule-set.entity.js';
import { District } from '../reference/district.entity.js';
import { FunctionalZone } from '../reference/functional-zone.entity.js';
import { HighTechField } from '../reference/high-tech-field.entity.js';
import { NegativeListIndustry } from '../reference/negative-list-industry.entity.js';
import { ReportForecast, ReportForecastCell } from '../reports/report-forecast.entity.js';
import { Target } from '../reports/target.entity.js';
import { PlanPeriod } from '../plan-periods/plan-period.entity.js';
import { ReferenceSetting } from '../settings/reference-setting.entity.js';
import { Notification, NotificationSetting } from '../notifications/notification.entity.js';
import { EnterpriseInvitation } from '../portal/invitation.entity.js';
import { ScheduledRun } from '../jobs/scheduled-run.entity.js';
import { HolidayCalendarDay, HolidayCalendarYear, StageDeadline } from '../calendar/calendar.entities.js';
import { SrdiFact, SrdiYear } from '../srdi/srdi-fact.entity.js';
import { KpiFigures, KpiGrade } from '../kpis/kpi-figures.entity.js';
import { Offer } from '../offers/offer.entity.js';
import { Project, ProjectBudget, ProjectMilestone, ProjectParticipant, ProjectReport, ProjectTranche } from '../projects/project.entities.js';

import { LadderRecord, LadderRungRecord } from '../ladder/ladder.entity.js';
import { RdPostSubsidyClaim, RdPostSubsidyRound } from '../rd-post-subsidy/rd-post-subsidy.entities.js';
/** Every entity, listed explicitly (ESM has no directory globbing at run time). */
export const ENTITIES = [
  District, FunctionalZone, HighTechField, NegativeListIndustry,
  User, HttpSession, ApiToken, LoginAttempt, LoginThrottle, AuditEntry,
  Enterprise, EnterpriseTag, AnnualFinancials, IpAsset, Qualification, CreditFlag, RdLedger, FactCheck, Contact, Recognition,
  Activity, Task,
  DocumentRecord, ImportJob,
  RuleSetRecord, Evaluation, EligibilityStatus, Job, ScheduledRun,
  PasswordHistory, RecoveryCode,
  Application, ApplicationHistory, ApplicationEvaluation, ApplicationDocument, ApplicationBatch, Objection, PledgeLoan, LoanRepayment, LoanSubsidy,
  Notification, NotificationSetting, EnterpriseInvitation,
  Target, ReportForecast, ReportForecastCell,
  PlanPeriod, ReferenceSetting,
  Seedling, CultivationMembership, CultivationPlanItem, CultivationHistory, CultivationServiceLog, CultivationTarget,
  HolidayCalendarYear, HolidayCalendarDay, StageDeadline,
  SrdiFact, SrdiYear,
  KpiFigures, KpiGrade,
  Offer,
  LadderRecord, LadderRungRecord,
  Project, ProjectParticipant, ProjectBudget, ProjectMilestone, ProjectReport, ProjectTranche,
  RdPostSubsidyRound, RdPostSubsidyClaim,
];
