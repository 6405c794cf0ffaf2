import { Injectable } from '@nestjs/common';
import { HistoryService } from '../audit/history.service.js';
import { APPLICATION_HISTORY } from './application-history.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { type DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import type { Role } from '../auth/role.js';
import { ForbiddenError, IllegalTransitionError, InvalidInputError, StaleVersionError } from '../common/errors.js';
import { todayIso } from '../common/format.js';
import { ValidationFailedError } from '../common/validation.js';
import { fieldProblems } from '../common/validation-messages.js';
import type { Enterprise } from '../enterprises/enterprise.entity.js';
import { translate } from '../i18n/i18n.js';
import { RecognitionsService, validUntil } from '../ladder/recognitions.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { Qualification } from '../enterprises/qualification.entity.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { ApplicationEvaluator } from './application-evaluator.js';
import { Application, ApplicationEvaluation } from './application.entity.js';
import type { TransitionDto } from './application.dto.js';
import { referenceOf } from './application.mapper.js';
import { ApplicationsService, TransitionVetoedError, type ApplicationView } from './applications.service.js';
import { ApplicationBatch, Objection } from './batch.entity.js';
import { LoansService } from './loans.service.js';
import { STEP_CLASSES, type CertificateStepDto, type LoanTermsStepDto } from './step-data.dto.js';
import { stageDeadline } from './workflow/deadlines.js';
import { checkGuards, type GuardFacts } from './workflow/guards.js';
import { DECISION_STATES, machineOf, type SrdiRung, type WorkflowSubject } from './workflow/workflows.js';
import { RdPostSubsidyRound } from '../rd-post-subsidy/rd-post-subsidy.entities.js';
import { claimFromApplication } from '../rd-post-subsidy/round-claims.js';
import { rdClaimOf } from './application-evaluator.js';
import { PledgeLoan } from './loan.entity.js';
import { CalendarService } from '../calendar/calendar.service.js';
import { now as clockNow } from '../common/clock.js';

/** What one transition asks for. */
export interface TransitionRequest {
  action: string;
  comment?: string | null;
  data?: Record<string, unknown>;
  version?: number;
}

/** Collects notification ids across a transaction, for e-mail after the commit. */
export class Outbox {
  readonly ids: number[] = [];
}

/**
 * Status changes of applications, only through the type's state machine: resolve the action for
 * the caller's role (400 unknown / 403 role / 409 status), validate the step's data, pass the
 * row's guards (409 with a message key and details), apply the step's effects, write the status
 * with a conditional UPDATE, and in the same transaction one history entry, the audit entry and
 * the notifications of whoever has work next.
 */
@Injectable()
export class WorkflowService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly audit: AuditService,
    private readonly applications: ApplicationsService,
    private readonly evaluator: ApplicationEvaluator,
    private readonly loans: LoansService,
    private readonly recognitions: RecognitionsService,
    private readonly notifications: NotificationsService,
    private readonly ruleSets: RuleSetsService,
    private readonly calendar: CalendarService,
  ) {}

  async transition(actor: Actor, id: number, dto: TransitionDto): Promise<ApplicationView> {
    const outbox = new Outbox();
    await this.dataSource.transaction(async (em) => {
      const { app, enterprise } = await this.applications.load(actor, id, em);
      await this.apply(em, actor, app, enterprise, { action: dto.action, comment: dto.comment, data: dto.data, version: dto.version }, outbox);
    });
    void this.notifications.deliver(outbox.ids);
    return this.applications.view(actor, id);
  }

  /** Validates a step's data against its class; steps without data take none. */
  private async stepData(action: string, data: Record<string, unknown> | undefined): Promise<Record<string, unknown>> {
    const cls = STEP_CLASSES[action];
    if (!cls) {
      if (data && Object.keys(data).length) throw new InvalidInputError(`The action ${action} takes no data`, [{ field: 'data', message: 'must be empty for this action' }]);
      return {};
    }
    const instance = plainToInstance(cls, data ?? {}, { enableImplicitConversion: false });
    let errors: Awaited<ReturnType<typeof validate>>;
    try {
      errors = await validate(instance, { whitelist: true, forbidNonWhitelisted: true, validationError: { target: true, value: true } });
    } catch {
      throw new InvalidInputError(`Invalid data for ${action}: a value cannot be read`, [{ field: 'data', message: 'contains a value that cannot be read (number format or characters)' }]);
    }
    const problems = fieldProblems(errors, '', 'data.');
    if (problems.length) throw new ValidationFailedError(problems);
    return JSON.parse(JSON.stringify(instance)) as Record<string, unknown>;
  }

  /** The facts the row's guards look at, gathered only as far as they are needed. */
  private async guardFacts(em: EntityManager, actor: Actor, app: Application, enterprise: Enterprise, guards: readonly string[], comment: string | null, data: Record<string, unknown>, today: string): Promise<GuardFacts> {
    const facts: GuardFacts = { today, comment, missingDocuments: [], batch: null, openObjections: 0, upheldObjections: 0 };
    if (guards.includes('documents-complete')) facts.missingDocuments = await this.applications.missingDocuments(em, app);
    if (guards.some((g) => g.startsWith('batch') || g === 'notice-ended') && app.batchId) {
      const b = await em.findOneBy(ApplicationBatch, { id: app.batchId });
      if (b) facts.batch = { id: b.id, status: b.status, noticeEndsOn: b.noticeEndsOn };
    }
    if (guards.includes('no-open-objections') || guards.includes('no-upheld-objections')) {
      facts.openObjections = await em.countBy(Objection, { applicationId: app.id, status: 'open' });
      facts.upheldObjections = await em.countBy(Objection, { applicationId: app.id, status: 'upheld' });
    }
    if (guards.includes('pledge-assets-eligible')) {
      const check = await this.loans.checkPledge(em, actor, app, enterprise, today, await this.loans.maturityFor(em, app, today));
      facts.pledge = { outcome: check.result.outcome, failures: check.failures };
    }
    if (guards.includes('pledge-term-fits')) facts.pledgeTerm = await this.loans.termFits(em, app, data as unknown as LoanTermsStepDto);
    if (guards.includes('fully-repaid')) facts.outstandingPrincipal = await this.loans.outstanding(em, app.id);
    if (guards.includes('rd-round-open') || guards.includes('rd-claim-eligible')) {
      const round = await em.findOneBy(RdPostSubsidyRound, { year: app.year });
      const claim = await this.rdFrozenClaim(em, actor, app, enterprise, today);
      facts.rdClaim = { roundStatus: round?.status ?? null, year: app.year, amount: claim.amount, outcome: claim.outcome };
    }
    return facts;
  }

  /**
   * One transition inside the caller's transaction (used by the single endpoint and by batch
   * operations). Throws the mapped domain errors; writes nothing on failure.
   */
  async apply(em: EntityManager, actor: Actor, app: Application, enterprise: Enterprise, req: TransitionRequest, outbox: Outbox): Promise<string> {
    const machine = machineOf(app.type);
    const subject: WorkflowSubject = { type: app.type, tier: app.tier };
    const resolution = machine.resolve(app.status, req.action, actor.role, subject);
    if (!resolution.ok) {
      if (resolution.reason === 'unknown-action') {
        throw new InvalidInputError(`Unknown action "${req.action}" for ${app.type}; actions: ${machine.actions.join(', ')}`, [{ field: 'action', message: `must be one of ${machine.actions.join(', ')}` }]);
      }
      if (resolution.reason === 'role') throw new ForbiddenError(`Your role (${actor.role}) may not ${req.action} this application`);
      throw new IllegalTransitionError(`Cannot ${req.action} an application in status ${app.status}`, [{ field: 'action', message: `not allowed from ${app.status}` }], 'application.illegal');
    }
    if (req.version !== undefined && req.version !== app.version) throw new StaleVersionError('Application', app.version);
    const rule = resolution.rule;
    const comment = req.comment?.trim() || null;
    const data = await this.stepData(req.action, req.data);
    // Drafts may be incomplete; what goes to the bureau must be complete (400 naming each missing field).
    if (req.action === 'submit' || req.action === 'resubmit') await this.applications.validateForm(em, app.type, enterprise.id, app.form as Record<string, unknown>);
    const today = todayIso();
    const facts = await this.guardFacts(em, actor, app, enterprise, rule.guards ?? [], comment, data, today);
    const veto = checkGuards(rule.guards, facts);
    if (veto) {
      const params = veto.guard === 'documents-complete'
        ? { ...veto.params, items: facts.missingDocuments.map((c) => translate(actor.locale, `checklist.${c}`)).join(actor.locale === 'en' ? '; ' : '、') }
        : veto.params;
      const english = veto.guard === 'documents-complete'
        ? `Required documents missing: ${facts.missingDocuments.map((c) => translate('en', `checklist.${c}`)).join('; ')}`
        : translate('en', veto.messageKey, veto.params);
      throw new TransitionVetoedError(english, veto.details, veto.messageKey, params);
    }

    // Effects of the step (they may still refuse, e.g. an asset pledged meanwhile).
    const from = app.status;
    let decision: Record<string, unknown> | null | undefined;
    let recorded: Record<string, unknown> | null = Object.keys(data).length ? data : null;
    if (req.action === 'submit' || req.action === 'resubmit') {
      const frozen = await this.evaluator.evaluate(em, actor, app, enterprise, today);
      const saved = await this.evaluator.freeze(em, app, frozen, req.action);
      recorded = { evaluationId: saved.id, outcome: frozen.outcome, ruleSets: frozen.ruleSets };
    }
    if (app.type === 'ip-pledge-loan') {
      const step = await this.loans.applyStep(em, actor, app, req.action, data, today);
      if (step) recorded = { ...(recorded ?? {}), ...step };
      if (req.action === 'register-pledge') {
        // The registration re-checks IPP-* (done by the guard) and freezes that check as well.
        const maturity = await this.loans.maturityFor(em, app, today);
        const check = await this.loans.checkPledge(em, actor, app, enterprise, today, maturity);
        await em.insert(ApplicationEvaluation, {
          applicationId: app.id, trigger: 'register-pledge', asOf: today, ruleSets: { 'ip-pledge': check.version },
          input: { asOf: today, loanMaturity: maturity, assets: check.result.assets.map((a) => a.number) }, result: check.result, outcome: check.result.outcome,
        } as never);
      }
    }
    if (req.action === 'review' && app.type === 'super-deduction-precheck') decision = await this.superDeductionDecision(em, app);
    if (req.action === 'issue-certificate') decision = await this.issueCertificate(em, actor, app, data as unknown as CertificateStepDto);
    if (req.action === 'approve' && app.type === 'srdi-recognition') decision = await this.recogniseSrdi(em, actor, app, today);
    if (req.action === 'approve' && app.type === 'rd-post-subsidy') {
      // The amount frozen at (re)submission, as the reviewers saw it (the guard required it to be positive).
      const claim = await this.rdFrozenClaim(em, actor, app, enterprise, today);
      decision = { ...(await claimFromApplication(em, this.audit, actor, app, claim.amount ?? 0)), evaluationId: claim.evaluationId };
    }

    // The status, with the stage's due date, in one conditional UPDATE.
    const to = rule.to;
    const now = clockNow();
    const batch = to === 'public-notice' && app.batchId ? await em.findOneBy(ApplicationBatch, { id: app.batchId }) : null;
    const loan = to === 'post-loan-monitoring' ? await em.findOneBy(PledgeLoan, { applicationId: app.id }) : null;
    const deadline = stageDeadline(to, today, machine.isTerminal(to), { noticeStartsOn: batch?.noticeStartsOn ?? null, noticeEndsOn: batch?.noticeEndsOn ?? null, maturityOn: loan?.maturityOn ?? null }, await this.calendar.rules());
    const dueOn = deadline?.date ?? null;
    const set: Record<string, unknown> = { status: to, statusSince: now, dueOn, dueProvisional: deadline?.provisional ?? false, version: () => 'version + 1' };
    if (req.action === 'submit' && !app.submittedAt) set.submittedAt = now;
    if (DECISION_STATES.includes(to)) set.decidedAt = now;
    if (decision !== undefined) set.decision = decision;
    const result = await em.createQueryBuilder().update(Application).set(set as never)
      .where('id = :id AND version = :version AND status = :from', { id: app.id, version: app.version, from }).execute();
    if (!result.affected) throw new StaleVersionError('Application', app.version + 1);

    await this.history.record(em, {
      subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId }, actor, action: req.action, from, to, note: comment, data: recorded, at: now,
      audit: { action: `application.${req.action}`, after: { status: to, ...(comment ? { comment } : {}) } },
    });
    outbox.ids.push(...(await this.notifyTransition(em, actor, app, enterprise, from, to, comment)));
    app.status = to;
    app.version += 1;
    app.dueOn = dueOn;
    app.dueProvisional = deadline?.provisional ?? false;
    return to;
  }

  /** The enterprise hears of every status change; staff hear when work arrives for their role. */
  private async notifyTransition(em: EntityManager, actor: Actor, app: Application, enterprise: Enterprise, from: string, to: string, comment: string | null): Promise<number[]> {
    const machine = machineOf(app.type);
    const subject = { type: app.type, tier: app.tier };
    const working: Role[] = machine.isTerminal(to)
      ? []
      : machine.transitions.filter((t) => t.from === to && t.action !== 'withdraw' && (!t.when || t.when(subject))).flatMap((t) => t.roles).filter((r) => r !== 'admin' && r !== 'enterprise');
    const roles: Role[] = ['enterprise', ...new Set(working)];
    const recipients = await this.notifications.recipients(em, { enterprise, roles, exceptUserId: actor.userId });
    const params: Record<string, string | number> = { reference: referenceOf(app), enterprise: enterprise.name, from, to };
    if (comment) params.comment = comment.length > 120 ? `${comment.slice(0, 120)}…` : comment;
    return this.notifications.notify(em, recipients, {
      kind: 'status', applicationId: app.id, messageKey: comment ? 'notify.statusWithComment' : 'notify.status', params, link: `/applications/${app.id}`,
    });
  }

  /** The super-deduction amount from the engine, as frozen at (re)submission. */
  private async superDeductionDecision(em: EntityManager, app: Application): Promise<Record<string, unknown>> {
    const frozen = await em.getRepository(ApplicationEvaluation).findOne({ where: { applicationId: app.id }, order: { id: 'DESC' } });
    const result = (frozen?.result ?? {}) as { outcome?: string; amount?: Record<string, unknown> };
    return { outcome: result.outcome ?? frozen?.outcome ?? null, amount: result.amount ?? null, evaluationId: frozen?.id ?? null };
  }

  /**
   * The post-subsidy claim as frozen at (re)submission: the latest frozen evaluation with an amount.
   * An application filed from an offer carries the offer's evaluation (no amount): the engine's is
   * frozen now (trigger `approve`), so the decision always rests on a stored evaluation.
   */
  private async rdFrozenClaim(em: EntityManager, actor: Actor, app: Application, enterprise: Enterprise, today: string): Promise<{ outcome: string | null; amount: number | null; evaluationId: number }> {
    const stored = await em.getRepository(ApplicationEvaluation).find({ where: { applicationId: app.id }, order: { id: 'DESC' } });
    for (const e of stored) {
      const c = rdClaimOf(e.result as never);
      if (c.detail) return { outcome: c.outcome, amount: c.amount, evaluationId: e.id };
    }
    const frozen = await this.evaluator.evaluate(em, actor, app, enterprise, today);
    const saved = await this.evaluator.freeze(em, app, frozen, 'approve');
    const c = rdClaimOf(frozen.result as never);
    return { outcome: c.outcome, amount: c.amount, evaluationId: saved.id };
  }

  /**
   * SRDI: approval records the rung's recognition (rules.md §7: valid for the rule set's years, 3)
   * from the day of approval, in this transaction and audited by the recognitions service.
   */
  private async recogniseSrdi(em: EntityManager, actor: Actor, app: Application, today: string): Promise<Record<string, unknown>> {
    const rung = app.tier as SrdiRung;
    const rs = await this.ruleSets.resolveOne(rung, today);
    const years = Number((rs.params as { recognitionValidityYears?: unknown }).recognitionValidityYears ?? 3);
    const until = validUntil(today, Number.isInteger(years) && years > 0 ? years : 3);
    const batch = app.batchId ? await em.findOneBy(ApplicationBatch, { id: app.batchId }) : null;
    const saved = await this.recognitions.create(em, actor, {
      enterpriseId: app.enterpriseId, tier: rung, year: app.year, batch: batch?.name ?? null, certificateNumber: null, validFrom: today, validUntil: until, applicationId: app.id,
    });
    return { recognitionId: saved.id, rung, validFrom: today, validUntil: until, batch: batch?.name ?? null };
  }

  /** HNTE: the certificate (valid three years) as a recognition and a qualification on the file. */
  private async issueCertificate(em: EntityManager, actor: Actor, app: Application, d: CertificateStepDto): Promise<Record<string, unknown>> {
    const rs = await this.ruleSets.resolveOne('high-tech', d.issuedOn);
    const years = (rs.params as { certificateValidityYears?: number }).certificateValidityYears ?? 3;
    const until = validUntil(d.issuedOn, years);
    await this.recognitions.create(em, actor, {
      enterpriseId: app.enterpriseId, tier: 'high-tech', year: app.year, batch: null, certificateNumber: d.certificateNumber, validFrom: d.issuedOn, validUntil: until, applicationId: app.id,
    });
    // Issued through the bureau's own workflow: recorded by the officer who enters it (rules.md §0 provenance).
    await em.insert(Qualification, {
      enterpriseId: app.enterpriseId, kind: 'hnte-certificate', obtainedOn: d.issuedOn, validUntil: until, certificateNumber: d.certificateNumber, note: referenceOf(app),
      source: 'officer', sourceAsOf: d.issuedOn, recordedBy: actor.userId || null, recordedAt: clockNow(),
    });
    return { certificateNumber: d.certificateNumber, issuedOn: d.issuedOn, validUntil: until };
  }
}
