import { createReadStream, type ReadStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import { applyScope, scopeOf } from '../auth/access-scope.js';
import type { Actor } from '../auth/actor.js';
import { User } from '../auth/user.entity.js';
import { enforce } from '../common/policy.js';
import {
  ConflictError, InvalidInputError, NotFoundError, PayloadTooLargeError, UnsupportedMediaTypeError,
} from '../common/errors.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { AnnualFinancials } from '../enterprises/annual-financials.entity.js';
import { Enterprise } from '../enterprises/enterprise.entity.js';
import { Qualification } from '../enterprises/qualification.entity.js';
import { translate } from '../i18n/i18n.js';
import type { Locale } from '../i18n/locale.js';
import { DocumentRecord } from './document.entity.js';
import {
  decideAttach, ENTERPRISE_KIND_POLICY, FINANCIALS_KIND_POLICY, QUALIFICATION_KIND_POLICY, showsUploader, unregisteredKindReadable,
  type AttachSituation, type OwnerKindPolicy,
} from './document.policy.js';
import { MEDIA_TYPES, sniffFile, textClaimsBinaryName } from './file-sniffer.js';
import { cleanFileName } from '../common/content-disposition.js';
import { withExtension } from './filenames.js';
import { randomKey, type IncomingFile } from './upload-storage.js';

/** Where a document is attached. `ownerId` is the id of the owner record (the enterprise's own id for `enterprise`). */
export interface DocumentTarget {
  enterpriseId: number;
  ownerKind: string;
  ownerId: number;
  /** Upload a new revision of this document (same owner); the old one stays in the history. */
  replacesId?: number;
}

/**
 * An owner kind: what documents can be attached to. Built in: `enterprise`, `annual_financials`,
 * `qualification`. Other modules register theirs (e.g. `application`) with
 * `DocumentsService.registerOwnerKind` from their module's `onModuleInit`.
 */
export interface DocumentOwnerKind {
  kind: string;
  /** The owning module's rules (attach, read): asked for every route that touches this kind. */
  policy: OwnerKindPolicy;
  /** True when the owner record exists and belongs to the enterprise. */
  belongsTo(em: EntityManager, enterpriseId: number, ownerId: number): Promise<boolean>;
  /** Optional display labels of owners ("2025 年度财务数据"). */
  labels?(em: EntityManager, ownerIds: number[], locale: Locale): Promise<Map<number, string>>;
}

export const DOCUMENT_TYPES_LABEL = 'PDF, PNG, JPEG, XLSX, DOCX, CSV';

/** `showUploader` false leaves out who uploaded (staff names are not shown to enterprises). */
export function mapDocument(d: DocumentRecord, ownerLabel?: string, showUploader = true) {
  return {
    id: d.id,
    enterpriseId: d.enterpriseId,
    ownerKind: d.ownerKind,
    ownerId: d.ownerId,
    ownerLabel: ownerLabel ?? null,
    seriesId: d.seriesId ?? d.id,
    revision: d.revision,
    current: d.supersededById === null,
    supersededById: d.supersededById,
    name: d.originalName,
    mediaType: d.mediaType,
    size: d.sizeBytes,
    sha256: d.sha256,
    uploadedBy: showUploader ? d.uploadedByName : null,
    uploadedAt: d.uploadedAt,
    downloadUrl: `/api/v1/documents/${d.id}/download`,
  };
}
export type DocumentView = ReturnType<typeof mapDocument>;

export interface OpenedDocument {
  document: DocumentView;
  /** The name to offer on download: the user's name with the extension the bytes say. */
  fileName: string;
  mediaType: string;
  size: number;
  stream: ReadStream;
}

/**
 * Evidence documents: upload (type decided by the bytes, size limited, stored under a random key
 * outside the web root, SHA-256 kept), list and open — each through the enterprise scope, so a
 * document of a file the actor cannot see is simply not found.
 */
@Injectable()
export class DocumentsService {
  private readonly logger = new Logger(DocumentsService.name);
  private readonly kinds = new Map<string, DocumentOwnerKind>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly audit: AuditService,
  ) {
    this.registerOwnerKind({
      kind: 'enterprise',
      policy: ENTERPRISE_KIND_POLICY,
      belongsTo: async (_em, enterpriseId, ownerId) => ownerId === enterpriseId,
    });
    this.registerOwnerKind({
      kind: 'annual_financials',
      // Enterprise users may back their own (self-reported) figures with evidence.
      policy: FINANCIALS_KIND_POLICY,
      belongsTo: (em, enterpriseId, ownerId) => em.existsBy(AnnualFinancials, { id: ownerId, enterpriseId }),
      labels: async (em, ids, locale) => {
        const rows = await em.find(AnnualFinancials, { where: { id: In(ids) }, select: { id: true, year: true } });
        return new Map(rows.map((r) => [r.id, translate(locale, 'document.owner.annual_financials', { year: r.year })]));
      },
    });
    this.registerOwnerKind({
      kind: 'qualification',
      policy: QUALIFICATION_KIND_POLICY,
      belongsTo: (em, enterpriseId, ownerId) => em.existsBy(Qualification, { id: ownerId, enterpriseId }),
      labels: async (em, ids, locale) => {
        const rows = await em.find(Qualification, { where: { id: In(ids) }, select: { id: true, kind: true, obtainedOn: true, certificateNumber: true } });
        return new Map(rows.map((r) => [r.id, `${translate(locale, `qualKind.${r.kind}`)} · ${r.certificateNumber ?? r.obtainedOn}`]));
      },
    });
  }

  /** Adds (or replaces) an owner kind; for modules that attach documents to their own records. */
  registerOwnerKind(definition: DocumentOwnerKind): void {
    this.kinds.set(definition.kind, definition);
  }

  ownerKinds(): string[] {
    return [...this.kinds.keys()];
  }

  private kind(ownerKind: string): DocumentOwnerKind {
    const def = this.kinds.get(ownerKind);
    if (!def) {
      throw new InvalidInputError(`ownerKind must be one of ${this.ownerKinds().join(', ')}`, [{ field: 'ownerKind', message: `must be one of ${this.ownerKinds().join(', ')}` }]);
    }
    return def;
  }

  /** The enterprise if the actor may see it (deleted files are hidden), else 404. */
  private async visibleEnterprise(em: EntityManager, actor: Actor, enterpriseId: number): Promise<Enterprise> {
    if (!Number.isSafeInteger(enterpriseId) || enterpriseId < 1) throw new NotFoundError('Enterprise');
    const e = await applyScope(em.getRepository(Enterprise).createQueryBuilder('e'), 'e', scopeOf(actor)).andWhere('e.id = :id', { id: enterpriseId }).getOne();
    if (!e) throw new NotFoundError('Enterprise');
    return e;
  }

  private pathOf(storageKey: string): string {
    if (!/^[0-9a-f]{32}$/.test(storageKey)) throw new NotFoundError('Document');
    return join(this.config.uploadDir, storageKey.slice(0, 2), storageKey);
  }

  /**
   * Stores an uploaded file as a document of `target`. The temporary file is always consumed
   * (moved into the store or removed). 415 when the bytes are not a whitelisted type, 413 when
   * larger than the configured limit, 404 when the enterprise is not visible, 403 when the role
   * may not attach to that kind, 400 when the owner is not on this file.
   */
  async upload(actor: Actor, target: DocumentTarget, file: IncomingFile): Promise<DocumentView> {
    let stored: string | null = null;
    try {
      if (file.size > this.config.uploadMaxBytes) throw new PayloadTooLargeError(`The file is larger than ${Math.round(this.config.uploadMaxBytes / 1048576)} MB`);
      const def = this.kind(target.ownerKind);
      if (!Number.isSafeInteger(target.ownerId) || target.ownerId < 1) throw new InvalidInputError('ownerId must be a positive integer', [{ field: 'ownerId', message: 'must be a positive integer' }]);
      // Visibility and permission first, so a hidden file answers 404 whatever was sent.
      const enterprise = await this.visibleEnterprise(this.dataSource.manager, actor, target.enterpriseId);
      const situation = await this.attachSituation(actor, enterprise.id, target);
      enforce(decideAttach(actor, await def.policy.attach(actor, situation), situation));
      const sniffed = await sniffFile(file.path);
      if (!sniffed || textClaimsBinaryName(sniffed, file.originalname)) throw new UnsupportedMediaTypeError(`Only ${DOCUMENT_TYPES_LABEL} files are accepted (decided by the file's content, not its name)`, [], 'document.unsupported');

      return await this.dataSource.transaction(async (em) => {
        await this.visibleEnterprise(em, actor, enterprise.id);
        if (!(await def.belongsTo(em, enterprise.id, target.ownerId))) {
          throw new InvalidInputError(`No ${target.ownerKind} ${target.ownerId} on this enterprise file`, [{ field: 'ownerId', message: 'is not a record of this enterprise file' }]);
        }
        let previous: DocumentRecord | null = null;
        if (target.replacesId !== undefined) {
          previous = await em.findOneBy(DocumentRecord, { id: target.replacesId, enterpriseId: enterprise.id });
          if (!previous || previous.ownerKind !== target.ownerKind || previous.ownerId !== target.ownerId) {
            throw new InvalidInputError('replacesId must be a document of the same owner', [{ field: 'replacesId', message: 'must be a document of the same owner' }]);
          }
          if (previous.supersededById !== null) throw new ConflictError('That document has already been replaced by a newer revision', [{ field: 'replacesId', message: 'already replaced' }]);
        }
        const storageKey = randomKey();
        stored = this.pathOf(storageKey);
        await mkdir(dirname(stored), { recursive: true, mode: 0o700 });
        await rename(file.path, stored);
        const inserted = await em.insert(DocumentRecord, {
          enterpriseId: enterprise.id, ownerKind: target.ownerKind, ownerId: target.ownerId,
          seriesId: previous ? (previous.seriesId ?? previous.id) : null, revision: previous ? previous.revision + 1 : 1, supersededById: null,
          originalName: cleanFileName(file.originalname), mediaType: sniffed.mediaType, sizeBytes: file.size, sha256: file.sha256,
          storageKey, uploadedBy: actor.userId || null, uploadedByName: actor.displayName.slice(0, 64), uploadedAt: new Date(),
        });
        const id = Number(inserted.identifiers[0].id);
        if (!previous) await em.update(DocumentRecord, { id }, { seriesId: id });
        else {
          // Conditional, so two concurrent replacements of one revision cannot both win.
          const res = await em.createQueryBuilder().update(DocumentRecord)
            .set({ supersededById: id, version: () => 'version + 1' } as never)
            .where('id = :old AND superseded_by_id IS NULL', { old: previous.id }).execute();
          if (!res.affected) throw new ConflictError('That document has just been replaced by someone else', [{ field: 'replacesId', message: 'already replaced' }]);
        }
        const saved = await em.findOneByOrFail(DocumentRecord, { id });
        await this.audit.record(em, actor, {
          action: 'create', entity: 'document', entityId: id, enterpriseId: enterprise.id,
          after: { name: saved.originalName, ownerKind: saved.ownerKind, ownerId: saved.ownerId, revision: saved.revision, replaces: previous?.id ?? null, mediaType: saved.mediaType, size: saved.sizeBytes, sha256: saved.sha256 },
        });
        return mapDocument(saved, (await this.labelsFor(em, [saved], actor.locale)).get(saved.id), showsUploader(actor, saved.uploadedBy));
      });
    } catch (err) {
      // The row never landed: the stored bytes go too.
      if (stored) await rm(stored, { force: true });
      throw err;
    } finally {
      await rm(file.path, { force: true });
    }
  }

  /** The documents of a visible enterprise, newest first; current revisions only unless `history`. */
  async list(actor: Actor, enterpriseId: number, filter: { ownerKind?: string; ownerId?: number; history?: boolean } = {}): Promise<DocumentView[]> {
    const em = this.dataSource.manager;
    await this.visibleEnterprise(em, actor, enterpriseId);
    if (filter.ownerKind) this.kind(filter.ownerKind);
    const qb = em.getRepository(DocumentRecord).createQueryBuilder('d').where('d.enterprise_id = :id', { id: enterpriseId });
    if (filter.ownerKind) qb.andWhere('d.owner_kind = :kind', { kind: filter.ownerKind });
    if (filter.ownerId) qb.andWhere('d.owner_id = :owner', { owner: filter.ownerId });
    if (!filter.history) qb.andWhere('d.superseded_by_id IS NULL');
    const rows = await qb.orderBy('d.uploaded_at', 'DESC').addOrderBy('d.id', 'DESC').limit(1000).getMany();
    const readable: DocumentRecord[] = [];
    for (const d of rows) if (await this.readable(actor, d)) readable.push(d);
    const labels = await this.labelsFor(em, readable, actor.locale);
    return readable.map((d) => mapDocument(d, labels.get(d.id), showsUploader(actor, d.uploadedBy)));
  }

  /** Metadata and a read stream of one document, if the actor may see its enterprise; else 404. */
  async open(actor: Actor, documentId: number): Promise<OpenedDocument> {
    if (!Number.isSafeInteger(documentId) || documentId < 1) throw new NotFoundError('Document');
    const em = this.dataSource.manager;
    const d = await em.findOneBy(DocumentRecord, { id: documentId });
    if (!d) throw new NotFoundError('Document');
    await this.visibleEnterprise(em, actor, d.enterpriseId).catch(() => {
      throw new NotFoundError('Document');
    });
    if (!(await this.readable(actor, d))) throw new NotFoundError('Document');
    const path = this.pathOf(d.storageKey);
    const info = await stat(path).catch(() => null);
    if (!info) {
      this.logger.error(`document ${d.id}: stored file ${d.storageKey} is missing`);
      throw new NotFoundError('Document');
    }
    const extension = Object.values(MEDIA_TYPES).find((m) => m.mediaType === d.mediaType)?.extension ?? 'bin';
    return { document: mapDocument(d, undefined, showsUploader(actor, d.uploadedBy)), fileName: withExtension(d.originalName, extension), mediaType: d.mediaType, size: info.size, stream: createReadStream(path) };
  }

  private async readable(actor: Actor, d: DocumentRecord): Promise<boolean> {
    const def = this.kinds.get(d.ownerKind);
    // An owner kind nobody registered (its module is not loaded): staff only.
    if (!def) return unregisteredKindReadable(actor);
    return def.policy.read ? !!(await def.policy.read(actor, d)) : true;
  }

  /** What the owner kind's policy is told: the owner, and the revision being superseded with its uploader's role. */
  private async attachSituation(actor: Actor, enterpriseId: number, target: DocumentTarget): Promise<AttachSituation> {
    if (target.replacesId === undefined || !Number.isSafeInteger(target.replacesId)) return { enterpriseId, ownerId: target.ownerId, replaces: null };
    const previous = await this.dataSource.manager.findOne(DocumentRecord, { where: { id: target.replacesId, enterpriseId }, select: { id: true, uploadedBy: true } });
    if (!previous) return { enterpriseId, ownerId: target.ownerId, replaces: null };
    const uploader = previous.uploadedBy ? await this.dataSource.manager.findOne(User, { where: { id: previous.uploadedBy }, select: { id: true, role: true } }) : null;
    return { enterpriseId, ownerId: target.ownerId, replaces: { uploadedBy: previous.uploadedBy, uploaderRole: uploader?.role ?? null } };
  }

  private async labelsFor(em: EntityManager, docs: DocumentRecord[], locale: Locale): Promise<Map<number, string>> {
    const out = new Map<number, string>();
    const byKind = new Map<string, DocumentRecord[]>();
    for (const d of docs) byKind.set(d.ownerKind, [...(byKind.get(d.ownerKind) ?? []), d]);
    for (const [kind, list] of byKind) {
      const def = this.kinds.get(kind);
      const labels = def?.labels ? await def.labels(em, [...new Set(list.map((d) => d.ownerId))], locale) : new Map<number, string>();
      for (const d of list) out.set(d.id, labels.get(d.ownerId) ?? translate(locale, `document.owner.${kind}`, { year: '' }).trim());
    }
    return out;
  }
}
