import { describe, expect, it } from '@jest/globals';
import { userFormPage, userListPage } from './users.view.js';

const OPTIONS = { districts: [{ code: '120116' }], zones: [] };

describe('user pages', () => {
  it.each([
    ['new', {}, { isNew: true, values: { role: 'officer' } }],
    ['edit', { user: { id: 3, username: 'li' } }, { isNew: false, user: { id: 3 }, values: { id: 3, username: 'li' } }],
    ['a rejected create never echoes the password', { values: { username: 'li', password: 'secret-123' }, errors: { username: '已存在' } }, { isNew: true, values: { username: 'li', password: '' }, errors: { username: '已存在' } }],
    ['a stale save keeps what was typed', { user: { id: 3 }, values: { displayName: '李', version: 4 }, stale: '已被他人修改' }, { stale: '已被他人修改', values: { displayName: '李', version: 4 } }],
    ['the password reset\'s own messages', { user: { id: 3 }, passwordErrors: { password: '太短' } }, { passwordErrors: { password: '太短' }, errors: {} }],
  ])('%s', (_case, form, expected) => {
    expect(userFormPage(OPTIONS, form)).toMatchObject(expected);
  });

  it.each([
    [1, 1, null, null],
    [51, 1, null, 2],
    [120, 3, 2, null],
  ])('%i users, page %i: previous %s, next %s', (total, page, prevPage, nextPage) => {
    expect(userListPage({ items: [], total, page, pageSize: 50 }, new Map(), OPTIONS, {})).toMatchObject({ prevPage, nextPage });
  });

  it('an enterprise user shows its enterprise\'s name, not its id', () => {
    const m = userListPage({ items: [{ enterpriseId: 9 }, { enterpriseId: null }, { enterpriseId: 10 }], total: 3, page: 1, pageSize: 50 }, new Map([[9, '甲公司']]), OPTIONS, { q: 'li' });
    expect(m.items.map((u) => u.enterpriseName)).toEqual(['甲公司', null, null]);
    expect(m.q).toBe('li');
  });
});
