import type { ModuleMessages } from '../i18n/i18n.js';

/** The change feed and integration accounts. */
export const messages: ModuleMessages = {
  'zh-CN': {
    'changes.badCursor': '{label}不是本数据流的游标。',
    'changes.badType': '{label}只能取：{types}。',
    'integration.notIntegration': '{label}必须是启用中的数据接口账号。',
    'integration.expiryRange': '{label}须晚于今天，且不超过 {max} 天。',
    'role.integration': '数据接口（只读）',
  },
  en: {
    'changes.badCursor': '{label} is not a cursor of this feed.',
    'changes.badType': '{label} must be among: {types}.',
    'integration.notIntegration': '{label} must be an active integration account.',
    'integration.expiryRange': '{label} must be after today and at most {max} days ahead.',
    'role.integration': 'Integration (read-only)',
  },
};
