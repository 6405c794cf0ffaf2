import type { ModuleMessages } from '../i18n/i18n.js';

/** Labels of the expiry radar. */
export const messages: ModuleMessages = {
  'zh-CN': {
    'radar.title': '到期预警',
    'radar.intro': '高新技术企业证书在到期前 {months} 个月、梯度认定在年度复评前 {days} 天进入预警，并为责任人各生成一条跟进任务（只生成一次）。',
    'radar.kind.hnte': '高企证书到期',
    'radar.kind.recognition': '梯度年度复评',
    'radar.validUntil': '到期日',
    'radar.months': '{months} 个月内',
    'radar.none': '预警期内没有到期项目。',
    'radar.task.hnte': '高企证书将于 {date} 到期：辅导企业准备重新认定',
    'radar.task.recognition': '{tier}认定将于 {date} 到期：组织年度复评',
    'nav.radar': '到期预警',
  },
  en: {
    'radar.title': 'Expiry radar',
    'radar.intro': 'HNTE certificates enter the radar {months} months before expiry and recognitions {days} days before their annual re-evaluation; each raises one follow-up task for the assigned officer, once.',
    'radar.kind.hnte': 'HNTE certificate expiring',
    'radar.kind.recognition': 'Annual re-evaluation due',
    'radar.validUntil': 'Valid until',
    'radar.months': 'within {months} months',
    'radar.none': 'Nothing expires within the window.',
    'radar.task.hnte': 'HNTE certificate expires on {date}: help the enterprise re-apply',
    'radar.task.recognition': '{tier} recognition lapses on {date}: organise the annual re-evaluation',
    'nav.radar': 'Expiry radar',
  },
};
