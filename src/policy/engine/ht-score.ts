import type { Decimal } from 'decimal.js';
import { countBand, ratioBand } from './bands.js';
import type { EvalCtx } from './context.js';
import type { MissingInput, ScoreOption } from './criteria-shapes.js';
import type { ExpertScores } from './facts.js';
import { dec, Ratio, ZERO } from './num.js';
import type { HighTechParams, PointRange } from './params.js';
import { cheapestOptions, relativeEffort, type Candidate } from './score-options.js';
import { figure, operatingYears } from './years.js';

/**
 * The HNTE innovation-capability score (rules.md §2) as a range: expert-judged items the facts do
 * not give span their full range, computed items with a band of two or more points span the band,
 * and missing figures widen their item to its full range. The certification decision then needs
 * only the range: met when even the minimum passes, unmet when even the maximum fails.
 */
export interface Range {
  min: number;
  max: number;
}

export interface HtScore extends Range {
  parts: {
    ip: Range & {
      techAdvancement: Range;
      coreSupport: Range;
      count: Range;
      acquisition: Range;
      standardsBonus: Range;
    };
    transformation: Range & { average: number | null };
    rdOrganisation: Range & {
      rdManagement: Range;
      rdInstitution: Range;
      transformationIncentive: Range;
      talent: Range;
    };
    growth: Range & {
      netAssets: Range & { rate: number | null };
      sales: Range & { rate: number | null };
    };
  };
}

const range = (r: PointRange): Range => ({ min: r[0], max: r[1] });
const point = (v: number): Range => ({ min: v, max: v });

/** An expert item: the given value clamped into [0, max], or the full range when not given. */
function expert(scores: ExpertScores | undefined, key: keyof ExpertScores, max: number, missing: MissingInput[]): Range {
  const v = scores?.[key];
  if (typeof v === 'number' && Number.isFinite(v)) return point(Math.min(max, Math.max(0, v)));
  missing.push({ field: `expertScores.${key}` });
  return { min: 0, max };
}

/**
 * Acquisition 0–6: any self-developed usable IP → 1–6, only acquired → 1–3, none → 0; items of
 * unknown acquisition could be either, so they span both. An expert value is clamped into that span.
 */
function acquisitionItem(ctx: EvalCtx, p: HighTechParams, missing: MissingInput[]): Range {
  const { usableOwn, usableAcquired, usableAcquisitionUnknown } = ctx.ip;
  const s = p.score;
  let span: Range;
  if (usableOwn + usableAcquired + usableAcquisitionUnknown === 0) span = point(0);
  else if (usableOwn > 0) span = range(s.acquisitionOwn);
  else if (usableAcquisitionUnknown > 0)
    span = {
      min: Math.min(s.acquisitionOwn[0], s.acquisitionAcquiredOnly[0]),
      max: Math.max(s.acquisitionOwn[1], s.acquisitionAcquiredOnly[1]),
    };
  else span = range(s.acquisitionAcquiredOnly);
  const v = ctx.facts.expertScores?.acquisition;
  if (typeof v === 'number' && Number.isFinite(v)) return point(Math.min(span.max, Math.max(span.min, v)));
  if (span.min !== span.max) missing.push({ field: 'expertScores.acquisition' });
  return span;
}

function sum(...rs: Range[]): Range {
  let min = 0;
  let max = 0;
  for (const r of rs) {
    min += r.min;
    max += r.max;
  }
  return { min, max };
}

/**
 * A growth item: growth = (Y2/Y1 + Y3/Y2)/2 − 1 over the last three years (Y1 oldest); Y1 = 0 →
 * Y3/Y2 − 1; Y2 = 0 → 0 points; two years → Y2/Y1 − 1 (Y1 = 0 → 0 points, like a zero Y2);
 * one year → 0 points. A missing figure widens the item to its full range.
 */
function growthItem(
  years: readonly number[],
  value: (y: number) => Decimal | undefined,
  p: HighTechParams,
): Range & { rate: number | null } {
  const ys: Decimal[] = [];
  for (const y of years) {
    const v = value(y);
    if (v === undefined) return { min: 0, max: p.score.growthItemMax, rate: null };
    ys.push(v);
  }
  let r: Ratio | undefined;
  if (ys.length === 2) {
    const [y1, y2] = ys as [Decimal, Decimal];
    if (!y1.isZero()) r = new Ratio(y2.minus(y1), y1);
  } else if (ys.length === 3) {
    const [y1, y2, y3] = ys as [Decimal, Decimal, Decimal];
    if (!y2.isZero()) {
      if (y1.isZero()) r = new Ratio(y3.minus(y2), y2);
      else {
        const den = y1.times(y2).times(2);
        r = new Ratio(y2.times(y2).plus(y1.times(y3)).minus(den), den);
      }
    }
  }
  if (!r) return { min: 0, max: 0, rate: null };
  const band = ratioBand(r, p.score.growthBands, [0, 0] as PointRange);
  return { min: band[0], max: band[1], rate: r.toNumber() };
}

export function highTechScore(ctx: EvalCtx, p: HighTechParams, missing: MissingInput[]): HtScore {
  const s = p.score;
  const experts = ctx.facts.expertScores;

  // IP (capped at ipPartMax).
  const techAdvancement = expert(experts, 'techAdvancement', s.techAdvancementMax, missing);
  const coreSupport = expert(experts, 'coreSupport', s.coreSupportMax, missing);
  let count =
    ctx.ip.classI >= 1 ? range(s.ipCountClassI) : range(countBand(ctx.ip.classIIUnused, s.ipCountClassIIBands, [0, 0]));
  // IP not checked: the records are a lower bound, so the count item may reach its top.
  if (ctx.unknown.ip && count.max < s.ipCountClassI[1]) {
    count = { min: count.min, max: s.ipCountClassI[1] };
    missing.push({ field: 'ipAssets' });
  }
  const acquisition = acquisitionItem(ctx, p, missing);
  const standardsBonus = expert(experts, 'standardsBonus', s.standardsBonusMax, missing);
  const ipRaw = sum(techAdvancement, coreSupport, count, acquisition, standardsBonus);
  const ip = { min: Math.min(s.ipPartMax, ipRaw.min), max: Math.min(s.ipPartMax, ipRaw.max) };

  // Achievement transformation: yearly average over the years of operation among the last three.
  const years = operatingYears(ctx, p.rdWindowYears);
  let transformation: Range & { average: number | null };
  let total = ZERO;
  let known = true;
  for (const y of years) {
    const v = figure(ctx, y, 'transformedAchievements');
    if (v === undefined) {
      missing.push({ field: 'transformedAchievements', year: y });
      known = false;
    } else total = total.plus(v);
  }
  if (known) {
    const avg = new Ratio(total, dec(years.length));
    const band = ratioBand(avg, s.transformationBands, [0, 0] as PointRange);
    transformation = { min: band[0], max: band[1], average: avg.toNumber() };
  } else transformation = { min: 0, max: s.transformationMax, average: null };

  // R&D organisation: four expert items.
  const rdManagement = expert(experts, 'rdManagement', s.rdManagementMax, missing);
  const rdInstitution = expert(experts, 'rdInstitution', s.rdInstitutionMax, missing);
  const transformationIncentive = expert(experts, 'transformationIncentive', s.transformationIncentiveMax, missing);
  const talent = expert(experts, 'talent', s.talentMax, missing);
  const rdOrganisation = sum(rdManagement, rdInstitution, transformationIncentive, talent);

  // Growth: net assets and sales, oldest year first.
  const oldestFirst = [...years].reverse();
  const netAssets = growthItem(
    oldestFirst,
    (y) => {
      const assets = figure(ctx, y, 'totalAssets');
      const liabilities = figure(ctx, y, 'totalLiabilities');
      if (assets === undefined) missing.push({ field: 'totalAssets', year: y });
      if (liabilities === undefined) missing.push({ field: 'totalLiabilities', year: y });
      return assets === undefined || liabilities === undefined ? undefined : dec(assets).minus(liabilities);
    },
    p,
  );
  const sales = growthItem(
    oldestFirst,
    (y) => {
      const v = figure(ctx, y, 'salesRevenue');
      if (v === undefined) missing.push({ field: 'salesRevenue', year: y });
      return v === undefined ? undefined : dec(v);
    },
    p,
  );
  const growth = sum(netAssets, sales);

  const totalRange = sum(ip, transformation, rdOrganisation, growth);
  return {
    min: totalRange.min,
    max: totalRange.max,
    parts: {
      ip: { ...ip, techAdvancement, coreSupport, count, acquisition, standardsBonus },
      transformation,
      rdOrganisation: { ...rdOrganisation, rdManagement, rdInstitution, transformationIncentive, talent },
      growth: { ...growth, netAssets, sales },
    },
  };
}

/**
 * The cheapest ways to close an HNTE score shortfall (max below the pass mark) with the items the
 * enterprise can move itself, in its own numbers: usable IP items for the IP-count item (the IP part
 * stays capped), and transformed achievements in N-1 to lift the yearly average to a higher band.
 * Gains are counted on the maximum (what the decision rests on); expert-judged items are left out.
 */
export function highTechScoreOptions(ctx: EvalCtx, p: HighTechParams, score: HtScore, short: number): ScoreOption[] {
  const s = p.score;
  const ip = score.parts.ip;
  const rawMax = ip.techAdvancement.max + ip.coreSupport.max + ip.count.max + ip.acquisition.max + ip.standardsBonus.max;
  const ipGain = (countMax: number) => Math.min(s.ipPartMax, rawMax - ip.count.max + countMax) - ip.max;
  const ipMoves: Candidate[] = [];
  if (!ctx.unknown.ip && ctx.ip.classI === 0) {
    const unused = ctx.ip.classIIUnused;
    for (const b of s.ipCountClassIIBands) {
      const need = b.min - unused;
      const gain = ipGain(b.points[1]);
      if (need > 0 && gain > 0)
        ipMoves.push({ move: { indicator: 'ipCount', fromPoints: ip.count.max, toPoints: b.points[1], count: need, unit: 'items' }, gain, effort: relativeEffort(need, unused) });
    }
    const gain = ipGain(s.ipCountClassI[1]);
    if (gain > 0)
      ipMoves.push({ move: { indicator: 'ipCount', fromPoints: ip.count.max, toPoints: s.ipCountClassI[1], count: 1, unit: 'class-i-items' }, gain, effort: relativeEffort(1, 0) });
  }
  const t = score.parts.transformation;
  const tMoves: Candidate[] = [];
  if (t.average !== null) {
    const years = operatingYears(ctx, p.rdWindowYears);
    let total = ZERO;
    for (const y of years) total = total.plus(figure(ctx, y, 'transformedAchievements') ?? 0);
    for (const b of s.transformationBands) {
      if (b.points[1] <= t.max) continue;
      const need = dec(b.min).times(years.length).minus(total).ceil().toNumber();
      if (need > 0)
        tMoves.push({
          move: { indicator: 'transformation', fromPoints: t.max, toPoints: b.points[1], count: need, unit: 'achievements' },
          gain: b.points[1] - t.max,
          effort: relativeEffort(need, total.toNumber()),
        });
    }
  }
  return cheapestOptions([ipMoves, tMoves], short);
}
