import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { todayIso } from '../common/format.js';
import { contextFor, evaluateProgram } from '../policy/engine/evaluate.js';
import { CRITERION_LABELS } from '../policy/engine/labels.js';
import { loadFacts } from '../policy/facts-loader.js';
import { RuleSetsService } from '../policy/rule-sets/rule-sets.service.js';
import { SettingsService } from '../settings/settings.service.js';
import { enforce } from '../common/policy.js';
import { decideCultivation } from './cultivation.policy.js';

export interface RenewalQuery {
  months?: number;
  districtCode?: string;
  page?: number;
  pageSize?: number;
}

export interface RenewalItem {
  qualificationId: number;
  certificateNumber: string | null;
  obtainedOn: string;
  validUntil: string;
  enterpriseId: number;
  name: string;
  uscc: string;
  districtCode: string;
  assignedOfficerId: number | null;
  evaluation: { asOf: string; outcome: string; open: { code: string; label: string; outcome: string; explanation: string }[] };
}

function addMonths(iso: string, months: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d.toISOString().slice(0, 10);
}

/**
 * Keeping the stock: HNTE certificates expiring within the coming months (a reference setting, twelve as seeded) and not
 * yet followed by a newer certificate, each with the enterprise's HNTE evaluation today (what would
 * fail a re-application, in its own numbers). Scoped like every enterprise list.
 */
@Injectable()
export class RenewalsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly ruleSets: RuleSetsService,
    private readonly settings: SettingsService,
  ) {}

  async list(actor: Actor, query: RenewalQuery): Promise<{ months: number; total: number; page: number; pageSize: number; items: RenewalItem[] }> {
    enforce(decideCultivation(actor, 'readRenewals'));
    const today = todayIso();
    const months = query.months ?? (await this.settings.int('renewals.months', today));
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const qb = this.dataSource.createQueryBuilder().from('qualification', 'q')
      .innerJoin('enterprise', 'e', 'e.id = q.enterprise_id AND e.deleted_at IS NULL')
      .where("q.kind = 'hnte-certificate' AND q.valid_until >= :today AND q.valid_until <= :until", { today, until: addMonths(today, months) })
      .andWhere("NOT EXISTS (SELECT 1 FROM qualification n WHERE n.enterprise_id = q.enterprise_id AND n.kind = 'hnte-certificate' AND n.valid_until > q.valid_until)");
    applyScope(qb, 'e', scopeOf(actor));
    if (query.districtCode) qb.andWhere('e.district_code = :district', { district: query.districtCode });
    const [{ n }] = await qb.clone().select('COUNT(*)', 'n').getRawMany<{ n: string | number }>();
    const rows = await qb
      .select(['q.id AS qid', 'q.certificate_number AS "certificateNumber"', 'q.obtained_on AS "obtainedOn"', 'q.valid_until AS "validUntil"', 'e.id AS "enterpriseId"',
        'e.name AS name', 'e.uscc AS uscc', 'e.district_code AS "districtCode"', 'e.assigned_officer_id AS "officerId"'])
      .orderBy('q.valid_until', 'ASC').addOrderBy('q.id', 'ASC')
      .offset((page - 1) * pageSize).limit(pageSize)
      .getRawMany<Record<string, unknown>>();
    const ids = [...new Set(rows.map((r) => Number(r.enterpriseId)))];
    const facts = await loadFacts(this.dataSource, ids, Number(today.slice(0, 4)));
    const ruleSets = await this.ruleSets.resolve(today);
    const label = (code: string) => CRITERION_LABELS[code as keyof typeof CRITERION_LABELS]?.[actor.locale] ?? code;
    const items = rows.map((r): RenewalItem => {
      const f = facts.get(Number(r.enterpriseId));
      const ht = f ? evaluateProgram('high-tech', contextFor({ asOf: today, facts: f }, ruleSets, { locale: actor.locale }), ruleSets['high-tech']) : null;
      return {
        qualificationId: Number(r.qid), certificateNumber: (r.certificateNumber as string | null) ?? null, obtainedOn: String(r.obtainedOn), validUntil: String(r.validUntil),
        enterpriseId: Number(r.enterpriseId), name: String(r.name), uscc: String(r.uscc), districtCode: String(r.districtCode),
        assignedOfficerId: r.officerId === null || r.officerId === undefined ? null : Number(r.officerId),
        evaluation: {
          asOf: today, outcome: ht?.outcome ?? 'incomplete',
          open: (ht?.criteria ?? []).filter((c) => c.outcome !== 'met').map((c) => ({ code: c.code, label: label(c.code), outcome: c.outcome, explanation: c.explanation })),
        },
      };
    });
    return { months, total: Number(n), page, pageSize, items };
  }
}
