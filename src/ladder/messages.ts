import type { ModuleMessages } from '../i18n/i18n.js';

/** Labels of the ladders (file page, reports' ladder selector) and of the IP-pledge risk grade. */
export const messages: ModuleMessages = {
  'zh-CN': {
    'ladders.title': '培育梯度',
    'ladders.current': '当前梯度',
    'ladders.highest': '最高可达梯度',
    'ladders.next': '下一梯度',
    'ladders.none': '未入梯度',
    'ladders.top': '已在最高梯度',
    'ladders.gap': '距下一梯度的差距',
    'ladders.noGap': '下一梯度条件均已满足或无差距明细。',
    'ladders.notEvaluated': '暂未评价（该项目尚未纳入评价规则）',
    'ladders.select': '梯度',
    'rungOutcome.not-evaluated': '暂未评价',
  },
  en: {
    'ladders.title': 'Cultivation ladders',
    'ladders.current': 'Current rung',
    'ladders.highest': 'Highest eligible rung',
    'ladders.next': 'Next rung',
    'ladders.none': 'Not on this ladder',
    'ladders.top': 'At the top rung',
    'ladders.gap': 'Gap to the next rung',
    'ladders.noGap': 'Nothing listed between the enterprise and the next rung.',
    'ladders.notEvaluated': 'Not evaluated (the programme is not in the rule engine yet)',
    'ladders.select': 'Ladder',
    'rungOutcome.not-evaluated': 'Not evaluated',
  },
};
