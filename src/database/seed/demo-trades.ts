/** A demo company's trade: the name's suffix, its industry code and high-tech field. */
export interface DemoTrade {
  suffix: string;
  industry: string;
  field: string;
}

/**
 * The trades the demo files are drawn from, in draw order: the first 42 files pick from all of them
 * (the order is part of their seeded stream), the rest of the city from all but aerospace.
 */
export const DEMO_TRADES: readonly DemoTrade[] = [
  { suffix: '信息技术', industry: 'I6510', field: 'electronic-information' },
  { suffix: '软件', industry: 'I6511', field: 'electronic-information' },
  { suffix: '生物医药', industry: 'C2761', field: 'biomedicine' },
  { suffix: '医疗器械', industry: 'C3581', field: 'biomedicine' },
  { suffix: '新材料', industry: 'C2651', field: 'new-materials' },
  { suffix: '智能装备', industry: 'C3491', field: 'advanced-manufacturing' },
  { suffix: '自动化', industry: 'C4011', field: 'advanced-manufacturing' },
  { suffix: '新能源', industry: 'C3841', field: 'new-energy' },
  { suffix: '环保科技', industry: 'N7722', field: 'resources-environment' },
  { suffix: '航空科技', industry: 'C3741', field: 'aerospace' },
  { suffix: '检测技术', industry: 'M7452', field: 'high-tech-services' },
  { suffix: '电子', industry: 'C3971', field: 'electronic-information' },
];
