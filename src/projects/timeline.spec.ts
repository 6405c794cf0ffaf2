import { describe, expect, it } from '@jest/globals';
import { timelineModel } from './timeline.js';

const project = { startOn: '2026-01-01', endOn: '2027-01-01' };

describe('timelineModel', () => {
  const model = timelineModel(project, [
    { name: '样机', dueOn: '2026-07-02', actualOn: '2026-08-01', status: 'accepted' },
    { name: '中试', dueOn: '2026-10-01', actualOn: null, status: 'open' },
    { name: '验收', dueOn: '2026-12-31', actualOn: null, status: 'open' },
  ], '2026-11-15', 560);

  it.each([
    ['the project spans the axis', () => [model.projectBar.x1, model.projectBar.x2], [180, 544]],
    ['a milestone in the middle sits in the middle', () => model.rows[0]!.plannedX, 361.5],
    ['a late actual date draws a late bar', () => model.rows[0]!.bar?.late, true],
    ['an open overdue milestone runs to today', () => [model.rows[1]!.overdue, model.rows[1]!.bar?.x2 === model.todayX], [true, true]],
    ['an open milestone not yet due has no bar', () => model.rows[2]!.bar, null],
    ['one tick per new year inside the span', () => model.ticks.map((t) => t.label), ['2026', '2027']],
    ['rows stack downwards', () => model.rows.map((r) => r.y), [54, 82, 110]],
  ])('%s', (_l, actual, expected) => expect(actual()).toEqual(expected));

  it('today outside the span draws no line', () => {
    expect(timelineModel(project, [], '2030-01-01').todayX).toBeNull();
  });
});
