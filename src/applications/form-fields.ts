import { EXPERT_SCORE_FIELDS, RD_EXPENSE_MONEY_FIELDS } from '../policy/engine/facts.js';
import type { ApplicationType } from './workflow/workflows.js';

/** Rows of R&D projects the HTML form offers. */
export const PROJECT_ROWS = 5;

const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);
const number = (v: unknown): number | string | undefined => {
  const t = text(v);
  if (t === undefined) return undefined;
  const clean = t.replace(/,/g, '');
  return /^-?\d+(\.\d+)?$/.test(clean) ? Number(clean) : t;
};
const bool = (v: unknown): boolean | undefined => (v === 'true' || v === 'on' ? true : v === 'false' ? false : undefined);
const defined = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));

/**
 * The posted HTML form (flat string fields) as the type's form object. Names: contactName …,
 * `rd.<field>`, `project.<i>.name|activityType`, `score.<item>`, `asset.<id>` (checked) with
 * `asset.<id>.feesPaid|disputed|coOwnersConsented`.
 */
export function formFromHtml(type: ApplicationType, body: Record<string, unknown>): Record<string, unknown> {
  const base = defined({ contactName: text(body.contactName) ?? '', contactPhone: text(body.contactPhone) ?? '', contactEmail: text(body.contactEmail) });
  switch (type) {
    case 'tier-recognition':
      return defined({ ...base, mainProducts: text(body.mainProducts) ?? '', highlights: text(body.highlights) });
    case 'high-tech-certification': {
      const scores = defined(Object.fromEntries(EXPERT_SCORE_FIELDS.map((k) => [k, number(body[`score.${k}`])])));
      return defined({ ...base, highTechField: text(body.highTechField) ?? '', coreTechnology: text(body.coreTechnology) ?? '', expertScores: Object.keys(scores).length ? scores : undefined });
    }
    case 'super-deduction-precheck': {
      const projects = [];
      for (let i = 0; i < PROJECT_ROWS; i++) {
        const activityType = text(body[`project.${i}.activityType`]);
        const name = text(body[`project.${i}.name`]);
        if (activityType || name) projects.push(defined({ name, activityType: activityType ?? '' }));
      }
      const detail = defined({
        year: number(body['rd.year']),
        ...Object.fromEntries(RD_EXPENSE_MONEY_FIELDS.map((k) => [k, number(body[`rd.${k}`])])),
        manufacturing: bool(body['rd.manufacturing']) ?? false,
        icOrMachineTool: bool(body['rd.icOrMachineTool']) ?? false,
        techSme: bool(body['rd.techSme']) ?? false,
        projects,
      });
      return { ...base, rdExpenseDetail: detail };
    }
    case 'srdi-recognition':
      return defined({
        ...base, mainProducts: text(body.mainProducts) ?? '', nicheMarket: text(body.nicheMarket) ?? '', nicheSince: text(body.nicheSince) ?? '',
        srdiScore: number(body.srdiScore), srdiScoreBy: text(body.srdiScoreBy), equityFinancing: number(body.equityFinancing), highlights: text(body.highlights),
      });
    case 'rd-post-subsidy':
      return defined({ ...base, rdSummary: text(body.rdSummary) });
    default: {
      const ids = Object.keys(body).map((k) => /^asset\.(\d+)$/.exec(k)?.[1]).filter((x): x is string => !!x && bool(body[`asset.${x}`]) === true);
      return defined({
        ...base,
        requestedAmount: number(body.requestedAmount),
        termMonths: number(body.termMonths),
        purpose: text(body.purpose) ?? '',
        preferredBank: text(body.preferredBank),
        assets: ids.map((id) => defined({
          ipAssetId: Number(id),
          feesPaid: bool(body[`asset.${id}.feesPaid`]) ?? false,
          disputed: bool(body[`asset.${id}.disputed`]) ?? false,
          coOwnersConsented: bool(body[`asset.${id}.coOwnersConsented`]),
        })),
      });
    }
  }
}

/** The form object as flat HTML field values (for re-rendering and editing). */
export function htmlFromForm(type: ApplicationType, form: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...form };
  if (type === 'high-tech-certification') {
    const scores = (form.expertScores ?? {}) as Record<string, unknown>;
    for (const k of EXPERT_SCORE_FIELDS) out[`score.${k}`] = scores[k] ?? '';
  }
  if (type === 'super-deduction-precheck') {
    const d = (form.rdExpenseDetail ?? {}) as Record<string, unknown>;
    out['rd.year'] = d.year ?? '';
    for (const k of RD_EXPENSE_MONEY_FIELDS) out[`rd.${k}`] = d[k] ?? '';
    out['rd.manufacturing'] = d.manufacturing === true;
    out['rd.icOrMachineTool'] = d.icOrMachineTool === true;
    out['rd.techSme'] = d.techSme === true;
    const projects = (d.projects ?? []) as { name?: string; activityType?: string }[];
    for (let i = 0; i < PROJECT_ROWS; i++) {
      out[`project.${i}.name`] = projects[i]?.name ?? '';
      out[`project.${i}.activityType`] = projects[i]?.activityType ?? '';
    }
  }
  if (type === 'ip-pledge-loan') {
    for (const a of (form.assets ?? []) as { ipAssetId: number; feesPaid?: boolean; disputed?: boolean; coOwnersConsented?: boolean }[]) {
      out[`asset.${a.ipAssetId}`] = true;
      out[`asset.${a.ipAssetId}.feesPaid`] = a.feesPaid === true ? 'true' : 'false';
      out[`asset.${a.ipAssetId}.disputed`] = a.disputed === true ? 'true' : 'false';
      out[`asset.${a.ipAssetId}.coOwnersConsented`] = a.coOwnersConsented === undefined ? '' : String(a.coOwnersConsented);
    }
  }
  return out;
}

/** Validation details `form.rdExpenseDetail.personnel` → the HTML field name `rd.personnel`. */
export function htmlFieldOf(field: string): string {
  const f = field.replace(/^form\./, '');
  let m = /^rdExpenseDetail\.projects\[(\d+)\]\.(\w+)$/.exec(f);
  if (m) return `project.${m[1]}.${m[2]}`;
  m = /^rdExpenseDetail\.(\w+)$/.exec(f);
  if (m) return `rd.${m[1]}`;
  m = /^expertScores\.(\w+)$/.exec(f);
  if (m) return `score.${m[1]}`;
  if (/^assets/.test(f)) return 'assets';
  return f;
}
