import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { todayIso } from '../common/format.js';
import { InvalidInputError } from '../common/errors.js';
import type { FieldErrors } from '../common/form.js';
import { EnterprisesService } from '../enterprises/enterprises.service.js';
import { translate } from '../i18n/i18n.js';
import { ReferenceService } from '../reference/reference.service.js';
import type { ApplicationListQueryDto } from './application.dto.js';
import { isEnterpriseUser } from './application.policy.js';
import { ApplicationsService, type ApplicationView } from './applications.service.js';
import type { AssetOption, DetailData, LiveEvaluation, NewFormData } from './applications.view.js';
import { htmlFromForm } from './form-fields.js';
import { APPLICATION_TYPES, type ApplicationType } from './workflow/workflows.js';

/**
 * What the application pages need, gathered in one call per page (the presenters in applications.view.ts
 * shape it). Read-only: every write stays in ApplicationsService / WorkflowService.
 */
@Injectable()
export class ApplicationPagesService {
  constructor(
    private readonly applications: ApplicationsService,
    private readonly enterprises: EnterprisesService,
    private readonly reference: ReferenceService,
  ) {}

  async list(actor: Actor, query: ApplicationListQueryDto) {
    const [page, districts] = await Promise.all([this.applications.list(actor, { ...query, pageSize: query.pageSize ?? 50 }), this.reference.districts()]);
    return { page, districts };
  }

  /** The new-application page: type, tier and year chosen (and the enterprise, for officers); the form prefilled. */
  async newForm(actor: Actor, q: Record<string, unknown>, posted: Record<string, unknown> | null, errors: FieldErrors): Promise<NewFormData> {
    const thisYear = Number(todayIso().slice(0, 4));
    const type = (APPLICATION_TYPES as readonly string[]).includes(String(q.type)) ? (q.type as ApplicationType) : null;
    let enterpriseId = isEnterpriseUser(actor) ? actor.enterpriseId : Number(q.enterpriseId) || null;
    if (!enterpriseId && typeof q.uscc === 'string' && q.uscc.trim()) {
      const e = await this.enterprises.scopedQuery(actor).andWhere('e.uscc = :u', { u: q.uscc.trim().toUpperCase() }).getOne();
      enterpriseId = e?.id ?? null;
      if (!e) errors = { ...errors, uscc: translate(actor.locale, 'portal.unknownEnterprise') };
    }
    const enterprise = enterpriseId ? await this.enterprises.get(actor, enterpriseId).catch(() => null) : null;
    const year = Number(q.year) || (type === 'super-deduction-precheck' || type === 'rd-post-subsidy' ? thisYear - 1 : thisYear);
    let values: Record<string, unknown> = {};
    let assets: AssetOption[] = [];
    if (type && enterprise) {
      // One select names the rung: a Tianjin tier, or an SRDI rung for an srdi-recognition.
      const prefill = await this.applications.prefill(actor, enterprise.id, type, year, type === 'srdi-recognition' && typeof q.tier === 'string' ? q.tier : null);
      assets = (prefill.availableAssets as AssetOption[]) ?? [];
      values = posted ?? htmlFromForm(type, prefill);
    }
    return { type, tier: q.tier, year, thisYear, uscc: q.uscc, enterprise, values, assets, errors };
  }

  /** The edit form of a draft or returned application: its values and the assets a loan may pledge. */
  async editForm(actor: Actor, v: ApplicationView, posted: Record<string, unknown> | null) {
    const values = posted ?? htmlFromForm(v.type, v.form);
    let assets: AssetOption[] = [];
    if (v.type === 'ip-pledge-loan') {
      const prefill = await this.applications.prefill(actor, v.enterpriseId, v.type);
      assets = (prefill.availableAssets as AssetOption[]) ?? [];
      for (const a of (v.loan?.assets ?? []) as AssetOption[]) if (!assets.some((x) => x.id === a.id)) assets.push(a);
    }
    return { values, assets };
  }

  /** The detail page: the application, its district, and today's evaluation when previewed or before submit. */
  async detail(actor: Actor, id: number, withPreview: boolean): Promise<DetailData> {
    const view = await this.applications.view(actor, id);
    const district = view.enterprise ? await this.reference.district(view.enterprise.districtCode) : null;
    const beforeSubmit = submitOffered(view);
    const live = (withPreview && view.canEdit) || beforeSubmit ? ((await this.applications.preview(actor, id)) as unknown as LiveEvaluation) : null;
    return { view, district, live: withPreview && view.canEdit ? live : null, presubmit: beforeSubmit ? live : null, today: todayIso(), now: new Date() };
  }

  /**
   * The HTML submit asks for a confirmation when today's evaluation is not eligible (issue 18). Only when
   * the submit could otherwise go ahead: a veto (missing documents) is the answer the user needs first.
   * The JSON face does not call this — an ineligible application may still be submitted there.
   */
  async confirmSubmit(actor: Actor, id: number, action: string, acknowledged: boolean): Promise<void> {
    if (acknowledged || !SUBMITS.includes(action)) return;
    const view = await this.applications.view(actor, id);
    if (!view.actions.some((a) => a.action === action && a.allowed)) return;
    const live = await this.applications.preview(actor, id);
    if (live.outcome === 'eligible') return;
    throw new InvalidInputError('confirmation required', [{ field: 'acknowledgeUnmet', message: 'confirmation required', key: 'application.presubmit.required' }]);
  }
}

const SUBMITS = ['submit', 'resubmit'];

/** A draft (or returned application) whose next step is the enterprise's submit. */
function submitOffered(view: ApplicationView): boolean {
  return view.canEdit && view.actions.some((a) => SUBMITS.includes(a.action));
}
