import { Injectable } from '@nestjs/common';
import { HistoryService } from '../audit/history.service.js';
import { APPLICATION_HISTORY } from './application-history.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { ConflictError, IllegalTransitionError, InvalidInputError } from '../common/errors.js';
import { enforce } from '../common/policy.js';
import { decideRepayment, decideSubsidy } from './application.policy.js';
import { todayIso } from '../common/format.js';
import type { Enterprise } from '../enterprises/enterprise.entity.js';
import { IpAsset } from '../enterprises/ip-asset.entity.js';
import { Decimal } from 'decimal.js';
import { appraisalSubsidy, interestSubsidy, riskCompensation, type IpPledgeResult } from '../policy/engine/ip-pledge.js';
import { gradeLoan, gradedCompensation, gradingParams, type RiskGradeOutcome } from '../policy/engine/ip-pledge-grade.js';
import { DEFAULT_RISK_GRADING } from '../policy/engine/params.js';
import { Qualification } from '../enterprises/qualification.entity.js';
import { Recognition } from '../ladder/recognition.entity.js';
import { ApplicationEvaluator, type PledgeFormAsset } from './application-evaluator.js';
import type { Application } from './application.entity.js';
import { LoanRepayment, LoanSubsidy, PledgeLoan, type SubsidyKind } from './loan.entity.js';
import type { CancellationStepDto, CompensationStepDto, ContractsStepDto, DefaultStepDto, DisbursementStepDto, DisposalStepDto, EnhancementStepDto, LoanTermsStepDto, RegistrationStepDto, ValuationStepDto } from './step-data.dto.js';
import { addMonths } from './workflow/working-days.js';
import { PLEDGE_STANDING } from './workflow/workflows.js';

/** Statuses after disbursement: repayments and interest subsidies apply. */
const DISBURSED: readonly string[] = ['post-loan-monitoring', 'repaid', 'defaulted', 'compensated', 'disposed'];

export interface RepaymentDto {
  paidOn: string;
  principal: number;
  interest: number;
}

export interface PledgeCheck {
  result: IpPledgeResult;
  version: string;
  failures: { number: string; code: string; outcome: string }[];
}

const money = (v: number) => new Decimal(v);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a.plus(b), new Decimal(0)).toDecimalPlaces(2).toNumber();

/**
 * The loan side of IP-pledge applications (rules.md §5.2–5.3): what each step records, the pledged
 * assets (checked against IPP-* at submission and at registration; marked pledged while the pledge
 * stands, released when it ends), repayments, the interest and appraisal-fee subsidies, and the
 * risk-fund compensation on a default. Amounts use exact decimals; parameters come from the
 * ip-pledge rule set in effect.
 */
@Injectable()
export class LoansService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly audit: AuditService,
    private readonly evaluator: ApplicationEvaluator,
  ) {}

  async create(em: EntityManager, app: Application): Promise<void> {
    const form = app.form as { requestedAmount?: number; termMonths?: number };
    await em.insert(PledgeLoan, { applicationId: app.id, requestedAmount: form.requestedAmount ?? null, requestedTermMonths: form.termMonths ?? null });
  }

  async updateRequested(em: EntityManager, applicationId: number, form: Record<string, unknown>): Promise<void> {
    await em.update(PledgeLoan, { applicationId }, { requestedAmount: (form.requestedAmount as number) ?? null, requestedTermMonths: (form.termMonths as number) ?? null });
  }

  private formAssets(app: Application): PledgeFormAsset[] {
    return app.type === 'ip-pledge-loan' ? (((app.form as { assets?: PledgeFormAsset[] }).assets) ?? []) : [];
  }

  async hasCoOwnedAssets(em: EntityManager, app: Application): Promise<boolean> {
    const ids = this.formAssets(app).map((a) => a.ipAssetId);
    if (!ids.length) return false;
    const rows = await em.getRepository(IpAsset).find({ where: { id: In(ids) }, select: { id: true, coOwners: true } });
    return rows.some((r) => !!r.coOwners?.length);
  }

  /** IPP-* of the pledged assets as of `asOf`, with the loan maturing on `maturity`. */
  async checkPledge(em: EntityManager, actor: Actor, app: Application, enterprise: Enterprise, asOf: string, maturity: string | null): Promise<PledgeCheck> {
    const request = await this.evaluator.pledgeRequest(em, enterprise, this.formAssets(app), asOf, maturity);
    const { result, version } = await this.evaluator.checkPledge(request, actor.locale);
    const failures = result.assets.flatMap((a) => a.criteria.filter((c) => c.outcome !== 'met').map((c) => ({ number: a.number ?? '?', code: c.code, outcome: c.outcome })));
    return { result, version, failures };
  }

  /** The maturity the IPP-TERM check uses at this point of the case. */
  async maturityFor(em: EntityManager, app: Application, today: string): Promise<string | null> {
    const loan = await em.findOneBy(PledgeLoan, { applicationId: app.id });
    if (loan?.maturityOn) return loan.maturityOn;
    const term = (app.form as { termMonths?: number }).termMonths;
    return term ? addMonths(today, term) : null;
  }

  /** IPP-TERM for loan terms about to be approved: every asset must outlive the loan. */
  async termFits(em: EntityManager, app: Application, terms: LoanTermsStepDto): Promise<{ ok: boolean; maturityOn: string; failures: { number: string; expiresOn: string | null }[] }> {
    const maturityOn = addMonths(terms.startOn, terms.termMonths);
    const ids = this.formAssets(app).map((a) => a.ipAssetId);
    const rows = ids.length ? await em.getRepository(IpAsset).find({ where: { id: In(ids) } }) : [];
    const failures = rows.filter((r) => !r.expiresOn || r.expiresOn < maturityOn).map((r) => ({ number: r.number, expiresOn: r.expiresOn }));
    return { ok: failures.length === 0, maturityOn, failures };
  }

  async outstanding(em: EntityManager, applicationId: number): Promise<number> {
    const loan = await em.findOneBy(PledgeLoan, { applicationId });
    const principal = loan?.disbursedAmount ?? loan?.loanAmount ?? 0;
    const repaid = await em.getRepository(LoanRepayment).find({ where: { applicationId }, select: { principal: true } });
    return money(principal).minus(sum(repaid.map((r) => r.principal))).toDecimalPlaces(2).toNumber();
  }

  /** Marks the pledged assets pledged; a conditional update, so two pledges of one asset cannot both stand. */
  async markPledged(em: EntityManager, actor: Actor, app: Application): Promise<void> {
    const ids = this.formAssets(app).map((a) => a.ipAssetId);
    if (!ids.length) return;
    const result = await em.createQueryBuilder().update(IpAsset)
      .set({ pledged: true, version: () => 'version + 1' } as never)
      .where('id IN (:...ids) AND pledged = :free AND enterprise_id = :eid', { ids, free: false, eid: app.enterpriseId })
      .execute();
    if ((result.affected ?? 0) !== ids.length) throw new ConflictError('An asset of this pledge has just been pledged elsewhere', [{ field: 'form.assets', message: 'already pledged' }]);
    await this.audit.record(em, actor, { action: 'pledge', entity: 'ip_asset', entityId: ids.join(','), enterpriseId: app.enterpriseId, before: { pledged: false }, after: { pledged: true, application: app.id } });
  }

  /** Releases the pledged assets (pledge cancelled, realised on disposal, or the case ended before disbursement). */
  async release(em: EntityManager, actor: Actor, app: Application): Promise<void> {
    const ids = this.formAssets(app).map((a) => a.ipAssetId);
    if (!ids.length) return;
    await em.createQueryBuilder().update(IpAsset).set({ pledged: false, version: () => 'version + 1' } as never)
      .where('id IN (:...ids) AND pledged = :pledged', { ids, pledged: true }).execute();
    await this.audit.record(em, actor, { action: 'release', entity: 'ip_asset', entityId: ids.join(','), enterpriseId: app.enterpriseId, before: { pledged: true }, after: { pledged: false, application: app.id } });
  }

  /** Whether the pledge stands in this status (the assets are marked pledged). */
  pledgeStands(status: string): boolean {
    return (PLEDGE_STANDING as readonly string[]).includes(status);
  }

  /**
   * IPP-GRADE (rules.md §5.4) of a loan as of `asOf`: its pledged assets, loan ÷ appraised value, the
   * enterprise's standing (valid HNTE; Tianjin tiers in force) and the enhancement. Parameters from
   * the ip-pledge rule set in effect (a rule set stored before grading existed: the defaults).
   */
  async grade(em: EntityManager, app: Application, loan: Pick<PledgeLoan, 'loanAmount' | 'appraisedValue' | 'creditEnhancement'>, asOf: string): Promise<{ outcome: RiskGradeOutcome; version: string }> {
    const ids = this.formAssets(app).map((a) => a.ipAssetId);
    const [assets, hnte, recognitions, p] = await Promise.all([
      ids.length ? em.getRepository(IpAsset).find({ where: { id: In(ids), enterpriseId: app.enterpriseId }, select: { id: true, kind: true } }) : [],
      em.getRepository(Qualification).find({ where: { enterpriseId: app.enterpriseId, kind: 'hnte-certificate' }, select: { id: true, obtainedOn: true, validUntil: true } }),
      em.getRepository(Recognition).find({ where: { enterpriseId: app.enterpriseId }, select: { id: true, tier: true, validFrom: true, validUntil: true } }),
      this.evaluator.pledgeParams(asOf),
    ]);
    const hnteValid = hnte.some((q) => q.obtainedOn <= asOf && (!q.validUntil || q.validUntil >= asOf))
      || recognitions.some((r) => r.tier === 'high-tech' && r.validFrom <= asOf && r.validUntil >= asOf);
    const tiers = recognitions.filter((r) => r.validFrom <= asOf && r.validUntil >= asOf).map((r) => r.tier);
    const outcome = gradeLoan(
      { assetKinds: assets.map((a) => a.kind), loanAmount: loan.loanAmount, appraisedValue: loan.appraisedValue, hnteValid, tiers, enhancement: loan.creditEnhancement },
      gradingParams(p.params, DEFAULT_RISK_GRADING),
    );
    return { outcome, version: p.version };
  }

  /** The grade's columns for an update (all null when the loan cannot be graded yet). */
  private gradeColumns(g: { outcome: RiskGradeOutcome; version: string }, asOf: string): Partial<PledgeLoan> {
    if (!g.outcome.ok) return { riskGrade: null, riskPoints: null, riskFactors: null, riskFundShare: null, riskGradedOn: null, riskRuleSetVersion: null };
    const r = g.outcome.grade;
    return {
      riskGrade: r.grade, riskPoints: r.points, riskFactors: { ...r.factors, coverageRatio: r.coverage },
      riskFundShare: String(r.fundShare), riskGradedOn: asOf, riskRuleSetVersion: g.version,
    };
  }

  /**
   * Records what a loan step brings (the transition's validated data) and returns what the history
   * entry keeps. Called inside the transition's transaction, after its guards passed.
   */
  async applyStep(em: EntityManager, actor: Actor, app: Application, action: string, data: Record<string, unknown>, today: string): Promise<Record<string, unknown> | null> {
    const loan = await em.findOneByOrFail(PledgeLoan, { applicationId: app.id });
    const update: Partial<PledgeLoan> = {};
    let record: Record<string, unknown> = { ...data };
    switch (action) {
      case 'record-valuation': {
        const d = data as unknown as ValuationStepDto;
        Object.assign(update, { appraisalAgency: d.agency, appraisedValue: d.appraisedValue, appraisalFee: d.appraisalFee ?? null, valuedOn: d.valuedOn });
        break;
      }
      case 'approve-loan': {
        const d = data as unknown as LoanTermsStepDto;
        const rateBp = Math.round(d.annualRatePercent * 100);
        const maturityOn = addMonths(d.startOn, d.termMonths);
        Object.assign(update, { bank: d.bank, loanAmount: d.amount, annualRateBp: rateBp, termMonths: d.termMonths, startOn: d.startOn, maturityOn });
        // Graded at bank review (rules.md §5.4), on the terms just approved.
        const graded = this.gradeColumns(await this.grade(em, app, { ...loan, loanAmount: d.amount }, today), today);
        Object.assign(update, graded);
        record = { ...record, maturityOn, ...(graded.riskGrade ? { riskGrade: graded.riskGrade, riskPoints: graded.riskPoints, fundShare: Number(graded.riskFundShare) } : {}) };
        break;
      }
      case 'arrange-enhancement': {
        const d = data as unknown as EnhancementStepDto;
        Object.assign(update, { creditEnhancement: d.kind, enhancementProvider: d.provider });
        // The enhancement is a grading factor: the bank-review grade is recomputed with it.
        const graded = this.gradeColumns(await this.grade(em, app, { ...loan, creditEnhancement: d.kind }, today), today);
        Object.assign(update, graded);
        if (graded.riskGrade) record = { ...record, riskGrade: graded.riskGrade, riskPoints: graded.riskPoints, fundShare: Number(graded.riskFundShare) };
        break;
      }
      case 'sign-contracts': {
        const d = data as unknown as ContractsStepDto;
        Object.assign(update, { contractNumber: d.contractNumber, contractsSignedOn: d.signedOn });
        break;
      }
      case 'register-pledge': {
        const d = data as unknown as RegistrationStepDto;
        Object.assign(update, { registrationNumber: d.registrationNumber, registeredOn: d.registeredOn });
        await this.markPledged(em, actor, app);
        break;
      }
      case 'disburse': {
        const d = data as unknown as DisbursementStepDto;
        const amount = d.amount ?? loan.loanAmount;
        if (amount !== null && loan.loanAmount !== null && amount > loan.loanAmount) {
          throw new InvalidInputError('The disbursed amount exceeds the approved loan', [{ field: 'data.amount', message: `must not exceed ${loan.loanAmount}` }]);
        }
        Object.assign(update, { disbursedOn: d.disbursedOn, disbursedAmount: amount });
        record = { ...record, amount };
        break;
      }
      case 'cancel-pledge': {
        const d = data as unknown as CancellationStepDto;
        Object.assign(update, { cancelledOn: d.cancelledOn });
        await this.release(em, actor, app);
        break;
      }
      case 'declare-default': {
        const d = data as unknown as DefaultStepDto;
        const loss = await this.outstanding(em, app.id);
        Object.assign(update, { defaultOn: d.defaultOn, principalLoss: loss });
        record = { ...record, principalLoss: loss };
        break;
      }
      case 'compensate': {
        const d = data as unknown as CompensationStepDto;
        const loss = loan.principalLoss ?? (await this.outstanding(em, app.id));
        const p = await this.evaluator.pledgeParams(d.compensatedOn ?? today);
        // A graded loan: the grade's share (D: the fund bears nothing); an ungraded one: the flat share.
        const share = loan.riskFundShare !== null ? Number(loan.riskFundShare) : p.params.riskFundShare;
        const split = loan.riskFundShare !== null ? gradedCompensation(loss, share) : riskCompensation(loss, p.params);
        Object.assign(update, { fundCompensation: split.fund, bankLoss: split.bank, compensatedOn: d.compensatedOn ?? today });
        record = { ...record, principalLoss: loss, fund: split.fund, bank: split.bank, fundShare: share, riskGrade: loan.riskGrade, ruleSetVersion: loan.riskRuleSetVersion ?? p.version };
        break;
      }
      case 'dispose': {
        const d = data as unknown as DisposalStepDto;
        Object.assign(update, { disposedOn: d.disposedOn, disposalProceeds: d.proceeds ?? null });
        await this.release(em, actor, app);
        break;
      }
      case 'reject':
      case 'withdraw':
        if (this.pledgeStands(app.status)) await this.release(em, actor, app);
        return null;
      default:
        return Object.keys(data).length ? record : null;
    }
    await em.update(PledgeLoan, { applicationId: app.id }, { ...update, version: loan.version + 1 });
    return record;
  }

  private assertLoanStaff(actor: Actor): void {
    enforce(decideSubsidy(actor));
  }

  /** A repayment during post-loan monitoring; principal never beyond what is outstanding. */
  async addRepayment(em: EntityManager, actor: Actor, app: Application, dto: RepaymentDto): Promise<void> {
    enforce(decideRepayment(actor, app));
    if (dto.principal <= 0 && dto.interest <= 0) throw new InvalidInputError('A repayment needs principal or interest', [{ field: 'principal', message: 'principal or interest must be more than 0' }]);
    const loan = await em.findOneByOrFail(PledgeLoan, { applicationId: app.id });
    if (loan.disbursedOn && dto.paidOn < loan.disbursedOn) throw new InvalidInputError('The repayment is dated before the disbursement', [{ field: 'paidOn', message: `must not be before ${loan.disbursedOn}` }]);
    if (dto.paidOn > todayIso()) throw new InvalidInputError('The repayment is dated in the future', [{ field: 'paidOn', message: 'must not be in the future', key: 'constraint.future' }]);
    const outstanding = await this.outstanding(em, app.id);
    if (dto.principal > outstanding) throw new InvalidInputError(`Principal repaid exceeds what is outstanding (${outstanding})`, [{ field: 'principal', message: `must not exceed ${outstanding}` }]);
    await em.insert(LoanRepayment, { applicationId: app.id, paidOn: dto.paidOn, principal: dto.principal, interest: dto.interest, recordedBy: actor.userId || null });
    await this.history.record(em, {
      subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId }, actor, kind: 'repayment', action: null, from: app.status, to: app.status,
      data: { paidOn: dto.paidOn, principal: dto.principal, interest: dto.interest },
      audit: { action: 'create', entity: 'loan_repayment', before: null, after: { paidOn: dto.paidOn, principal: dto.principal, interest: dto.interest } },
    });
  }

  /** Interest paid on this loan in one calendar year. */
  private async interestPaid(em: EntityManager, applicationId: number, year: number): Promise<number> {
    const rows = await em.getRepository(LoanRepayment).find({ where: { applicationId }, select: { paidOn: true, interest: true } });
    return sum(rows.filter((r) => r.paidOn.startsWith(`${year}-`)).map((r) => r.interest));
  }

  /** Interest subsidies already granted to the enterprise in a year (over all its loans). */
  private async grantedThisYear(em: EntityManager, enterpriseId: number, year: number, exceptApplicationId?: number): Promise<number> {
    const rows = await em.getRepository(LoanSubsidy).find({ where: { enterpriseId, kind: 'interest', year } });
    return sum(rows.filter((r) => r.applicationId !== exceptApplicationId).map((r) => r.amount));
  }

  /** What a subsidy would come to now (for the page and the grant). */
  async computeSubsidy(em: EntityManager, app: Application, kind: SubsidyKind, year: number | undefined): Promise<{ year: number; base: number; rate: number; cap: number; amount: number; version: string; provisional: boolean; alreadyGranted: number }> {
    const loan = await em.findOneByOrFail(PledgeLoan, { applicationId: app.id });
    if (kind === 'appraisal') {
      if (loan.appraisalFee === null || !loan.valuedOn) throw new IllegalTransitionError('No appraisal fee has been recorded', [{ field: 'kind', message: 'record the valuation with its fee first' }], 'loan.noAppraisalFee');
      const p = await this.evaluator.pledgeParams(loan.valuedOn);
      return {
        year: Number(loan.valuedOn.slice(0, 4)), base: loan.appraisalFee, rate: p.params.appraisalSubsidyRate, cap: p.params.appraisalSubsidyCap,
        amount: appraisalSubsidy(loan.appraisalFee, p.params), version: p.version, provisional: p.provisional.some((x) => x.startsWith('appraisal')), alreadyGranted: 0,
      };
    }
    if (!year) throw new InvalidInputError('year is required for an interest subsidy', [{ field: 'year', message: 'is required' }]);
    if (!DISBURSED.includes(app.status)) throw new IllegalTransitionError('Interest subsidies start once the loan is disbursed', [{ field: 'status', message: app.status }], 'loan.notDisbursed');
    const base = await this.interestPaid(em, app.id, year);
    const p = await this.evaluator.pledgeParams(`${year}-12-31`);
    const already = await this.grantedThisYear(em, app.enterpriseId, year, app.id);
    return {
      year, base, rate: p.params.interestSubsidyRate, cap: p.params.interestSubsidyCap, amount: interestSubsidy(base, p.params, already),
      version: p.version, provisional: p.provisional.some((x) => x.startsWith('interest')), alreadyGranted: already,
    };
  }

  /** Grants a subsidy once (per loan and kind, and per year for interest); the parameters used are kept. */
  async grantSubsidy(em: EntityManager, actor: Actor, app: Application, kind: SubsidyKind, year?: number): Promise<LoanSubsidy> {
    this.assertLoanStaff(actor);
    if (app.type !== 'ip-pledge-loan') throw new IllegalTransitionError('Subsidies belong to IP-pledge loans', [{ field: 'type', message: app.type }]);
    const c = await this.computeSubsidy(em, app, kind, year);
    if (kind === 'interest' && c.base <= 0) throw new IllegalTransitionError(`No interest was paid in ${c.year}`, [{ field: 'year', message: 'no interest paid in that year' }], 'loan.noInterest');
    if (await em.existsBy(LoanSubsidy, { applicationId: app.id, kind, year: c.year })) {
      throw new ConflictError(`The ${kind} subsidy for ${c.year} has already been granted`, [{ field: 'kind', message: 'already granted' }]);
    }
    const saved = await em.save(em.create(LoanSubsidy, {
      applicationId: app.id, enterpriseId: app.enterpriseId, kind, year: c.year, base: c.base, rate: String(c.rate), cap: c.cap, amount: c.amount,
      ruleSetVersion: c.version, provisional: c.provisional, grantedBy: actor.userId || null,
    }));
    await this.history.record(em, {
      subject: { table: APPLICATION_HISTORY, id: app.id, enterpriseId: app.enterpriseId }, actor, kind: 'subsidy', action: null, from: app.status, to: app.status,
      data: { kind, year: c.year, base: c.base, rate: c.rate, cap: c.cap, amount: c.amount },
      audit: { action: 'grant', entity: 'loan_subsidy', entityId: saved.id, before: null, after: { kind, year: c.year, base: c.base, amount: c.amount } },
    });
    return saved;
  }

  /** The loan panel: terms, steps, repayments, outstanding principal, subsidies granted and due. */
  async view(em: EntityManager, app: Application) {
    const loan = await em.findOneBy(PledgeLoan, { applicationId: app.id });
    if (!loan) return null;
    const [repayments, subsidies] = await Promise.all([
      em.getRepository(LoanRepayment).find({ where: { applicationId: app.id }, order: { paidOn: 'ASC', id: 'ASC' } }),
      em.getRepository(LoanSubsidy).find({ where: { applicationId: app.id }, order: { kind: 'ASC', year: 'ASC' } }),
    ]);
    const ids = this.formAssets(app).map((a) => a.ipAssetId);
    const assets = ids.length ? await em.getRepository(IpAsset).find({ where: { id: In(ids) } }) : [];
    const years = [...new Set(repayments.map((r) => Number(r.paidOn.slice(0, 4))))].sort();
    const interestByYear = years.map((y) => ({ year: y, interest: sum(repayments.filter((r) => r.paidOn.startsWith(`${y}-`)).map((r) => r.interest)), granted: subsidies.some((s) => s.kind === 'interest' && s.year === y) }));
    const principalBase = loan.disbursedAmount ?? loan.loanAmount ?? 0;
    const repaidPrincipal = sum(repayments.map((r) => r.principal));
    return {
      requestedAmount: loan.requestedAmount, requestedTermMonths: loan.requestedTermMonths,
      appraisalAgency: loan.appraisalAgency, appraisedValue: loan.appraisedValue, appraisalFee: loan.appraisalFee, valuedOn: loan.valuedOn,
      bank: loan.bank, loanAmount: loan.loanAmount, annualRatePercent: loan.annualRateBp === null ? null : loan.annualRateBp / 100, termMonths: loan.termMonths,
      startOn: loan.startOn, maturityOn: loan.maturityOn, creditEnhancement: loan.creditEnhancement, enhancementProvider: loan.enhancementProvider,
      contractNumber: loan.contractNumber, contractsSignedOn: loan.contractsSignedOn, registrationNumber: loan.registrationNumber, registeredOn: loan.registeredOn,
      disbursedOn: loan.disbursedOn, disbursedAmount: loan.disbursedAmount, cancelledOn: loan.cancelledOn,
      defaultOn: loan.defaultOn, principalLoss: loan.principalLoss, fundCompensation: loan.fundCompensation, bankLoss: loan.bankLoss, compensatedOn: loan.compensatedOn,
      disposedOn: loan.disposedOn, disposalProceeds: loan.disposalProceeds,
      riskGrade: loan.riskGrade ? { grade: loan.riskGrade, points: loan.riskPoints, fundShare: Number(loan.riskFundShare) } : null,
      riskFactors: loan.riskFactors, riskGradedOn: loan.riskGradedOn, riskRuleSetVersion: loan.riskRuleSetVersion,
      repaidPrincipal, outstandingPrincipal: money(principalBase).minus(repaidPrincipal).toDecimalPlaces(2).toNumber(),
      interestPaid: sum(repayments.map((r) => r.interest)),
      repayments: repayments.map((r) => ({ id: r.id, paidOn: r.paidOn, principal: r.principal, interest: r.interest })),
      interestByYear,
      subsidies: subsidies.map((s) => ({ id: s.id, kind: s.kind, year: s.year, base: s.base, rate: Number(s.rate), cap: s.cap, amount: s.amount, ruleSetVersion: s.ruleSetVersion, provisional: s.provisional, grantedAt: s.grantedAt })),
      assets: assets.map((a) => ({ id: a.id, kind: a.kind, number: a.number, title: a.title, status: a.status, expiresOn: a.expiresOn, pledged: a.pledged, coOwned: !!a.coOwners?.length })),
      version: loan.version,
    };
  }
}
