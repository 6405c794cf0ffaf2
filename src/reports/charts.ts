import { createHash } from 'node:crypto';
import type * as Echarts from 'echarts';
import { lazyRequire } from '../common/lazy-require.js';

const echarts = lazyRequire<typeof Echarts>('echarts');

/**
 * Charts rendered on the server with Apache ECharts' SSR (SVG renderer), no client-side code.
 *
 * ECharts writes `style="…"` attributes on its text elements and a `<style>` block; the CSP
 * (`style-src 'self'`) would block both in inline SVG, so every chart is delivered as an
 * `<img src="data:image/svg+xml;base64,…">` (allowed by `img-src 'self' data:`): an image is its own
 * document, the page's CSP does not reach inside it, it prints, and it needs no triple-stash in the
 * template. Text inside the SVG is escaped by ECharts (`<` → `&lt;`, `&` → `&amp;`). Every chart
 * carries an `alt` that points to the data table beside it, which is the accessible form of the data.
 */
export interface ChartImage {
  src: string;
  alt: string;
  width: number;
  height: number;
  /** The SVG text, for tests and exports (not rendered directly). */
  svg: string;
  /** Nothing to draw (no category, or every value zero or missing): the page says so in words instead of empty axes. */
  empty?: boolean;
}

/** True when no series has a value other than zero or missing (issue 18.6: empty axes say nothing). */
export function nothingToDraw(categories: readonly unknown[], values: readonly (number | null | undefined)[]): boolean {
  return categories.length === 0 || values.every((v) => v === null || v === undefined || v === 0);
}

/** One colour per rung of the ladder, as the badges use everywhere (public/css/app.css). */
export const TIER_COLOURS: Record<string, string> = {
  'tech-sme': '#1d4ed8',
  'young-eagle': '#15803d',
  gazelle: '#b45309',
  'leader-candidate': '#7e22ce',
  leader: '#b91c1c',
  unicorn: '#be185d',
};
export const PALETTE = ['#206bc4', '#d63939', '#2fb344', '#f59f00', '#ae3ec9', '#17a2b8', '#4263eb', '#74b816'];
// Unquoted family names: ECharts copies the value into a double-quoted style attribute unescaped.
const FONT = 'PingFang SC, Microsoft YaHei, Noto Sans CJK SC, Source Han Sans SC, WenQuanYi Micro Hei, sans-serif';

// Rendering the same figures again (reloads, the print view, several users) costs nothing.
const CACHE_SIZE = 300;
const cache = new Map<string, string>();

function renderSvg(option: Echarts.EChartsCoreOption, width: number, height: number): string {
  const key = createHash('sha256').update(`${width}x${height}:${JSON.stringify(option)}`).digest('base64');
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: { fontFamily: FONT }, ...option });
    const svg = chart.renderToSVGString();
    cache.set(key, svg);
    if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
    return svg;
  } finally {
    chart.dispose();
  }
}

export function renderChart(option: Echarts.EChartsCoreOption, alt: string, width = 640, height = 320): ChartImage {
  const svg = renderSvg(option, width, height);
  return { src: `data:image/svg+xml;base64,${Buffer.from(svg, 'utf8').toString('base64')}`, alt, width, height, svg };
}

/** No image at all (nor its rendering cost): the view shows a sentence in its place. */
function emptyChart(alt: string): ChartImage {
  return { src: '', alt, width: 0, height: 0, svg: '', empty: true };
}

export interface Series {
  name: string;
  data: number[];
  colour?: string;
  stack?: string;
}

const legend = (series: Series[]) => ({ bottom: 0, data: series.map((s) => s.name) });

/** Bars per category (stacked when the series share a stack), optionally horizontal. */
export function barChart(categories: string[], series: Series[], opts: { alt: string; horizontal?: boolean; width?: number; height?: number; valueName?: string }): ChartImage {
  if (nothingToDraw(categories, series.flatMap((s) => s.data))) return emptyChart(opts.alt);
  const catAxis = { type: 'category' as const, data: categories, axisLabel: { interval: 0, rotate: !opts.horizontal && categories.length > 6 ? 35 : 0 } };
  const valAxis = { type: 'value' as const, name: opts.valueName ?? '', minInterval: 1 };
  // Room for the longest category label of a horizontal chart (12 px type: CJK full width, Latin about half).
  const labelWidth = Math.max(0, ...categories.map((c) => [...c].reduce((w, ch) => w + (ch.charCodeAt(0) > 0x2e80 ? 12 : 7), 0)));
  return renderChart({
    grid: { left: opts.horizontal ? Math.min(240, Math.max(64, labelWidth + 16)) : 56, right: 32, top: 32, bottom: series.length > 1 ? 72 : 48, containLabel: false },
    ...(series.length > 1 ? { legend: legend(series) } : {}),
    xAxis: opts.horizontal ? valAxis : catAxis,
    yAxis: opts.horizontal ? { ...catAxis, inverse: true } : valAxis,
    series: series.map((s) => ({ type: 'bar', name: s.name, data: s.data, barMaxWidth: 36, ...(s.stack ? { stack: s.stack } : {}), ...(s.colour ? { itemStyle: { color: s.colour } } : {}) })),
  }, opts.alt, opts.width, opts.height ?? Math.max(320, opts.horizontal ? categories.length * 26 + 90 : 320));
}

/** Lines over categories (years). `null` leaves a gap. */
export function lineChart(categories: string[], series: { name: string; data: (number | null)[]; colour?: string; dashed?: boolean }[], opts: { alt: string; percent?: boolean; width?: number; height?: number }): ChartImage {
  if (nothingToDraw(categories, series.flatMap((s) => s.data))) return emptyChart(opts.alt);
  return renderChart({
    grid: { left: 64, right: 40, top: 32, bottom: series.length > 2 ? 96 : 72 },
    legend: { bottom: 0, data: series.map((s) => s.name) },
    xAxis: { type: 'category', data: categories, boundaryGap: false },
    // (An explicit `undefined` would switch the default labels off.)
    yAxis: opts.percent ? { type: 'value', min: 0, max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : { type: 'value' },
    series: series.map((s) => ({
      type: 'line', name: s.name, data: s.data, connectNulls: false, symbolSize: 7,
      lineStyle: { type: s.dashed ? 'dashed' : 'solid', ...(s.colour ? { color: s.colour } : {}) }, ...(s.colour ? { itemStyle: { color: s.colour } } : {}),
    })),
  }, opts.alt, opts.width, opts.height);
}

/** A funnel, widest stage first; the label shows the count. */
export function funnelChart(stages: { name: string; value: number; colour?: string }[], opts: { alt: string; width?: number; height?: number }): ChartImage {
  if (nothingToDraw(stages, stages.map((s) => s.value))) return emptyChart(opts.alt);
  return renderChart({
    series: [{
      type: 'funnel', sort: 'none', left: '10%', width: '80%', top: 16, bottom: 16, minSize: '20%', gap: 2,
      label: { show: true, position: 'inside', formatter: '{b}: {c}', color: '#fff' },
      data: stages.map((s) => ({ name: s.name, value: s.value, ...(s.colour ? { itemStyle: { color: s.colour } } : {}) })),
    }],
  }, opts.alt, opts.width, opts.height);
}
