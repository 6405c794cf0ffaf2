import type { DataSource, EntityManager } from 'typeorm';
import { Application, ApplicationDocument, ApplicationEvaluation, ApplicationHistory } from '../../applications/application.entity.js';
import { referenceOf } from '../../applications/application.mapper.js';
import { ApplicationBatch, Objection } from '../../applications/batch.entity.js';
import { CHECKLISTS } from '../../applications/checklist.js';
import { LoanRepayment, LoanSubsidy, PledgeLoan } from '../../applications/loan.entity.js';
import { stageDeadline } from '../../applications/workflow/deadlines.js';
import { loadDeadlineRules } from '../../calendar/deadline-rules.js';
import { addMonths, addWorkingDays } from '../../applications/workflow/working-days.js';
import { DECISION_STATES, machineOf, type ApplicationType } from '../../applications/workflow/workflows.js';
import { User } from '../../auth/user.entity.js';
import { todayIso } from '../../common/format.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { IpAsset } from '../../enterprises/ip-asset.entity.js';
import { Recognition } from '../../ladder/recognition.entity.js';
import { validUntil } from '../../ladder/recognitions.service.js';
import { Notification } from '../../notifications/notification.entity.js';
import { evaluate } from '../../policy/engine/evaluate.js';
import { PROGRAMS, type Program } from '../../policy/engine/facts.js';
import { evaluateIpPledge } from '../../policy/engine/ip-pledge.js';
import { DEFAULT_PARAMS, PROVISIONAL_PATHS } from '../../policy/engine/params.js';
import type { RuleSets } from '../../policy/engine/rule-sets.js';
import { loadFacts } from '../../policy/facts-loader.js';
import { CORRECTED_VERSION } from '../../policy/rule-sets/rule-sets.service.js';
import { now as clockNow } from '../../common/clock.js';

/** The rules.md defaults under the version the rule-set store seeds them with. */
const RULE_SETS = Object.fromEntries(PROGRAMS.map((p) => [p, { version: CORRECTED_VERSION, params: DEFAULT_PARAMS[p], provisional: PROVISIONAL_PATHS[p] }])) as unknown as RuleSets;

const DAY = 86_400_000;
const daysAgo = (today: string, n: number) => new Date(new Date(`${today}T02:00:00Z`).getTime() - n * DAY);
const isoOf = (d: Date) => todayIso(d);

type Step = { action: string; to: string; by: User; days: number; comment?: string; data?: Record<string, unknown> };

const CONTACT = { contactName: '刘经理', contactPhone: '022-23456789' };

/**
 * Demo applications in several statuses so the application pages, the batches, the published
 * lists, the loan panel and the inbox have something true to show: drafts, submissions (one
 * overdue), a return for revision with its comment, municipal review, a batch on public notice with
 * an objection, last year's announced gazelle list with its recognitions, an HNTE case in expert
 * review, super-deduction pre-checks, and two IP-pledge loans (one disbursed with repayments and a
 * subsidy). Deterministic; called once at the end of seedDemo.
 */
export async function seedDemoApplications(dataSource: DataSource, now: Date | string = clockNow()): Promise<void> {
  const today = typeof now === 'string' ? now : todayIso(now);
  const year = Number(today.slice(0, 4));
  const users = await dataSource.getRepository(User).find();
  const user = (username: string) => users.find((u) => u.username === username)!;
  const officerB = user('officer.binhai');
  const officerN = user('officer.nankai');
  const manager = user('manager');
  const enterprises = await dataSource.getRepository(Enterprise).find({ order: { id: 'ASC' } });
  const binhai = enterprises.filter((e) => e.districtCode === '120116');
  const nankai = enterprises.filter((e) => e.districtCode === '120104');
  if (binhai.length < 12 || nankai.length < 6 || !officerB || !officerN || !manager) return;
  const userOf = (e: Enterprise) => users.find((u) => u.role === 'enterprise' && u.enterpriseId === e.id)!;
  const officerOf = (e: Enterprise) => (e.districtCode === '120104' ? officerN : officerB);
  const facts = await loadFacts(dataSource, enterprises.map((e) => e.id), year + 1);
  const rules = await loadDeadlineRules(dataSource.manager);
  const cal = rules.calendar;

  await dataSource.transaction(async (em: EntityManager) => {
    const history = (app: Application, kind: ApplicationHistory['kind'], s: Partial<ApplicationHistory> & { at: Date; by: User }) =>
      em.insert(ApplicationHistory, {
        applicationId: app.id, kind, action: s.action ?? null, fromStatus: s.fromStatus ?? null, toStatus: s.toStatus ?? null, actorId: s.by.id,
        actorName: s.by.displayName, actorRole: s.by.role, comment: s.comment ?? null, isPublic: s.isPublic ?? true, data: (s.data ?? null) as never, at: s.at,
      });

    /** An application walked through its steps (days ago, oldest first). */
    const make = async (e: Enterprise, type: ApplicationType, tier: string | null, appYear: number, form: Record<string, unknown>, createdDays: number, steps: Step[], extra: { batchId?: number | null; noticeEndsOn?: string; maturityOn?: string } = {}) => {
      const creator = userOf(e);
      const created = daysAgo(today, createdDays);
      const app = await em.save(em.create(Application, {
        enterpriseId: e.id, type, tier, year: appYear, status: 'draft', form: { ...CONTACT, ...form }, batchId: extra.batchId ?? null, statusSince: created, dueOn: null,
        submittedAt: null, decidedAt: null, decision: null, createdBy: creator.id, createdByRole: 'enterprise', createdAt: created, updatedAt: created,
      }));
      await history(app, 'transition', { action: 'create', toStatus: 'draft', at: created, by: creator });
      // The documents of the checklist, recorded as received (on paper) for the demo.
      if (steps.length) {
        for (const r of CHECKLISTS[type]) {
          if (r.code === 'other' || (r.code === 'development-plan' && !tier?.startsWith('leader')) || r.code === 'co-owner-consent') continue;
          await em.insert(ApplicationDocument, { applicationId: app.id, requirement: r.code, documentId: null, fileName: `${r.code}.pdf`, mimeType: 'application/pdf', sizeBytes: 184_320, sha256: '0'.repeat(64), uploadedBy: creator.id, uploadedByName: creator.displayName, uploadedAt: created });
        }
      }
      let status = 'draft';
      let since = created;
      let submittedAt: Date | null = null;
      let decidedAt: Date | null = null;
      for (const s of steps) {
        const at = daysAgo(today, s.days);
        if (s.action === 'submit' || s.action === 'resubmit') {
          submittedAt ??= at;
          const asOf = isoOf(at);
          const f = facts.get(e.id)!;
          const base = { ...f, financials: (f.financials ?? []).filter((y) => y.year < Number(asOf.slice(0, 4))) };
          let result: Record<string, unknown>;
          let outcome: string;
          let ruleSets: Record<string, string>;
          let input: Record<string, unknown>;
          if (type === 'ip-pledge-loan') {
            const assets = await em.getRepository(IpAsset).findBy((form.assets as { ipAssetId: number }[]).map((a) => ({ id: a.ipAssetId })));
            const request = { asOf, pledgorUscc: e.uscc, loanMaturity: addMonths(asOf, Number(form.termMonths)), assets: assets.map((a) => ({ kind: a.kind as never, number: a.number, status: a.status as never, expiresOn: a.expiresOn ?? undefined, ownerUscc: e.uscc, pledged: false, disputed: false, coOwners: [], feesPaid: true })) };
            const r = evaluateIpPledge(request, DEFAULT_PARAMS['ip-pledge'], { locale: 'zh-CN' });
            result = r as unknown as Record<string, unknown>;
            outcome = r.outcome;
            ruleSets = { 'ip-pledge': CORRECTED_VERSION };
            input = request as unknown as Record<string, unknown>;
          } else {
            const program = (type === 'tier-recognition' ? tier : type === 'high-tech-certification' ? 'high-tech' : 'super-deduction') as Program;
            const input0 = { ...base, ...(type === 'super-deduction-precheck' ? { rdExpenseDetail: form.rdExpenseDetail as never } : {}) };
            const response = evaluate({ asOf, programs: [program], facts: input0 }, RULE_SETS, { locale: 'zh-CN' });
            result = { ...response.results[0], ...(type === 'tier-recognition' ? { ladder: response.ladder } : {}) };
            outcome = response.results[0].outcome;
            ruleSets = { [program]: CORRECTED_VERSION };
            input = input0 as unknown as Record<string, unknown>;
          }
          await em.insert(ApplicationEvaluation, { applicationId: app.id, trigger: s.action, asOf, ruleSets, input, result, outcome, createdAt: at } as never);
        }
        await history(app, 'transition', { action: s.action, fromStatus: status, toStatus: s.to, at, by: s.by, comment: s.comment, data: s.data });
        status = s.to;
        since = at;
        if (DECISION_STATES.includes(s.to)) decidedAt = at;
      }
      const machine = machineOf(type);
      const deadline = stageDeadline(status, isoOf(since), machine.isTerminal(status), { noticeEndsOn: extra.noticeEndsOn ?? null, maturityOn: extra.maturityOn ?? null }, rules);
      await em.update(Application, { id: app.id }, { status, statusSince: since, dueOn: deadline?.date ?? null, dueProvisional: deadline?.provisional ?? false, submittedAt, decidedAt, version: 1 + steps.length, updatedAt: since });
      app.status = status;
      return app;
    };

    const notify = (to: User, app: Application, e: Enterprise, messageKey: string, params: Record<string, string | number>, kind: Notification['kind'] = 'status', days = 1) =>
      em.insert(Notification, { userId: to.id, kind, applicationId: app.id, messageKey, params: { reference: referenceOf(app), enterprise: e.name, ...params }, link: `/applications/${app.id}`, readAt: null, emailedAt: null, dedupeKey: null, createdAt: daysAgo(today, days) } as never);

    const tierForm = (text: string) => ({ mainProducts: text });
    const submitted = (e: Enterprise, days: number): Step[] => [{ action: 'submit', to: 'submitted', by: userOf(e), days }];
    const toMunicipal = (e: Enterprise, d: number): Step[] => [
      ...submitted(e, d), { action: 'accept', to: 'district-review', by: officerOf(e), days: d - 2 }, { action: 'recommend', to: 'municipal-review', by: officerOf(e), days: d - 6 },
    ];

    // Tier recognitions of this year in the district stages.
    await make(binhai[1], 'tier-recognition', 'young-eagle', year, tierForm('工业机器视觉检测设备'), 2, []);
    const late = await make(binhai[3], 'tier-recognition', 'gazelle', year, tierForm('新能源汽车电池管理系统'), 25, submitted(binhai[3], 20));
    await notify(officerB, late, binhai[3], 'notify.overdue', { status: 'submitted', dueOn: addWorkingDays(isoOf(daysAgo(today, 20)), 5, cal) }, 'overdue', 5);
    const review = await make(nankai[1], 'tier-recognition', 'tech-sme', year, tierForm('检测试剂与仪器'), 12, [...submitted(nankai[1], 10), { action: 'accept', to: 'district-review', by: officerN, days: 8 }]);
    await notify(officerN, review, nankai[1], 'notify.status', { from: 'draft', to: 'submitted' }, 'status', 10);
    const returned = await make(binhai[4], 'tier-recognition', 'young-eagle', year, tierForm('智能仓储软件'), 15, [
      ...submitted(binhai[4], 14), { action: 'accept', to: 'district-review', by: officerB, days: 12 },
      { action: 'return', to: 'returned', by: officerB, days: 9, comment: '请补充上一年度经审计的财务报表附注，并说明软件著作权与主营产品的关系。' },
    ]);
    await notify(userOf(binhai[4]), returned, binhai[4], 'notify.statusWithComment', { from: 'district-review', to: 'returned', comment: '请补充上一年度经审计的财务报表附注，并说明软件著作权与主营产品的关系。' }, 'status', 9);
    await make(binhai[11], 'tier-recognition', 'tech-sme', year, tierForm('微纳传感芯片'), 30, toMunicipal(binhai[11], 28));

    // This year's tech-SME batch 1 on public notice (with an open objection), batch 2 still gathering.
    const noticeStart = addWorkingDays(isoOf(daysAgo(today, 6)), 0, cal);
    const noticeEnd = addWorkingDays(noticeStart, 9, cal);
    const onNotice = await em.save(em.create(ApplicationBatch, { programme: 'tech-sme', year, name: `${year}年第一批`, status: 'notice', noticeStartsOn: noticeStart, noticeEndsOn: noticeEnd, noticeWorkingDays: 10, announcedOn: null, announcedBy: null, createdBy: manager.id }));
    await em.save(em.create(ApplicationBatch, { programme: 'tech-sme', year, name: `${year}年第二批`, status: 'open', noticeStartsOn: null, noticeEndsOn: null, noticeWorkingDays: null, announcedOn: null, announcedBy: null, createdBy: manager.id }));
    for (const [i, e] of [binhai[6], binhai[7]].entries()) {
      const app = await make(e, 'tier-recognition', 'tech-sme', year, tierForm(i ? '海洋监测无人艇' : '工业互联网平台'), 40, [...toMunicipal(e, 38), { action: 'publish-notice', to: 'public-notice', by: manager, days: 6 }], { batchId: onNotice.id, noticeEndsOn: noticeEnd });
      if (i === 1) {
        await em.insert(Objection, { applicationId: app.id, batchId: onNotice.id, receivedOn: isoOf(daysAgo(today, 2)), objector: null, content: '反映该企业部分研发人员为兼职，科技人员占比可能不实。', status: 'open', resolution: null, resolvedBy: null, resolvedAt: null, recordedBy: manager.id });
        await history(app, 'objection', { action: 'record', fromStatus: 'public-notice', toStatus: 'public-notice', at: daysAgo(today, 2), by: manager, isPublic: false });
      }
    }

    // Last year's gazelle batch, announced: recognitions with certificate numbers; the list is published.
    const announcedOn = `${year - 1}-09-30`;
    const gazelle = await em.save(em.create(ApplicationBatch, { programme: 'gazelle', year: year - 1, name: `${year - 1}年第二批`, status: 'announced', noticeStartsOn: `${year - 1}-09-01`, noticeEndsOn: addWorkingDays(`${year - 1}-09-01`, 9, cal), noticeWorkingDays: 10, announcedOn, announcedBy: manager.id, createdBy: manager.id }));
    const agoOf = (iso: string) => Math.round((new Date(`${today}T00:00:00Z`).getTime() - new Date(`${iso}T00:00:00Z`).getTime()) / DAY);
    let serial = 0;
    for (const [i, e] of [binhai[8], nankai[4], binhai[9], nankai[5]].entries()) {
      const d0 = agoOf(`${year - 1}-07-01`);
      const decision = i === 3 ? 'reject' : 'approve';
      const app = await make(e, 'tier-recognition', 'gazelle', year - 1, tierForm('高端装备与精密制造'), d0 + 3, [
        ...toMunicipal(e, d0), { action: 'publish-notice', to: 'public-notice', by: manager, days: agoOf(`${year - 1}-09-01`) },
        { action: decision, to: decision === 'approve' ? 'approved' : 'rejected', by: manager, days: agoOf(`${year - 1}-09-20`), comment: decision === 'reject' ? '公示期收到实名异议，经核实成立。' : undefined },
      ], { batchId: gazelle.id });
      if (decision === 'approve') {
        const certificateNumber = `TJ-GZ-${year - 1}-${String(++serial).padStart(4, '0')}`;
        const until = validUntil(announcedOn, DEFAULT_PARAMS.gazelle.recognitionValidityYears);
        await em.insert(Recognition, { enterpriseId: e.id, tier: 'gazelle', year: year - 1, batch: gazelle.name, certificateNumber, validFrom: announcedOn, validUntil: until, source: 'application', applicationId: app.id });
        await em.update(Application, { id: app.id }, { decision: { certificateNumber, validFrom: announcedOn, validUntil: until, batch: gazelle.name } });
      } else {
        await em.insert(Objection, { applicationId: app.id, batchId: gazelle.id, receivedOn: `${year - 1}-09-05`, objector: '实名举报', content: '该企业营业收入增长数据存疑。', status: 'upheld', resolution: '经核实，2023 年收入含非经常性收入，增长率不达标。', resolvedBy: manager.id, resolvedAt: daysAgo(today, agoOf(`${year - 1}-09-15`)), recordedBy: manager.id });
      }
    }

    // HNTE: recommended by the bureau, now with the experts.
    await make(binhai[10], 'high-tech-certification', null, year, { highTechField: binhai[10].highTechField ?? 'electronic-information', coreTechnology: '基于深度学习的工业缺陷检测算法及其在主营产品中的应用' }, 45, [
      ...submitted(binhai[10], 42), { action: 'accept', to: 'district-review', by: officerB, days: 40 }, { action: 'recommend', to: 'municipal-review', by: officerB, days: 35 },
      { action: 'recommend', to: 'expert-review', by: manager, days: 20 },
    ]);

    // Super-deduction pre-checks of last year's R&D: one reviewed with its amount, one waiting.
    const rd = { year: year - 1, personnel: 860_000, directInputs: 240_000, depreciation: 90_000, amortization: 30_000, design: 40_000, other: 160_000, contractedDomestic: 200_000, manufacturing: true, projects: [{ name: '新一代控制器研发', activityType: 'new-product' }] };
    const sd = await make(binhai[2], 'super-deduction-precheck', null, year - 1, { rdExpenseDetail: rd }, 30, [...submitted(binhai[2], 28), { action: 'review', to: 'reviewed', by: officerB, days: 21 }]);
    const frozen = await em.findOneByOrFail(ApplicationEvaluation, { applicationId: sd.id });
    await em.update(Application, { id: sd.id }, { decision: { outcome: frozen.outcome, amount: (frozen.result as { amount?: unknown }).amount ?? null, evaluationId: frozen.id } as never });
    await make(nankai[2], 'super-deduction-precheck', null, year - 1, { rdExpenseDetail: { ...rd, personnel: 420_000, contractedDomestic: 0 } }, 6, submitted(nankai[2], 4));

    // IP-pledge loans: one disbursed (assets pledged, repayments, a subsidy), one with the bank.
    const pledgeable = async (e: Enterprise) => (await em.getRepository(IpAsset).find({ where: { enterpriseId: e.id, status: 'valid', pledged: false }, order: { id: 'ASC' } }))
      .filter((a) => ['invention-patent', 'utility-model', 'software-copyright'].includes(a.kind) && (a.expiresOn ?? '9999') > addMonths(today, 24)).slice(0, 2);
    const loanE = binhai[5];
    const assets = await pledgeable(loanE);
    if (assets.length) {
      const start = isoOf(daysAgo(today, 150));
      const maturityOn = addMonths(start, 12);
      const form = { requestedAmount: 3_000_000, termMonths: 12, purpose: '研发投入与原材料采购', preferredBank: '天津银行', assets: assets.map((a) => ({ ipAssetId: a.id, feesPaid: true, disputed: false })) };
      const loan = await make(loanE, 'ip-pledge-loan', null, year, form, 200, [
        ...submitted(loanE, 195), { action: 'accept', to: 'district-review', by: officerB, days: 192 }, { action: 'recommend', to: 'valuation', by: officerB, days: 188 },
        { action: 'record-valuation', to: 'bank-review', by: officerB, days: 175, data: { agency: '天津知识产权评估有限公司', appraisedValue: 8_000_000, appraisalFee: 80_000 } },
        { action: 'approve-loan', to: 'loan-approved', by: officerB, days: 160, data: { bank: '天津银行', amount: 3_000_000, annualRatePercent: 3.85, termMonths: 12 } },
        { action: 'sign-contracts', to: 'contracts-signed', by: officerB, days: 157 }, { action: 'register-pledge', to: 'pledge-registered', by: officerB, days: 154 },
        { action: 'disburse', to: 'post-loan-monitoring', by: officerB, days: 150 },
      ], { maturityOn });
      await em.insert(PledgeLoan, {
        applicationId: loan.id, requestedAmount: 3_000_000, requestedTermMonths: 12, appraisalAgency: '天津知识产权评估有限公司', appraisedValue: 8_000_000, appraisalFee: 80_000,
        valuedOn: isoOf(daysAgo(today, 175)), bank: '天津银行', loanAmount: 3_000_000, annualRateBp: 385, termMonths: 12, startOn: start, maturityOn,
        contractNumber: `TJB-${year}-0031`, contractsSignedOn: isoOf(daysAgo(today, 157)), registrationNumber: `Y${year}120000031`, registeredOn: isoOf(daysAgo(today, 154)),
        disbursedOn: start, disbursedAmount: 3_000_000,
      });
      await em.update(IpAsset, assets.map((a) => a.id), { pledged: true });
      const paid = [[120, 250_000, 9_625], [90, 250_000, 8_823], [60, 250_000, 8_021], [30, 250_000, 7_219]] as const;
      for (const [d, principal, interest] of paid) await em.insert(LoanRepayment, { applicationId: loan.id, paidOn: isoOf(daysAgo(today, d)), principal, interest, recordedBy: officerB.id });
      await em.insert(LoanSubsidy, { applicationId: loan.id, enterpriseId: loanE.id, kind: 'appraisal', year: Number(isoOf(daysAgo(today, 175)).slice(0, 4)), base: 80_000, rate: '0.5', cap: 50_000, amount: 40_000, ruleSetVersion: CORRECTED_VERSION, provisional: true, grantedBy: manager.id });
    }
    const bankE = nankai[3];
    const bankAssets = await pledgeable(bankE);
    if (bankAssets.length) {
      const form = { requestedAmount: 1_500_000, termMonths: 12, purpose: '扩大生产', preferredBank: '中国银行天津分行', assets: bankAssets.slice(0, 1).map((a) => ({ ipAssetId: a.id, feesPaid: true, disputed: false })) };
      const loan = await make(bankE, 'ip-pledge-loan', null, year, form, 30, [
        ...submitted(bankE, 28), { action: 'accept', to: 'district-review', by: officerN, days: 26 }, { action: 'recommend', to: 'valuation', by: officerN, days: 22 },
        { action: 'record-valuation', to: 'bank-review', by: officerN, days: 12, data: { agency: '天津滨海知识产权评估中心', appraisedValue: 3_600_000, appraisalFee: 30_000 } },
      ]);
      await em.insert(PledgeLoan, { applicationId: loan.id, requestedAmount: 1_500_000, requestedTermMonths: 12, appraisalAgency: '天津滨海知识产权评估中心', appraisedValue: 3_600_000, appraisalFee: 30_000, valuedOn: isoOf(daysAgo(today, 12)) });
    }
  });
}
