/**
 * The project timeline as an inline SVG model (Gantt-like: one row per milestone, the planned date
 * and the actual date on a shared time axis, today as a line). Pure: the template only draws the
 * numbers; no script runs in the page (CSP).
 */
export interface TimelineMilestone {
  name: string;
  dueOn: string;
  actualOn: string | null;
  status: string;
}

export interface TimelineRow {
  name: string;
  y: number;
  textY: number;
  plannedX: number;
  /** The diamond of the planned date as SVG polygon points. */
  plannedPoints: string;
  actualX: number | null;
  /** From planned to actual (late or early), or from planned to today for an open, overdue milestone. */
  bar: { x1: number; x2: number; late: boolean } | null;
  accepted: boolean;
  overdue: boolean;
}

export interface TimelineModel {
  width: number;
  height: number;
  axisY: number;
  left: number;
  right: number;
  projectBar: { x1: number; x2: number; y: number };
  todayX: number | null;
  ticks: { x: number; label: string }[];
  rows: TimelineRow[];
}

const DAY = 86_400_000;
const day = (iso: string) => Math.floor(Date.parse(`${iso}T00:00:00Z`) / DAY);
const LABEL_WIDTH = 180;
const ROW = 28;
const TOP = 36;

export function timelineModel(project: { startOn: string; endOn: string }, milestones: readonly TimelineMilestone[], today: string, width = 860): TimelineModel {
  const dates = [project.startOn, project.endOn, ...milestones.flatMap((m) => [m.dueOn, ...(m.actualOn ? [m.actualOn] : [])])];
  const from = Math.min(...dates.map(day));
  const to = Math.max(from + 1, ...dates.map(day));
  const left = LABEL_WIDTH;
  const right = width - 16;
  const x = (iso: string) => Math.round((left + ((day(iso) - from) / (to - from)) * (right - left)) * 10) / 10;
  const t = day(today);
  const todayX = t >= from && t <= to ? x(today) : null;
  const rows = milestones.map((m, i): TimelineRow => {
    const y = TOP + 18 + i * ROW;
    const px = x(m.dueOn);
    const ax = m.actualOn ? x(m.actualOn) : null;
    const overdue = m.status !== 'accepted' && m.dueOn < today;
    const bar = ax !== null && ax !== px ? { x1: Math.min(px, ax), x2: Math.max(px, ax), late: ax > px }
      : overdue && todayX !== null ? { x1: px, x2: todayX, late: true } : null;
    return {
      name: m.name.length > 14 ? `${m.name.slice(0, 13)}…` : m.name,
      y, textY: y + 4, plannedX: px, plannedPoints: `${px},${y - 6} ${px + 6},${y} ${px},${y + 6} ${px - 6},${y}`,
      actualX: ax, bar, accepted: m.status === 'accepted', overdue,
    };
  });
  // Year ticks (1 January of each year inside the span), plus the start.
  const ticks: { x: number; label: string }[] = [];
  const firstYear = Number(new Date(from * DAY).toISOString().slice(0, 4));
  const lastYear = Number(new Date(to * DAY).toISOString().slice(0, 4));
  for (let y = firstYear; y <= lastYear; y++) {
    const jan = `${y}-01-01`;
    if (day(jan) >= from && day(jan) <= to) ticks.push({ x: x(jan), label: String(y) });
  }
  return {
    width, height: TOP + 18 + Math.max(1, milestones.length) * ROW, axisY: TOP - 8, left, right,
    projectBar: { x1: x(project.startOn), x2: x(project.endOn), y: TOP - 8 },
    todayX, ticks, rows,
  };
}
