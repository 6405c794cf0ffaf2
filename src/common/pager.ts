import { pageCount } from './list-query.js';

/** Previous/next links of a paged list (null at either end). */
export function pager(page: number, total: number, pageSize: number): { pages: number; prevPage: number | null; nextPage: number | null } {
  const pages = pageCount(total, pageSize);
  return { pages, prevPage: page > 1 ? page - 1 : null, nextPage: page < pages ? page + 1 : null };
}

/** Column header links of a sortable list: the next click's sort key and the arrow showing the current one. */
export function sortHeaders(sorts: readonly string[], current: string): { sortLinks: Record<string, string>; sortState: Record<string, string> } {
  return {
    sortLinks: Object.fromEntries(sorts.map((k) => [k, current === k ? `-${k}` : k])),
    sortState: Object.fromEntries(sorts.map((k) => [k, current === k ? '▲' : current === `-${k}` ? '▼' : ''])),
  };
}
