import type { ModuleMessages } from '../i18n/i18n.js';

/**
 * Labels of audited entities no module's catalogue names (issue 18.7: the audit log shows
 * "要约 12", not "offer #12"). A module that adds its own `entity.<code>` label later wins.
 */
export const messages: ModuleMessages = {
  'zh-CN': {
    'entity.activity': '走访记录',
    'entity.api_token': '接口令牌',
    'entity.cultivation_candidate': '培育候选企业',
    'entity.enterprise_invitation': '企业账号邀请',
    'entity.evaluation': '资格评估',
    'entity.fact_check': '数据核验',
    'entity.holiday_calendar_year': '节假日日历',
    'entity.job': '后台任务',
    'entity.offer': '政策推送',
    'entity.plan_period': '规划期',
    'entity.project': '重点项目',
    'entity.project_milestone': '项目里程碑',
    'entity.project_report': '项目月报',
    'entity.project_tranche': '项目资金拨付',
    'entity.rd_ledger': '研发辅助账',
    'entity.reference_setting': '参数设置',
    'entity.report': '报表',
    'entity.rule_set': '规则集',
    'entity.stage_deadline': '办理时限',
    'entity.target': '目标',
  },
  en: {
    'entity.activity': 'Visit record',
    'entity.api_token': 'API token',
    'entity.cultivation_candidate': 'Cultivation candidate',
    'entity.enterprise_invitation': 'Enterprise account invitation',
    'entity.evaluation': 'Eligibility evaluation',
    'entity.fact_check': 'Fact check',
    'entity.holiday_calendar_year': 'Holiday calendar',
    'entity.job': 'Background job',
    'entity.offer': 'Offer',
    'entity.plan_period': 'Plan period',
    'entity.project': 'Key project',
    'entity.project_milestone': 'Project milestone',
    'entity.project_report': 'Project monthly report',
    'entity.project_tranche': 'Project funding tranche',
    'entity.rd_ledger': 'R&D ledger',
    'entity.reference_setting': 'Reference setting',
    'entity.report': 'Report',
    'entity.rule_set': 'Rule set',
    'entity.stage_deadline': 'Stage deadline',
    'entity.target': 'Target',
  },
};
