import { Inject, Injectable } from '@nestjs/common';
import { ActivitiesService } from '../activities/activities.service.js';
import type { Actor } from '../auth/actor.js';
import { businessYear } from '../common/clock.js';
import { DomainError } from '../common/errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DocumentsService } from '../documents/documents.service.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import { EnterpriseMergeService } from './enterprise-merge.service.js';
import type { EnterpriseListQueryDto } from './enterprise.dto.js';
import { seesInternal } from './enterprise.policy.js';
import { TIMELINE_FILTERS } from './enterprise.view.js';
import { EnterprisesService } from './enterprises.service.js';
import { StoredFactsService } from './stored-facts.service.js';
import { recorderIds } from './source-badge.js';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { kpiYears } from '../kpis/kpi-years.js';
import { FileLaddersService } from '../policy/file-ladders.service.js';

/**
 * What the enterprise pages need, gathered in one call per page (enterprise.view.ts shapes it).
 * Read-only: every write stays in EnterprisesService and EnterpriseMergeService.
 */
@Injectable()
export class EnterprisePagesService {
  constructor(
    private readonly enterprises: EnterprisesService,
    private readonly activities: ActivitiesService,
    private readonly reference: ReferenceService,
    private readonly documents: DocumentsService,
    private readonly merger: EnterpriseMergeService,
    private readonly storedFacts: StoredFactsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly fileLadders: FileLaddersService,
  ) {}

  async options() {
    const [districts, zones] = await Promise.all([this.reference.districts(), this.reference.zones()]);
    return { districts, zones };
  }

  async list(actor: Actor, query: EnterpriseListQueryDto) {
    const [page, options, officers] = await Promise.all([this.enterprises.list(actor, { ...query, pageSize: query.pageSize ?? 50 }), this.options(), this.enterprises.officersInScope(actor)]);
    return { page, options, officers };
  }

  /** The profile as stored, with the form's choice lists. */
  async profile(actor: Actor, id: number) {
    const [file, options] = await Promise.all([this.enterprises.file(actor, id), this.options()]);
    return { enterprise: file.enterprise, options };
  }

  async file(actor: Actor, id: number, kind?: string) {
    const file = await this.enterprises.file(actor, id);
    const kinds = kind && TIMELINE_FILTERS.includes(kind) ? [kind] : undefined;
    const internal = seesInternal(actor);
    const [timeline, district, zone, documents, officer, rdLedgers, checks] = await Promise.all([
      internal ? this.activities.timeline(actor, id, { kinds, limit: 100 }) : [],
      this.reference.district(file.enterprise.districtCode),
      this.reference.zone(file.enterprise.zoneCode),
      this.documents.list(actor, id, { history: true }),
      this.enterprises.userName(file.enterprise.assignedOfficerId),
      // Stored facts with provenance: the R&D ledger per year and the last check per subject.
      this.storedFacts.ledgers(actor, id),
      this.storedFacts.lastChecks(id),
    ]);
    // Each fact's source badge names who recorded it: staff names only for staff (an enterprise user sees its own).
    const recorders = recorderIds(file.financials, file.ipAssets, file.qualifications, file.creditFlags, rdLedgers);
    const [names, kpis, ladders] = await Promise.all([
      this.enterprises.userNames(internal ? recorders : recorders.filter((r) => r === actor.userId)),
      // Transformation KPIs (src/kpis): the latest grade, its trend and the percentile behind each part.
      kpiYears(this.dataSource.manager, id),
      // Every configured ladder: current rung (recognitions), highest eligible rung, gap to the next.
      this.fileLadders.panels(actor, id, file.recognitions),
    ]);
    return {
      file, kind, timeline, district, zone, documents, officer, checks, names, kpis, ladders,
      rdLedgers: rdLedgers as unknown as ({ year: number } & Record<string, unknown>)[],
      reportYear: businessYear() - 1,
      uploadMaxBytes: this.config.uploadMaxBytes,
    };
  }

  /** The merge page's data; a duplicate named by id or USCC that cannot be found becomes a message, not an error page. */
  async merge(actor: Actor, id: number, typed: string) {
    const survivor = (await this.enterprises.file(actor, id)).enterprise;
    const candidates = await this.merger.candidates(actor, survivor);
    let preview = null;
    let lookupError: string | null = null;
    if (typed.trim()) {
      try {
        const duplicateId = await this.merger.resolveDuplicate(actor, typed);
        if (duplicateId === null) lookupError = translate(actor.locale, 'merge.lookupInvalid');
        else preview = await this.merger.preview(actor, id, duplicateId);
      } catch (err) {
        if (!(err instanceof DomainError) || err.status >= 500) throw err;
        lookupError = translate(actor.locale, err.status === 404 || err.details.some((d) => d.field === 'duplicateId') ? 'merge.lookupNotFound' : 'validation.invalid');
      }
    }
    return { survivor, typed, candidates, preview, lookupError };
  }
}
