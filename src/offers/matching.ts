import { In, type DataSource, type EntityManager } from 'typeorm';
import { addDays, now as clockNow } from '../common/clock.js';
import { evaluate } from '../policy/engine/evaluate.js';
import { isSdAmount } from '../policy/engine/criteria.js';
import { ENGINE_VERSION, ruleSetVersions, type RuleSets } from '../policy/engine/rule-sets.js';
import { criterionSources } from '../policy/criterion-sources.js';
import { STATUS_COLUMNS } from '../policy/evaluation-record.js';
import { loadFacts } from '../policy/facts-loader.js';
import { Offer, type OfferStatus } from './offer.entity.js';
import { systemTarget } from './offer-machine.js';
import { applicationFor, expiryOf, footings, hasRecognition, isFastTrack, OFFER_PROGRAMMES, withdrawReason, type FrozenEvaluation, type OfferProgramme } from './offer-rules.js';
import { loadProvenanceMany } from './provenance-many.js';

export interface OfferAudit {
  action: string;
  entityId: number;
  enterpriseId: number;
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
}

export interface MatchOptions {
  /** The evaluation date of the batch the match follows; its year is the offers' year. */
  asOf: string;
  /** Today by the clock (expiry is counted from it). */
  today: string;
  ruleSets: RuleSets;
  expiryDays: number;
  /** Writes the audit entries of one transaction, in it. */
  audit: (em: EntityManager, entries: OfferAudit[]) => Promise<void>;
  /** Tells the enterprise of new (or reopened) offers, in the same transaction; returns notification ids. */
  offered?: (em: EntityManager, offers: Offer[]) => Promise<number[]>;
  /** Restrict to these programmes (default: all). */
  programmes?: readonly OfferProgramme[];
  /**
   * `fresh`: candidates are not read from the batch results but evaluated now — every live file
   * (the demo seed, which has no batch results yet) or `enterpriseIds` (the gainers of a rule-set
   * publication, before the next batch); nothing is withdrawn or expired. Default `batch`.
   */
  mode?: 'batch' | 'fresh';
  enterpriseIds?: readonly number[];
}

export interface MatchSummary {
  year: number;
  created: number;
  reopened: number;
  withdrawn: number;
  expired: number;
  fastTrack: number;
  notificationIds: number[];
  ms: number;
}

const CHUNK = 400;

/**
 * Whole yuan of the offer's benefit (null when the programme has none): the super-deduction's tax
 * saving, the post-subsidy's amount as evaluated (before any pro-rata scaling of its round).
 */
const benefitOf = (e: FrozenEvaluation, subsidy?: number): number | null => (e.benefit ? Math.round(e.benefit.taxSaving) : subsidy ? Math.round(subsidy) : null);

/**
 * SQL: the enterprise (alias `s.enterprise_id`) has claimed the programme this year — an application
 * of its type, year and tier or SRDI rung (one column, application.tier) not withdrawn; or a
 * recognition of the tier or rung valid in the year (SRDI recognitions are recognition rows too);
 * for the post-subsidy, a claim in the round of its year (N-1).
 */
export function claimSql(programme: OfferProgramme, year: number, ph: (v: unknown) => string, enterpriseCol = 's.enterprise_id'): string {
  const app = applicationFor(programme, year);
  const rung = app.tier ?? app.rung ?? null;
  // Placeholders are taken in the order they appear in the text (positional on SQLite).
  let sql = `(EXISTS (SELECT 1 FROM application a WHERE a.enterprise_id = ${enterpriseCol} AND a.type = ${ph(app.type)} AND a.year = ${ph(app.year)}`;
  if (rung) sql += ` AND a.tier = ${ph(rung)}`;
  sql += " AND a.status <> 'withdrawn')";
  if (hasRecognition(programme)) {
    sql += ` OR EXISTS (SELECT 1 FROM recognition r WHERE r.enterprise_id = ${enterpriseCol} AND r.tier = ${ph(programme)}`;
    sql += ` AND r.valid_from <= ${ph(`${year}-12-31`)} AND r.valid_until >= ${ph(`${year}-01-01`)})`;
  }
  if (programme === 'rd-post-subsidy') {
    sql += ` OR EXISTS (SELECT 1 FROM rd_post_subsidy_claim c JOIN rd_post_subsidy_round rr ON rr.id = c.round_id WHERE c.enterprise_id = ${enterpriseCol} AND rr.year = ${ph(app.year)})`;
  }
  return `${sql})`;
}

/**
 * SQL: the post-subsidy round an offer of `year` files into (the year before) takes applications —
 * it exists and is not published (what creating the application checks). Other programmes: true.
 */
export function roundOpenSql(programme: OfferProgramme, year: number, ph: (v: unknown) => string): string {
  if (programme !== 'rd-post-subsidy') return '1 = 1';
  return `EXISTS (SELECT 1 FROM rd_post_subsidy_round rr WHERE rr.year = ${ph(applicationFor(programme, year).year)} AND rr.status <> 'published')`;
}

/** A parameter collector for portable placeholders ($n on PostgreSQL, ? on SQLite). */
export function params(pg: boolean): { values: unknown[]; ph: (v: unknown) => string } {
  const values: unknown[] = [];
  return { values, ph: (v) => (values.push(v), pg ? `$${values.length}` : '?') };
}

/**
 * Matching (rules.md §11), after a batch evaluation: per programme, every enterprise whose latest
 * outcome is `eligible` for asOf's year and who has not claimed gets an open offer (a withdrawn one
 * of the same year is reopened); an open offer no longer eligible, or claimed meanwhile, is
 * withdrawn with the reason; open offers past their day expire. Finding who is concerned is
 * set-based SQL over eligibility_status; only new offers are evaluated again, to freeze the
 * evaluation with the sources of its facts. Idempotent: a second run finds nothing to do.
 */
export async function runMatching(dataSource: DataSource, opts: MatchOptions): Promise<MatchSummary> {
  const started = Date.now();
  const pg = dataSource.options.type === 'postgres';
  const year = Number(opts.asOf.slice(0, 4));
  const summary: MatchSummary = { year, created: 0, reopened: 0, withdrawn: 0, expired: 0, fastTrack: 0, notificationIds: [], ms: 0 };
  const seed = opts.mode === 'fresh';
  if (seed && opts.enterpriseIds && !opts.enterpriseIds.length) return summary;
  if (!seed) summary.expired = await expireOffers(dataSource, opts);
  // 1. Per programme: withdraw what no longer holds, then find the candidates (set-based).
  const candidates = new Map<number, { programme: OfferProgramme; offerId: number | null }[]>();
  for (const programme of opts.programmes ?? OFFER_PROGRAMMES) {
    if (!seed) summary.withdrawn += await withdrawStale(dataSource, programme, year, opts);
    const col = STATUS_COLUMNS[programme];
    const q = params(pg);
    const from = seed
      ? `FROM enterprise e JOIN (SELECT id AS enterprise_id FROM enterprise) s ON s.enterprise_id = e.id AND e.deleted_at IS NULL`
      : `FROM eligibility_status s JOIN enterprise e ON e.id = s.enterprise_id AND e.deleted_at IS NULL`;
    // Placeholders are numbered in the order they are written: the offer join's come before the filter's.
    const joinOffer = `LEFT JOIN offer o ON o.enterprise_id = s.enterprise_id AND o.programme = ${q.ph(programme)} AND o.year = ${q.ph(year)}`;
    const eligible = seed
      ? (opts.enterpriseIds ? `s.enterprise_id IN (${opts.enterpriseIds.map((id) => q.ph(id)).join(',')})` : '1 = 1')
      : `s.${col} = 'eligible' AND s.as_of >= ${q.ph(`${year}-01-01`)} AND s.as_of <= ${q.ph(`${year}-12-31`)}`;
    const rows: { enterprise_id: number | string; offer_id: number | string | null }[] = await dataSource.query(
      `SELECT s.enterprise_id, o.id AS offer_id ${from} ${joinOffer}
        WHERE ${eligible}
          AND (o.id IS NULL OR o.status = 'withdrawn')
          AND NOT ${claimSql(programme, year, q.ph)}
          AND ${roundOpenSql(programme, year, q.ph)}`,
      q.values,
    );
    for (const r of rows) {
      const id = Number(r.enterprise_id);
      const list = candidates.get(id) ?? [];
      list.push({ programme, offerId: r.offer_id === null ? null : Number(r.offer_id) });
      candidates.set(id, list);
    }
  }

  // 2. Per chunk of enterprises (id order, so the facts are read in one pass): freeze and insert.
  const ids = [...candidates.keys()].sort((x, y) => x - y);
  const expiresOn = expiryOf(year, opts.today, opts.expiryDays, addDays);
  for (let i = 0; i < ids.length; i += CHUNK) {
    const part = ids.slice(i, i + CHUNK);
    const subsidies = new Map<string, number>();
    const frozen = await freezeEvaluations(dataSource, opts.asOf, opts.ruleSets, new Map(part.map((id) => [id, candidates.get(id)!.map((c) => c.programme)])), subsidies);
    const made = await dataSource.transaction(async (em) => {
      const audits: OfferAudit[] = [];
      const fresh: Partial<Offer>[] = [];
      const reopened: number[] = [];
      for (const enterpriseId of part) {
        for (const c of candidates.get(enterpriseId)!) {
          const evaluation = frozen.get(`${enterpriseId}|${c.programme}`);
          // The stored outcome was eligible, the facts today say otherwise: the next batch will tell.
          if (!evaluation || evaluation.outcome !== 'eligible') continue;
          const fastTrack = isFastTrack(evaluation.criteria);
          const benefit = benefitOf(evaluation, subsidies.get(`${enterpriseId}|${c.programme}`));
          if (fastTrack) summary.fastTrack++;
          if (c.offerId === null) {
            fresh.push({ enterpriseId, programme: c.programme, year, status: 'open', fastTrack, evaluation, benefit, reason: null, expiresOn, openedAt: null, acceptedAt: null, decidedAt: null, applicationId: null });
            continue;
          }
          const to = systemTarget('withdrawn', 'reopen');
          const res = await em.createQueryBuilder().update(Offer)
            .set({ status: to, fastTrack, evaluation, benefit, reason: null, expiresOn, openedAt: null, decidedAt: null, version: () => 'version + 1' } as never)
            .where("id = :id AND status = 'withdrawn'", { id: c.offerId }).execute();
          if (!res.affected) continue;
          audits.push({ action: 'offer.reopen', entityId: c.offerId, enterpriseId, before: { status: 'withdrawn' }, after: { status: to, fastTrack } });
          reopened.push(c.offerId);
        }
      }
      // One offer per enterprise, programme and year (unique index): should another run have made it
      // meanwhile, keep that one rather than fail the whole batch.
      for (let j = 0; j < fresh.length; j += 100) {
        await em.createQueryBuilder().insert().into(Offer).values(fresh.slice(j, j + 100) as never).orIgnore().updateEntity(false).execute();
      }
      const inserted = new Set(fresh.map((f) => `${f.enterpriseId}|${f.programme}`));
      const created = fresh.length
        ? (await em.getRepository(Offer).createQueryBuilder('o')
          .where("o.year = :year AND o.status = 'open' AND o.enterprise_id IN (:...ids)", { year, ids: [...new Set(fresh.map((f) => f.enterpriseId))] }).getMany())
          .filter((o) => inserted.has(`${o.enterpriseId}|${o.programme}`) && !reopened.includes(o.id))
        : [];
      for (const o of created) audits.push({ action: 'offer.create', entityId: o.id, enterpriseId: o.enterpriseId, after: { programme: o.programme, year, status: 'open', fastTrack: o.fastTrack } });
      const offers = [...created, ...(reopened.length ? await em.getRepository(Offer).findBy({ id: In(reopened) }) : [])];
      summary.created += created.length;
      summary.reopened += reopened.length;
      if (audits.length) await opts.audit(em, audits);
      return { ids: offers.length && opts.offered ? await opts.offered(em, offers) : [] };
    });
    summary.notificationIds.push(...made.ids);
  }
  summary.ms = Date.now() - started;
  return summary;
}

/** Open offers of the programme and year that are no longer eligible or are claimed → withdrawn (with the reason). */
async function withdrawStale(dataSource: DataSource, programme: OfferProgramme, year: number, opts: MatchOptions): Promise<number> {
  const rows = await staleOffers(dataSource, programme, year, STATUS_COLUMNS[programme]);
  if (!rows.length) return 0;
  const to = systemTarget('open', 'withdraw');
  const now = clockNow();
  let n = 0;
  await dataSource.transaction(async (em) => {
    const audits: OfferAudit[] = [];
    for (const r of rows) {
      const reason = withdrawReason(r.outcome ?? '', Number(r.claimed) === 1 || r.claimed === true, Number(r.round_open) === 1 || r.round_open === true) ?? 'no-longer-eligible';
      await em.createQueryBuilder().update(Offer).set({ status: to, reason, decidedAt: now, version: () => 'version + 1' } as never)
        .where("id = :id AND status = 'open'", { id: Number(r.id) }).execute();
      audits.push({ action: 'offer.withdraw', entityId: Number(r.id), enterpriseId: Number(r.enterprise_id), before: { status: 'open' }, after: { status: to, reason } });
      n++;
    }
    await opts.audit(em, audits);
  });
  return n;
}

/**
 * Open offers to withdraw, with the outcome, whether claimed and whether the post-subsidy round
 * still takes applications (fragments appear twice: placeholders are numbered in the order written,
 * so each is built where it stands in the text).
 */
async function staleOffers(dataSource: DataSource, programme: OfferProgramme, year: number, col: string) {
  const pg = dataSource.options.type === 'postgres';
  const q = params(pg);
  const claimed = claimSql(programme, year, q.ph, 'o.enterprise_id');
  const roundOpen = roundOpenSql(programme, year, q.ph);
  const head = `SELECT o.id, o.enterprise_id, s.${col} AS outcome, CASE WHEN ${claimed} THEN 1 ELSE 0 END AS claimed, CASE WHEN ${roundOpen} THEN 1 ELSE 0 END AS round_open
       FROM offer o
       LEFT JOIN eligibility_status s ON s.enterprise_id = o.enterprise_id
       LEFT JOIN enterprise e ON e.id = o.enterprise_id AND e.deleted_at IS NULL
      WHERE o.programme = ${q.ph(programme)} AND o.year = ${q.ph(year)} AND o.status = 'open'`;
  // Not eligible means an outcome of this year's evaluation says so: a file not evaluated yet
  // (no row, or a null outcome on a row written before the programme's column) keeps its offer.
  const evaluated = `s.as_of >= ${q.ph(`${year}-01-01`)} AND s.as_of <= ${q.ph(`${year}-12-31`)} AND s.${col} <> 'eligible'`;
  const where = claimSql(programme, year, q.ph, 'o.enterprise_id');
  const closed = programme === 'rd-post-subsidy' ? ` OR NOT ${roundOpenSql(programme, year, q.ph)}` : '';
  return dataSource.query(`${head} AND (e.id IS NULL OR (${evaluated}) OR ${where}${closed})`, q.values) as Promise<{ id: number | string; enterprise_id: number | string; outcome: string | null; claimed: number | string | boolean; round_open: number | string | boolean }[]>;
}

/** Open (and withdrawn) offers whose last day has passed → expired. */
async function expireOffers(dataSource: DataSource, opts: MatchOptions): Promise<number> {
  const pg = dataSource.options.type === 'postgres';
  const rows: { id: number | string; enterprise_id: number | string; status: OfferStatus }[] = await dataSource.query(
    `SELECT id, enterprise_id, status FROM offer WHERE status IN ('open', 'withdrawn') AND expires_on < ${pg ? '$1' : '?'}`, [opts.today],
  );
  if (!rows.length) return 0;
  const now = clockNow();
  await dataSource.transaction(async (em) => {
    const audits: OfferAudit[] = [];
    for (const r of rows) {
      const to = systemTarget(r.status, 'expire');
      await em.createQueryBuilder().update(Offer).set({ status: to, decidedAt: now, version: () => 'version + 1' } as never)
        .where('id = :id AND status = :from', { id: Number(r.id), from: r.status }).execute();
      audits.push({ action: 'offer.expire', entityId: Number(r.id), enterpriseId: Number(r.enterprise_id), before: { status: r.status }, after: { status: to } });
    }
    await opts.audit(em, audits);
  });
  return rows.length;
}

/**
 * The evaluations new offers are made from: each file evaluated again at asOf (explanations off),
 * once for all the programmes it is offered, with the sources of the facts each criterion used,
 * frozen with the rule-set versions. Keyed `enterpriseId|programme`.
 */
export async function freezeEvaluations(
  dataSource: DataSource, asOf: string, ruleSets: RuleSets, needs: Map<number, OfferProgramme[]>, subsidies?: Map<string, number>,
): Promise<Map<string, FrozenEvaluation>> {
  const out = new Map<string, FrozenEvaluation>();
  const ids = [...needs.keys()].sort((a, b) => a - b);
  if (!ids.length) return out;
  const n = Number(asOf.slice(0, 4));
  const [facts, provenance] = await Promise.all([loadFacts(dataSource, ids, n, asOf), loadProvenanceMany(dataSource, ids, n, asOf)]);
  const versions = ruleSetVersions(ruleSets);
  for (const id of ids) {
    const f = facts.get(id);
    if (!f) continue;
    const response = evaluate({ asOf, programs: needs.get(id)!, facts: f }, ruleSets, { explanations: false });
    const sources = criterionSources(response, provenance.get(id) ?? {});
    for (const result of response.results) {
      const own = sources[result.program] ?? {};
      const criteria = footings(result.criteria.map((c) => ({ code: c.code, outcome: c.outcome, sources: own[c.code] ?? [], partOf: c.partOf, anyOf: c.anyOf })));
      const amount = isSdAmount(result.amount) ? result.amount : undefined;
      // The post-subsidy's amount is not part of the frozen evaluation's shape; the offer keeps it as its benefit.
      if (result.amount && !isSdAmount(result.amount) && result.outcome === 'eligible') subsidies?.set(`${id}|${result.program}`, result.amount.subsidy);
      out.set(`${id}|${result.program}`, {
        asOf, engineVersion: ENGINE_VERSION, ruleSets: versions, programme: result.program, outcome: result.outcome, criteria,
        benefit: amount && amount.taxSaving > 0 ? { taxSaving: amount.taxSaving, extraDeduction: amount.extraDeduction } : null,
      });
    }
  }
  return out;
}
