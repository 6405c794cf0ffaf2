import { cite, criterion, say, type CriterionResult, type MissingInput, type RuleSet, type Speaker } from './criteria.js';
import { isIsoDate } from './dates.js';
import type { IpKind, IpStatus, Locale, Outcome, ProgramOutcome } from './facts.js';
import { required } from './messages.js';
import { dec, toYuan } from './num.js';
import { allOf, programOutcome } from './outcome.js';
import type { IpPledgeParams } from './params.js';
import { missingCriterion } from './shared-criteria.js';
import { normalizeUscc } from './uscc.js';

/** One IP item offered as a pledge (rules.md §5.1). */
export interface PledgedAsset {
  kind: IpKind;
  number?: string;
  status?: IpStatus;
  expiresOn?: string;
  ownerUscc?: string;
  /** Already pledged elsewhere. */
  pledged?: boolean;
  /** Ownership dispute, freeze or invalidation proceeding pending. */
  disputed?: boolean;
  /** Co-owners other than the pledgor; empty or absent when solely owned. */
  coOwners?: readonly string[];
  coOwnersConsented?: boolean;
  /** Annual (or renewal) fees paid up. */
  feesPaid?: boolean;
}

export interface IpPledgeRequest {
  asOf: string;
  pledgorUscc?: string;
  loanMaturity?: string;
  assets: readonly PledgedAsset[];
}

export interface PledgedAssetResult {
  kind: IpKind;
  number: string | null;
  outcome: ProgramOutcome;
  criteria: CriterionResult[];
}

export interface IpPledgeResult {
  asOf: string;
  /** Eligible when every offered item is: the pledge package is assessed as submitted. */
  outcome: ProgramOutcome;
  assets: PledgedAssetResult[];
}

/** Kinds that carry annual fees (patents, plant varieties); copyrights have none to pay. */
const ANNUAL_FEE_KINDS: ReadonlySet<string> = new Set(['invention-patent', 'utility-model', 'design-patent', 'new-plant-variety']);

/** Rule set shape for criteria built outside a programme evaluation (no provisional criteria here). */
const NO_RULE_SET: RuleSet<unknown> = { version: '', params: null, provisional: [] };

/**
 * IPP-OWNER, IPP-VALID, IPP-FREE, IPP-TERM and IPP-COOWNERS for each offered item. Only the
 * support amounts (interest and appraisal subsidies) depend on provisional parameters, so the
 * prerequisite checks never carry the provisional flag.
 */
export function evaluateIpPledge(
  request: IpPledgeRequest,
  params: IpPledgeParams,
  options: { locale?: Locale; explanations?: boolean } = {},
): IpPledgeResult {
  if (!isIsoDate(request.asOf)) throw new RangeError(`asOf must be a YYYY-MM-DD date, got ${String(request.asOf)}`);
  const ctx = { locale: options.locale ?? 'zh-CN', explain: options.explanations ?? true, asOf: request.asOf };
  const assets = request.assets.map((a) => {
    const criteria = [
      ownerCriterion(ctx, request, a),
      validCriterion(ctx, a, params),
      freeCriterion(ctx, a),
      termCriterion(ctx, request, a),
      coOwnersCriterion(ctx, a),
    ];
    cite(params, criteria, ctx);
    return {
      kind: a.kind,
      number: a.number ?? null,
      outcome: programOutcome(allOf(criteria.map((c) => c.outcome))),
      criteria,
    };
  });
  const combined = allOf(assets.map((a) => (a.outcome === 'eligible' ? 'met' : a.outcome === 'ineligible' ? 'unmet' : 'missing')));
  return { asOf: request.asOf, outcome: assets.length === 0 ? 'incomplete' : programOutcome(combined), assets };
}

type Ctx = Speaker & { asOf: string };

function simple(ctx: Ctx, code: string, outcome: Outcome, actual: CriterionResult['actual'], req: string, threshold: CriterionResult['threshold'], explanation: string, missing?: MissingInput[]): CriterionResult {
  if (outcome === 'missing') return missingCriterion(ctx, NO_RULE_SET, { code, required: req, threshold, actual }, missing ?? []);
  return criterion(NO_RULE_SET, { code, outcome, actual, required: req, threshold, explanation });
}

/** IPP-OWNER: the pledgor is the recorded owner (compared as normalised USCCs). */
function ownerCriterion(ctx: Ctx, req: IpPledgeRequest, a: PledgedAsset): CriterionResult {
  const missing: MissingInput[] = [];
  if (!req.pledgorUscc) missing.push({ field: 'pledgorUscc' });
  if (!a.ownerUscc) missing.push({ field: 'ownerUscc' });
  const same = missing.length === 0 && normalizeUscc(a.ownerUscc!) === normalizeUscc(req.pledgorUscc!);
  const outcome: Outcome = missing.length > 0 ? 'missing' : same ? 'met' : 'unmet';
  return simple(
    ctx,
    'IPP-OWNER',
    outcome,
    a.ownerUscc ?? null,
    required(ctx, 'ippOwner', {}),
    { ownerUscc: req.pledgorUscc ?? null },
    say(ctx, same ? 'ippOwner.met' : 'ippOwner.unmet', { owner: a.ownerUscc ?? '', pledgor: req.pledgorUscc ?? '' }),
    missing,
  );
}

/** IPP-VALID: a pledgeable kind, granted and in force at asOf, fees paid. */
function validCriterion(ctx: Ctx, a: PledgedAsset, p: IpPledgeParams): CriterionResult {
  const req = required(ctx, 'ippValid', {});
  const threshold = { status: 'valid', pledgeableKinds: p.pledgeableKinds };
  const actual = { kind: a.kind, status: a.status ?? null, expiresOn: a.expiresOn ?? null, feesPaid: a.feesPaid ?? null };
  let reason: 'kind' | 'notGranted' | 'notInForce' | 'expired' | 'fees' | undefined;
  const missing: MissingInput[] = [];
  if (!p.pledgeableKinds.includes(a.kind)) reason = 'kind';
  else if (a.status === undefined) missing.push({ field: 'status' });
  else if (a.status === 'pending') reason = 'notGranted';
  else if (a.status !== 'valid') reason = 'notInForce';
  else if (isIsoDate(a.expiresOn) && a.expiresOn < ctx.asOf) reason = 'expired';
  else if (a.feesPaid === false) reason = 'fees';
  else if (a.feesPaid === undefined && ANNUAL_FEE_KINDS.has(a.kind)) missing.push({ field: 'feesPaid' });
  const outcome: Outcome = reason ? 'unmet' : missing.length > 0 ? 'missing' : 'met';
  return simple(ctx, 'IPP-VALID', outcome, actual, req, threshold, say(ctx, 'ippValid', { reason: reason ?? null, kind: a.kind, status: a.status ?? null }), missing);
}

/** IPP-FREE: not already pledged; no dispute, freeze or invalidation proceeding. */
function freeCriterion(ctx: Ctx, a: PledgedAsset): CriterionResult {
  const missing: MissingInput[] = [];
  if (a.pledged === undefined) missing.push({ field: 'pledged' });
  if (a.disputed === undefined) missing.push({ field: 'disputed' });
  const outcome: Outcome = a.pledged === true || a.disputed === true ? 'unmet' : missing.length > 0 ? 'missing' : 'met';
  return simple(
    ctx,
    'IPP-FREE',
    outcome,
    { pledged: a.pledged ?? null, disputed: a.disputed ?? null },
    required(ctx, 'ippFree', {}),
    { pledged: false, disputed: false },
    say(ctx, 'ippFree', { pledged: a.pledged === true, disputed: a.disputed === true }),
    missing,
  );
}

/** IPP-TERM: the loan matures on or before the IP expires. */
function termCriterion(ctx: Ctx, req: IpPledgeRequest, a: PledgedAsset): CriterionResult {
  const missing: MissingInput[] = [];
  if (!isIsoDate(req.loanMaturity)) missing.push({ field: 'loanMaturity' });
  if (!isIsoDate(a.expiresOn)) missing.push({ field: 'expiresOn' });
  const met = missing.length === 0 && req.loanMaturity! <= a.expiresOn!;
  return simple(
    ctx,
    'IPP-TERM',
    missing.length > 0 ? 'missing' : met ? 'met' : 'unmet',
    { loanMaturity: req.loanMaturity ?? null, expiresOn: a.expiresOn ?? null },
    required(ctx, 'ippTerm', {}),
    { maturityOnOrBefore: a.expiresOn ?? null },
    say(ctx, met ? 'ippTerm.met' : 'ippTerm.unmet', { maturity: req.loanMaturity ?? '', expiresOn: a.expiresOn ?? '' }),
    missing,
  );
}

/** IPP-COOWNERS: every co-owner has consented; met outright when solely owned. */
function coOwnersCriterion(ctx: Ctx, a: PledgedAsset): CriterionResult {
  const coOwners = a.coOwners ?? [];
  const sole = coOwners.length === 0;
  const outcome: Outcome = sole || a.coOwnersConsented === true ? 'met' : a.coOwnersConsented === false ? 'unmet' : 'missing';
  return simple(
    ctx,
    'IPP-COOWNERS',
    outcome,
    { coOwners: coOwners.length, consented: a.coOwnersConsented ?? null },
    required(ctx, 'ippCoOwners', {}),
    { consentOfAllCoOwners: true },
    say(ctx, 'ippCoOwners', { sole, consented: a.coOwnersConsented === true, count: coOwners.length }),
    [{ field: 'coOwnersConsented' }],
  );
}

/** Interest subsidy = min(rate × interest paid, cap per enterprise per year − already granted this year). */
export function interestSubsidy(interestPaid: number, p: IpPledgeParams, alreadyGrantedThisYear = 0): number {
  const room = Math.max(0, p.interestSubsidyCap - alreadyGrantedThisYear);
  const v = dec(Math.max(0, interestPaid)).times(p.interestSubsidyRate);
  return toYuan(v.gt(room) ? dec(room) : v);
}

/** Appraisal-fee subsidy = min(rate × fee, cap). */
export function appraisalSubsidy(fee: number, p: IpPledgeParams): number {
  const v = dec(Math.max(0, fee)).times(p.appraisalSubsidyRate);
  return toYuan(v.gt(p.appraisalSubsidyCap) ? dec(p.appraisalSubsidyCap) : v);
}

/** Risk compensation on a default: the fund bears its share of the principal loss, the bank the rest. */
export function riskCompensation(principalLoss: number, p: IpPledgeParams): { fund: number; bank: number } {
  const loss = dec(Math.max(0, principalLoss));
  const fund = dec(toYuan(loss.times(p.riskFundShare)));
  return { fund: fund.toNumber(), bank: toYuan(loss.minus(fund)) };
}
