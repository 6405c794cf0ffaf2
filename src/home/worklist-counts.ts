import type { DataSource } from 'typeorm';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { Application } from '../applications/application.entity.js';
import { ApplicationBatch } from '../applications/batch.entity.js';
import { Qualification } from '../enterprises/qualification.entity.js';
import { RuleSetRecord } from '../policy/rule-sets/rule-set.entity.js';
import type { WorkCounts } from './worklist.js';
import { countMissingOne, countOpenOffers, countUnopened } from '../offers/offer-worklist.js';
import { scopedProjects, whereReportOverdue } from '../projects/projects.service.js';

/** Certificates are flagged on the enterprise's home this many days before they lapse. */
export const CERTIFICATE_WARNING_DAYS = 180;

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86400_000).toISOString().slice(0, 10);

/**
 * The counts behind the role's worklist, each one SQL COUNT under the actor's access scope
 * (applications and certificates through their enterprise). Task counts come from the caller,
 * which already has the actor's tasks.
 */
export async function worklistCounts(dataSource: DataSource, actor: Actor, today: string, tasks: { overdue: number; thisWeek: number } | null): Promise<WorkCounts> {
  const scope = scopeOf(actor);
  const applications = (status: string) =>
    applyScope(dataSource.getRepository(Application).createQueryBuilder('a').innerJoin('enterprise', 'e', 'e.id = a.enterprise_id AND e.deleted_at IS NULL'), 'e', scope)
      .andWhere('a.status = :status', { status })
      .getCount();
  switch (actor.role) {
    case 'officer': {
      const [districtReview, offersMissingFact, offersUnopened, overdueReports] = await Promise.all([
        applications('district-review'), countMissingOne(dataSource, actor), countUnopened(dataSource, actor, today),
        whereReportOverdue(scopedProjects(dataSource.manager, actor), today).getCount(),
      ]);
      return { districtReview, overdueTasks: tasks?.overdue ?? 0, visitsDue: tasks?.thisWeek ?? 0, overdueReports, offersMissingFact, offersUnopened };
    }
    case 'manager': {
      const batches = () => dataSource.getRepository(ApplicationBatch).createQueryBuilder('b').where("b.status = 'notice'");
      const [municipalReview, expertReview, noticesEnding, batchesToPublish] = await Promise.all([
        applications('municipal-review'),
        applications('expert-review'),
        batches().andWhere('b.notice_ends_on >= :today AND b.notice_ends_on <= :weekEnd', { today, weekEnd: addDays(today, 7) }).getCount(),
        batches().andWhere('b.notice_ends_on < :today', { today }).getCount(),
      ]);
      return { municipalReview, expertReview, noticesEnding, batchesToPublish };
    }
    case 'enterprise': {
      const expiring = applyScope(dataSource.getRepository(Qualification).createQueryBuilder('q').innerJoin('enterprise', 'e', 'e.id = q.enterprise_id AND e.deleted_at IS NULL'), 'e', scope)
        .andWhere('q.valid_until >= :today AND q.valid_until <= :until', { today, until: addDays(today, CERTIFICATE_WARNING_DAYS) })
        .getCount();
      const [drafts, returned, expiringCertificates, openOffers] = await Promise.all([applications('draft'), applications('returned'), expiring, countOpenOffers(dataSource, actor)]);
      return { openOffers, drafts, returned, expiringCertificates };
    }
    case 'admin': {
      const [lockedUsers, ruleSetDrafts] = await Promise.all([
        dataSource.getRepository(User).createQueryBuilder('u').where('u.locked_until > :now', { now: new Date() }).getCount(),
        dataSource.getRepository(RuleSetRecord).createQueryBuilder('r').where("r.status = 'draft'").getCount(),
      ]);
      return { lockedUsers, ruleSetDrafts };
    }
    default:
      return {};
  }
}
