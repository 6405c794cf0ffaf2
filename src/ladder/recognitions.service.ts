import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { Actor } from '../auth/actor.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { LADDER } from './tiers.js';
import { Recognition } from './recognition.entity.js';
import { lookupTable } from '../common/own-key.js';


const CERTIFICATE_PREFIX: Record<string, string> = lookupTable<Record<string, string>>({
  'tech-sme': 'TS', 'young-eagle': 'YE', gazelle: 'GZ', 'leader-candidate': 'LC', leader: 'LD', 'high-tech': 'GR',
});

export interface NewRecognition {
  enterpriseId: number;
  tier: string;
  year: number;
  batch: string | null;
  certificateNumber: string | null;
  validFrom: string;
  validUntil: string;
  applicationId: number | null;
}

/** YYYY-MM-DD plus whole years, minus one day: a recognition from 2026-06-30 for 1 year runs to 2027-06-29. */
export function validUntil(validFrom: string, years: number): string {
  const d = new Date(`${validFrom}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Recognitions on the ladder (and HNTE certificates): created when a batch is announced or a
 * certificate issued, in the caller's transaction and audited; each keeps the enterprise's
 * denormalised current tier up to date.
 */
@Injectable()
export class RecognitionsService {
  constructor(private readonly audit: AuditService) {}

  /** The next certificate number of a programme and year: TJ-YE-2026-0001, … */
  async nextCertificateNumber(em: EntityManager, tier: string, year: number): Promise<string> {
    const prefix = `TJ-${CERTIFICATE_PREFIX[tier] ?? 'XX'}-${year}-`;
    const last = await em.getRepository(Recognition).createQueryBuilder('r')
      .select('MAX(r.certificate_number)', 'max')
      .where('r.tier = :tier AND r.year = :year AND r.certificate_number LIKE :prefix', { tier, year, prefix: `${prefix}%` })
      .getRawOne<{ max: string | null }>();
    const n = last?.max ? Number(last.max.slice(prefix.length)) + 1 : 1;
    return `${prefix}${String(n).padStart(4, '0')}`;
  }

  async create(em: EntityManager, actor: Actor, r: NewRecognition): Promise<Recognition> {
    const saved = await em.save(em.create(Recognition, { ...r, source: 'application' }));
    await this.audit.record(em, actor, {
      action: 'create', entity: 'recognition', entityId: saved.id, enterpriseId: r.enterpriseId,
      after: { tier: r.tier, year: r.year, batch: r.batch, certificateNumber: r.certificateNumber, validFrom: r.validFrom, validUntil: r.validUntil, applicationId: r.applicationId },
    });
    await this.refreshCurrentTier(em, actor, r.enterpriseId, r.validFrom);
    return saved;
  }

  /** Sets enterprise.current_tier to the highest rung with a recognition valid on `today`. */
  async refreshCurrentTier(em: EntityManager, actor: Actor, enterpriseId: number, today: string): Promise<string | null> {
    const rows = await em.getRepository(Recognition).createQueryBuilder('r')
      .where('r.enterprise_id = :id AND r.valid_from <= :today AND r.valid_until >= :today', { id: enterpriseId, today })
      .getMany();
    const best = rows.map((r) => r.tier).filter((t) => LADDER.includes(t)).sort((a, b) => LADDER.indexOf(b) - LADDER.indexOf(a))[0] ?? null;
    const e = await em.findOne(Enterprise, { where: { id: enterpriseId }, withDeleted: true, select: { id: true, currentTier: true } });
    if (e && e.currentTier !== best) {
      await em.createQueryBuilder().update(Enterprise).set({ currentTier: best, version: () => 'version + 1' } as never).where('id = :id', { id: enterpriseId }).execute();
      await this.audit.record(em, actor, { action: 'update', entity: 'enterprise', entityId: enterpriseId, enterpriseId, before: { currentTier: e.currentTier }, after: { currentTier: best } });
    }
    return best;
  }
}
