import { describe, expect, it } from '@jest/globals';
import { runEffect, StateMachine, verdictDecision, type Verdict } from './state-machine.js';

/** The generic machine on a toy table: built-in checks, the order of answers, guards, options. */
type S = 'draft' | 'sent' | 'done';
interface Facts { note: string | null }
const build = (over: Partial<ConstructorParameters<typeof StateMachine<S, { vip: boolean }, string, Facts>>[0]> = {}) =>
  new StateMachine<S, { vip: boolean }, string, Facts>({
    name: 'toy', states: ['draft', 'sent', 'done'], initial: 'draft', terminal: ['done'],
    transitions: [
      { from: 'draft', action: 'edit', to: 'draft', roles: ['clerk'] },
      { from: 'draft', action: 'send', to: 'sent', roles: ['clerk', 'boss'], guards: ['note-given'] },
      { from: 'sent', action: 'close', to: 'done', roles: ['boss'] },
      { from: 'sent', action: 'fast-close', to: 'done', roles: ['boss'], when: (s) => s.vip },
    ],
    guards: { 'note-given': (f) => (f.note ? null : { messageKey: 'toy.noteMissing', params: {}, details: [{ field: 'note', message: 'required' }] }) },
    ...over,
  });
const m = build();
const said = (v: Verdict<S, { vip: boolean }>) => (v.allowed ? `allow → ${v.to}` : `${v.reason} ${v.veto.messageKey}`);

describe('StateMachine: answers in a fixed order', () => {
  // status, action, role, subject, facts, expected
  const cases: [S, string, string, { vip: boolean }, Facts | undefined, string][] = [
    ['draft', 'send', 'clerk', { vip: false }, { note: 'ok' }, 'allow → sent'],
    ['draft', 'send', 'clerk', { vip: false }, { note: null }, 'guard toy.noteMissing'],
    ['draft', 'send', 'clerk', { vip: false }, undefined, 'allow → sent'],
    ['draft', 'edit', 'clerk', { vip: false }, { note: null }, 'allow → draft'],
    ['draft', 'edit', 'boss', { vip: false }, undefined, 'role state.denied.role'],
    ['draft', 'close', 'boss', { vip: false }, undefined, 'status state.denied.status'],
    ['draft', 'close', 'clerk', { vip: false }, undefined, 'role state.denied.role'],
    ['draft', 'fly', 'boss', { vip: false }, undefined, 'unknown-action state.denied.unknown'],
    ['sent', 'fast-close', 'boss', { vip: false }, undefined, 'status state.denied.status'],
    ['sent', 'fast-close', 'boss', { vip: true }, undefined, 'allow → done'],
  ];
  it.each(cases)('%s %s by %s (%j, %j) → %s', (status, action, role, subject, facts, expected) => {
    expect(said(m.decide(status, action, role, subject, facts))).toBe(expected);
  });
});

describe('StateMachine: options are the buttons of a role, disabled with the reason', () => {
  const cases: [S, string, Facts | undefined, string][] = [
    ['draft', 'clerk', { note: null }, 'edit:allow send:toy.noteMissing'],
    ['draft', 'clerk', { note: 'x' }, 'edit:allow send:allow'],
    ['draft', 'boss', { note: null }, 'send:toy.noteMissing'],
    ['sent', 'clerk', undefined, ''],
    ['done', 'boss', undefined, ''],
  ];
  it.each(cases)('%s for %s (%j) → %s', (status, role, facts, expected) => {
    expect(m.options(status, role, { vip: false }, facts).map((v) => `${v.action}:${v.allowed ? 'allow' : v.veto.messageKey}`).join(' ')).toBe(expected);
  });
});

describe('StateMachine: inconsistent tables are refused when built', () => {
  const cases: [string, Parameters<typeof build>[0], RegExp][] = [
    ['unknown to-state', { transitions: [{ from: 'draft', action: 'x', to: 'gone' as S, roles: ['a'] }, { from: 'sent', action: 'y', to: 'done', roles: ['a'] }] }, /unknown to-state/],
    ['terminal with an action', { terminal: ['done', 'sent'] }, /sent is terminal/],
    ['nobody may take it', { transitions: [{ from: 'draft', action: 'send', to: 'sent', roles: [] }, { from: 'sent', action: 'close', to: 'done', roles: ['b'] }] }, /no role may take it/],
    ['a dead end', { terminal: [] }, /done is a dead end/],
    ['unreachable (a self-row does not reach)', { transitions: [{ from: 'draft', action: 'edit', to: 'draft', roles: ['a'] }, { from: 'sent', action: 'close', to: 'done', roles: ['b'] }] }, /sent is unreachable/],
    ['a guard nobody declared', { guards: {} }, /unknown guard note-given/],
  ];
  it.each(cases)('%s', (_name, over, error) => expect(() => build(over)).toThrow(error));
});

describe('verdictDecision: the policy decision of a verdict', () => {
  const cases: [S, string, string, Facts | undefined, string][] = [
    ['draft', 'send', 'clerk', { note: 'x' }, 'allow'],
    ['draft', 'edit', 'boss', undefined, '403 state.denied.role'],
    ['draft', 'close', 'boss', undefined, '409 state.denied.status'],
    ['draft', 'send', 'clerk', { note: null }, '409 toy.noteMissing'],
    ['draft', 'fly', 'clerk', undefined, '400 state.denied.unknown'],
  ];
  it.each(cases)('%s %s by %s → %s', (status, action, role, facts, expected) => {
    const d = verdictDecision(m.decide(status, action, role, { vip: false }, facts));
    expect(d.allowed ? 'allow' : d.status === 404 ? '404' : `${d.status} ${d.messageKey}`).toBe(expected);
  });
  it('a module words its own refusals', () => {
    const worded = build({ refusal: (reason) => (reason === 'status' ? { messageKey: 'toy.notNow', params: {}, details: [] } : null) });
    expect(said(worded.decide('draft', 'close', 'boss', { vip: false }))).toBe('status toy.notNow');
    expect(said(worded.decide('draft', 'edit', 'boss', { vip: false }))).toBe('role state.denied.role');
  });
});

describe('runEffect: the side effect the module declared for an action', () => {
  it('runs it with the context and answers its value; other actions (and inherited names) do nothing', async () => {
    const effects = { send: (ctx: { n: number }) => ctx.n + 1 };
    expect(await runEffect(effects, 'send', { n: 1 })).toBe(2);
    expect(await runEffect(effects, 'edit', { n: 1 })).toBeUndefined();
    expect(await runEffect(effects, 'constructor', { n: 1 })).toBeUndefined();
  });
});
