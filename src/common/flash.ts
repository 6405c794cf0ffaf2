import type { Request } from 'express';

export type FlashMessage = { type: 'success' | 'danger' | 'info' | 'warning'; text: string };

/** Queues a confirmation for the next page (Post/Redirect/Get); app.setup's page locals hand it to the view once. */
export function flash(req: Request, type: FlashMessage['type'], text: string): void {
  const s = req.session as unknown as { flash?: FlashMessage[] };
  (s.flash ??= []).push({ type, text });
}
