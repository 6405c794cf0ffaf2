import { createHash, randomBytes } from 'node:crypto';
import { createWriteStream, mkdirSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { MulterModule } from '@nestjs/platform-express';
import type { Request } from 'express';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/** What the upload storage hands to a controller: a temporary file, already hashed and measured. */
export interface IncomingFile {
  /** Temporary path under `<uploadDir>/.incoming`; the service moves or removes it. */
  path: string;
  /** As the client named it (display only; never used as a path). */
  originalname: string;
  size: number;
  sha256: string;
}

/** Random names for stored files: 32 hex characters, no user input. */
export function randomKey(): string {
  return randomBytes(16).toString('hex');
}

class Sha256Counter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    cb(null, chunk);
  }
}

/**
 * A multer storage engine that streams the upload to a temporary file outside the web root while
 * computing its SHA-256 and size, so nothing large is held in memory. multer enforces the size
 * limit (413) and calls _removeFile on partial or rejected uploads.
 */
export class HashingDiskStorage {
  private readonly incoming: string;

  constructor(uploadDir: string) {
    this.incoming = join(uploadDir, '.incoming');
  }

  _handleFile(_req: Request, file: { stream: NodeJS.ReadableStream; originalname: string }, cb: (error: Error | null, info?: Partial<IncomingFile>) => void): void {
    mkdirSync(this.incoming, { recursive: true });
    const path = join(this.incoming, randomKey());
    const counter = new Sha256Counter();
    pipeline(file.stream, counter, createWriteStream(path, { flags: 'wx', mode: 0o600 }))
      .then(() => cb(null, { path, size: counter.size, sha256: counter.hash.digest('hex') }))
      .catch(async (err: Error) => {
        await rm(path, { force: true });
        cb(err);
      });
  }

  _removeFile(_req: Request, file: { path?: string }, cb: (error: Error | null) => void): void {
    if (!file.path) return cb(null);
    rm(file.path, { force: true }).then(() => cb(null), (err: Error) => cb(err));
  }
}

/** Multer for upload routes: the size limit from AppConfig, one file, a few small fields, UTF-8 names. */
export function uploadMulterModule() {
  return MulterModule.registerAsync({
    inject: [APP_CONFIG],
    useFactory: (config: AppConfig) => ({
      storage: new HashingDiskStorage(config.uploadDir),
      limits: { fileSize: config.uploadMaxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 24 },
      defParamCharset: 'utf8',
      defCharset: 'utf8',
    }),
  });
}
