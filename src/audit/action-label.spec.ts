import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { MEMBERSHIP_ACTIONS } from '../cultivation/membership-machine.js';
import { MACHINES } from '../applications/workflow/workflows.js';
import { auditActionLabel } from './action-label.js';
import { messages } from './messages.js';

/** Every .ts file under src except tests. */
function sources(dir = 'src'): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.spec.ts') ? [p] : [];
  });
}

/**
 * Action expressions that are not string literals, with the keys they can produce. A new dynamic
 * expression fails the test until it is listed here, so no key reaches the log without a label.
 */
const DYNAMIC: Record<string, () => string[]> = {
  '`application.${req.action}`': () => [...new Set(Object.values(MACHINES).flatMap((m) => m.transitions.map((t) => `application.${t.action}`)))],
  '`bulk-${dto.action}`': () => ['approve', 'reject'].map((a) => `bulk-${a}`), // BatchDecisionDto @IsIn,
  't.action': () => [...MEMBERSHIP_ACTIONS],
  action: () => [], // UsersService.mutate(…, '<literal>', …): the literals are collected below
  'change.action': () => [], // AuditService.record itself
  'c.action': () => [], // auditMany: its callers push literal actions, collected below
};

/** The action keys written to the audit log anywhere in src. */
function writtenKeys(): { keys: Set<string>; unknown: string[] } {
  const keys = new Set<string>();
  const unknown: string[] = [];
  for (const file of sources()) {
    const text = readFileSync(file, 'utf8');
    // Audit writes: audit.record / recordStandalone calls and the change lists auditMany receives.
    for (const m of text.matchAll(/(?:\.record\(|recordStandalone\(|audits\.push\()/g)) {
      let window = text.slice(m.index, m.index + 600);
      // HistoryService.record(em, { subject, action, …, audit? }): the audit entry's action is
      // `audit.action` when given, else the entry's; `audit: false` writes no audit entry.
      if (/^\.record\(\w+,\s*\{[\s*]*subject:/.test(window)) {
        const next = window.indexOf('.record(', 1);
        if (next > 0) window = window.slice(0, next);
        if (/\baudit:\s*false/.test(window)) continue;
        const override = /\baudit:\s*\{[^}]*?\baction:\s*(`[^`]*`|[^,\n}]+)/.exec(window);
        if (override) window = `action: ${override[1]},`;
      }
      const a = /\baction:\s*(`[^`]*`|[^,\n}]+)/.exec(window) ?? /\{\s*(action)\s*,/.exec(window);
      if (!a) continue;
      const expr = a[1]!.trim();
      const literals = [...expr.matchAll(/'([a-z0-9.-]+)'/g)].map((x) => x[1]!);
      if (literals.length) literals.forEach((k) => keys.add(k));
      else if (DYNAMIC[expr]) DYNAMIC[expr]!().forEach((k) => keys.add(k));
      else unknown.push(`${file}: ${expr}`);
    }
    for (const m of text.matchAll(/this\.mutate\([^;]*?,\s*((?:[^,]*\?\s*)?'[a-z-]+'(?:\s*:\s*'[a-z-]+')?)\s*,/g)) {
      for (const x of m[1]!.matchAll(/'([a-z-]+)'/g)) keys.add(x[1]!);
    }
  }
  return { keys, unknown };
}

describe('audit action labels', () => {
  const { keys, unknown } = writtenKeys();

  it('finds the keys (the scan itself works)', () => {
    expect(unknown).toEqual([]);
    for (const k of ['create', 'update', 'application.publish-notice', 'bulk-approve', 'admit', 'unlock', 'totp-reset', 'target.delete']) expect(keys).toContain(k);
  });

  it('every key written to the audit log in src has a label in both languages', () => {
    const missing = [...keys].flatMap((k) => (['zh-CN', 'en'] as const).filter((l) => !messages[l][`auditAction.${k}`]).map((l) => `${l}: ${k}`));
    expect(missing).toEqual([]);
  });

  it('both languages label the same keys', () => {
    expect(Object.keys(messages.en).sort()).toEqual(Object.keys(messages['zh-CN']).sort());
  });

  it.each([
    ['application.publish-notice', 'zh-CN', '申报：进入公示'],
    ['application.publish-notice', 'en', 'Application: Put on public notice'],
    ['bulk-reject', 'zh-CN', '批量不通过'],
    ['some-old-key', 'zh-CN', 'some-old-key'],
  ] as const)('%s (%s) → %s', (action, locale, label) => {
    expect(auditActionLabel(action, locale)).toBe(label);
  });
});
