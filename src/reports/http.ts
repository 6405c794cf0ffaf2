import { Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { ExportTrail } from '../audit/export-trail.js';
import { XLSX_TYPE } from '../common/table-export.js';
import { contentDisposition } from '../common/content-disposition.js';

const logger = new Logger('ReportExport');

/** Sends a built workbook; its audit trail is marked finished when the last byte leaves, aborted if the client goes first. */
export function sendWorkbook(res: Response, file: { buffer: Buffer; fileName: string; trail: ExportTrail }): void {
  file.trail.follow(res, 1, { bytes: file.buffer.length }, (err) => logger.error(`report export audit failed: ${(err as Error).message}`));
  res.status(200).setHeader('Content-Type', XLSX_TYPE).setHeader('Content-Disposition', contentDisposition(file.fileName)).setHeader('Cache-Control', 'private, no-store').send(file.buffer);
}
