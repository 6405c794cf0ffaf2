import type { EntityManager } from 'typeorm';
import type { DeadlineRules } from '../applications/workflow/deadlines.js';
import { workingCalendar } from '../applications/workflow/working-days.js';
import { HolidayCalendarDay, HolidayCalendarYear, StageDeadline } from './calendar.entities.js';

/** The rules as the database holds them: published years and their days, the stages' working days. */
export async function loadDeadlineRules(em: EntityManager): Promise<Required<DeadlineRules>> {
  const years = await em.find(HolidayCalendarYear, { where: { status: 'published' } });
  const published = years.map((y) => y.year);
  const days = published.length ? await em.createQueryBuilder(HolidayCalendarDay, 'd').where('d.year IN (:...years)', { years: published }).getMany() : [];
  const stages = await em.find(StageDeadline);
  return {
    calendar: workingCalendar(published, days),
    stageDays: Object.fromEntries(stages.map((s) => [s.status, s.workingDays])),
  };
}
