import type { DataSource } from 'typeorm';
import { addDays, businessDate } from '../../common/clock.js';
import { Enterprise } from '../../enterprises/enterprise.entity.js';
import { Project, ProjectBudget, ProjectMilestone, ProjectParticipant, ProjectReport, ProjectTranche } from '../../projects/project.entities.js';
import { monthOf, previousMonth } from '../../projects/rag.js';
import { ProjectsService } from '../../projects/projects.service.js';

interface DemoMilestone { name: string; due: number; deliverable: string; accepted?: number; tranche?: number }
interface DemoProject {
  district: '120116' | '120104';
  /** Index of the lead among the district's demo enterprises (by id). */
  lead: number;
  participants?: number[];
  name: string;
  type: string;
  start: number;
  end: number;
  status?: string;
  budget: [number, number]; // government, self per year (yuan)
  milestones: DemoMilestone[];
  /** Months back from this month (0 = this month) with a report, and the spend share of the budget reported. */
  reports: number[];
  spendShare: number;
}

/**
 * Demo key projects (issue 17, rules.md §10), dated from today so every RAG status shows whatever
 * the day: green, amber (missing report, overdue ≤ 30 days), red (overdue > 30 days, under-spent
 * at half-time), and a completed one. Deterministic; Binhai and Nankai leads.
 */
const DEMO: DemoProject[] = [
  {
    district: '120116', lead: 0, participants: [1], name: '工业视觉检测平台研发及产业化', type: 'major-st', start: -180, end: 540, budget: [3_000_000, 2_000_000],
    milestones: [
      { name: '样机研制', due: -120, deliverable: '样机及第三方检测报告', accepted: -125, tranche: 1_000_000 },
      { name: '中试验证', due: 90, deliverable: '中试报告', tranche: 1_500_000 },
      { name: '产业化验收', due: 540, deliverable: '验收报告', tranche: 1_500_000 },
    ],
    reports: [0, 1, 2, 3, 4, 5], spendShare: 0.3,
  },
  {
    district: '120116', lead: 2, name: '高端轴承热处理工艺技术改造', type: 'tech-upgrade', start: -200, end: 400, budget: [1_000_000, 3_000_000],
    milestones: [{ name: '设备安装调试', due: 60, deliverable: '调试记录', tranche: 500_000 }, { name: '工艺定型', due: 400, deliverable: '工艺文件', tranche: 500_000 }],
    reports: [2, 3, 4, 5, 6], spendShare: 0.25,
  },
  {
    district: '120116', lead: 3, participants: [4], name: '新型储能材料关键技术攻关（揭榜挂帅）', type: 'challenge', start: -150, end: 450, budget: [5_000_000, 5_000_000],
    milestones: [{ name: '材料配方定型', due: -10, deliverable: '配方及测试数据', tranche: 2_000_000 }, { name: '小批量试产', due: 300, deliverable: '试产报告', tranche: 3_000_000 }],
    reports: [0, 1, 2, 3, 4], spendShare: 0.2,
  },
  {
    district: '120104', lead: 0, name: '生物医药中试平台产业化', type: 'industrialisation', start: -240, end: 480, budget: [2_000_000, 6_000_000],
    milestones: [{ name: '中试车间建成', due: -45, deliverable: '竣工验收材料', tranche: 1_000_000 }, { name: 'GMP 认证', due: 360, deliverable: '认证证书', tranche: 1_000_000 }],
    reports: [0, 1, 2, 3, 4, 5, 6, 7], spendShare: 0.3,
  },
  {
    district: '120116', lead: 5, name: '智能网联汽车域控制器研发', type: 'major-st', start: -400, end: 200, budget: [2_000_000, 2_000_000],
    milestones: [{ name: '方案评审', due: -300, deliverable: '设计方案', accepted: -305, tranche: 500_000 }, { name: '样件交付', due: 150, deliverable: '样件及测试报告', tranche: 1_500_000 }],
    reports: [0, 1, 2, 3], spendShare: 0.3,
  },
  {
    district: '120104', lead: 1, name: '数控系统国产化技术改造', type: 'tech-upgrade', start: -700, end: -30, status: 'completed', budget: [1_000_000, 1_000_000],
    milestones: [{ name: '系统替换', due: -400, deliverable: '替换清单', accepted: -410, tranche: 600_000 }, { name: '结项验收', due: -40, deliverable: '验收报告', accepted: -35, tranche: 400_000 }],
    reports: [2, 3, 4, 5], spendShare: 0.95,
  },
];

function monthsBack(today: string, n: number): string {
  let m = monthOf(today);
  for (let i = 0; i < n; i++) m = previousMonth(m);
  return m;
}

export async function seedDemoProjects(dataSource: DataSource, instant: Date): Promise<number[]> {
  const today = businessDate(instant);
  const byDistrict = async (d: string) => dataSource.getRepository(Enterprise).find({ where: { districtCode: d }, order: { id: 'ASC' }, select: { id: true } });
  const pools = { '120116': await byDistrict('120116'), '120104': await byDistrict('120104') };
  const ids: number[] = [];
  await dataSource.transaction(async (em) => {
    for (const d of DEMO) {
      const lead = pools[d.district][d.lead];
      if (!lead) continue;
      const startOn = addDays(today, d.start);
      const endOn = addDays(today, d.end);
      const ins = await em.insert(Project, {
        leadEnterpriseId: lead.id, name: d.name, type: d.type, startOn, endOn, status: d.status ?? 'active',
        rag: null, ragReason: null, ragParams: null, ragComputedOn: null, progress: null, statusNote: null, createdBy: null,
      });
      const id = Number(ins.identifiers[0].id);
      ids.push(id);
      for (const p of d.participants ?? []) if (pools[d.district][p]) await em.insert(ProjectParticipant, { projectId: id, enterpriseId: pools[d.district][p]!.id });
      const years: number[] = [];
      for (let y = Number(startOn.slice(0, 4)); y <= Number(endOn.slice(0, 4)); y++) years.push(y);
      await em.insert(ProjectBudget, years.map((year) => ({ projectId: id, year, government: Math.round(d.budget[0] / years.length), self: Math.round(d.budget[1] / years.length) })));
      const planned = Math.round(d.budget[0] / years.length) * years.length + Math.round(d.budget[1] / years.length) * years.length;
      for (const m of d.milestones) {
        const accepted = m.accepted !== undefined;
        const mi = await em.insert(ProjectMilestone, {
          projectId: id, name: m.name, dueOn: addDays(today, m.due), deliverable: m.deliverable, status: accepted ? 'accepted' : 'open',
          actualOn: accepted ? addDays(today, m.accepted!) : null, acceptedBy: null, acceptedAt: accepted ? new Date(Date.parse(`${addDays(today, m.accepted!)}T02:00:00Z`)) : null,
        });
        if (m.tranche) {
          await em.insert(ProjectTranche, {
            projectId: id, milestoneId: Number(mi.identifiers[0].id), amount: m.tranche,
            releasedAt: accepted ? new Date(Date.parse(`${addDays(today, m.accepted!)}T02:00:00Z`)) : null, releasedBy: null,
          });
        }
      }
      const months = d.reports.map((n) => monthsBack(today, n)).filter((m) => m >= monthOf(startOn) && m <= monthOf(endOn)).sort();
      for (const [i, month] of months.entries()) {
        const share = (d.spendShare * (i + 1)) / months.length;
        await em.insert(ProjectReport, {
          projectId: id, month, progress: Math.min(100, Math.round(share * 100)), spend: Math.round(planned * share), issues: i === months.length - 1 ? '' : '按计划推进',
          status: i === months.length - 1 ? 'submitted' : 'accepted', submittedBy: null, submittedAt: new Date(Date.parse(`${month}-05T02:00:00Z`)),
          reviewedBy: null, reviewedAt: null, reviewNote: null,
        });
      }
    }
  });
  // The RAG as the daily job would compute it (same code path).
  const rag = new ProjectsService(dataSource, null as never, null as never, null as never);
  await dataSource.transaction(async (em) => {
    for (const id of ids) await rag.refreshRag(em, id, today);
  });
  return ids;
}
