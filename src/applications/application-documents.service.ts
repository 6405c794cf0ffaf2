import { rm } from 'node:fs/promises';
import { HistoryService } from '../audit/history.service.js';
import { APPLICATION_HISTORY } from './application-history.js';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { In, type DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { InvalidInputError, NotFoundError } from '../common/errors.js';
import { badReference, enforce } from '../common/policy.js';
import { decideApplicationDocument } from './application-document.policy.js';
import { DocumentsService, type OpenedDocument } from '../documents/documents.service.js';
import type { IncomingFile } from '../documents/upload-storage.js';
import { translate } from '../i18n/i18n.js';
import { Application, ApplicationDocument } from './application.entity.js';
import { mapDocumentLink, referenceOf } from './application.mapper.js';
import { ApplicationsService } from './applications.service.js';
import { CHECKLISTS, isRequirement } from './checklist.js';

/**
 * Documents of applications, stored by the documents module (owner kind `application`: type
 * sniffing, size limit, SHA-256, revisions, permission-checked download). This service adds the
 * checklist side: which requirement an upload answers, and who may upload when — the applicant
 * while it holds the pen (draft, returned), bureau staff until the case ends.
 */
@Injectable()
export class ApplicationDocumentsService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly history: HistoryService,
    private readonly documents: DocumentsService,
    private readonly applications: ApplicationsService,
  ) {}

  onModuleInit(): void {
    this.documents.registerOwnerKind({
      kind: 'application',
      policy: {
        // The same decision as this module's own upload route; an application the actor cannot see
        // (another officer's draft) answers like one that does not exist.
        attach: async (actor, situation) => {
          const app = await this.applications.scopedQuery(actor).andWhere('a.id = :id AND a.enterprise_id = :e', { id: situation.ownerId, e: situation.enterpriseId }).getOne();
          if (!app) return badReference('ownerId', 'is not a record of this enterprise file', 'document.notOwner', `No application ${situation.ownerId} on this enterprise file`);
          return decideApplicationDocument(actor, app);
        },
        // Enterprise users see only their own enterprise (the scope); staff see drafts only of their own making.
        read: async (actor, d) => {
          const visible = await this.applications.scopedQuery(actor).andWhere('a.id = :id', { id: d.ownerId }).getCount();
          return visible > 0;
        },
      },
      belongsTo: (em, enterpriseId, ownerId) => em.existsBy(Application, { id: ownerId, enterpriseId }),
      labels: async (em, ids, locale) => {
        const rows = await em.find(Application, { where: { id: In(ids) }, select: { id: true, type: true, year: true } });
        return new Map(rows.map((a) => [a.id, `${translate(locale, `appType.${a.type}`)} ${referenceOf(a)}`]));
      },
    });
  }

  /**
   * Uploads a file against one checklist item (a new revision when `replacesId` names an earlier
   * upload of this application). The temporary file is always consumed.
   */
  async upload(actor: Actor, applicationId: number, requirement: string | undefined, file: IncomingFile, replacesId?: number) {
    let handedOver = false;
    try {
      const { app, enterprise } = await this.applications.load(actor, applicationId);
      const may = decideApplicationDocument(actor, app);
      if (!may.allowed && may.status === 403) enforce(may);
      if (!requirement || !isRequirement(app.type, requirement)) {
        const codes = CHECKLISTS[app.type].map((r) => r.code).join(', ');
        throw new InvalidInputError(`requirement must be one of ${codes}`, [{ field: 'requirement', message: `must be one of ${codes}` }]);
      }
      enforce(may);
      let previous: ApplicationDocument | null = null;
      if (replacesId !== undefined) {
        previous = await this.dataSource.getRepository(ApplicationDocument).findOneBy({ applicationId: app.id, documentId: replacesId });
        if (!previous) throw new InvalidInputError('replacesId must be a document of this application', [{ field: 'replacesId', message: 'not a document of this application' }]);
      }
      handedOver = true;
      const doc = await this.documents.upload(actor, { enterpriseId: enterprise.id, ownerKind: 'application', ownerId: app.id, replacesId }, file);
      const link = await this.dataSource.transaction(async (em) => {
        const row = { applicationId: app.id, requirement: previous?.requirement ?? requirement, documentId: doc.id, fileName: doc.name.slice(0, 255), mimeType: doc.mediaType, sizeBytes: doc.size, sha256: doc.sha256, uploadedBy: actor.userId || null, uploadedByName: actor.displayName.slice(0, 64), uploadedAt: new Date() };
        let saved: ApplicationDocument;
        if (previous) {
          await em.update(ApplicationDocument, { id: previous.id }, row);
          saved = await em.findOneByOrFail(ApplicationDocument, { id: previous.id });
        } else saved = await em.save(em.create(ApplicationDocument, row));
        // The documents module audited the upload itself.
        await this.history.record(em, {
          subject: { table: APPLICATION_HISTORY, id: app.id }, actor, kind: 'document', action: previous ? 'replace' : 'upload', from: app.status, to: app.status,
          data: { requirement: saved.requirement, documentId: doc.id, name: doc.name, sha256: doc.sha256, revision: doc.revision }, audit: false,
        });
        return saved;
      });
      return { ...mapDocumentLink(link, app.id), revision: doc.revision };
    } finally {
      if (!handedOver) await rm(file.path, { force: true });
    }
  }

  /** A document of this application, opened through the documents module (404 when not one of its documents). */
  async open(actor: Actor, applicationId: number, documentId: number): Promise<OpenedDocument> {
    const { app } = await this.applications.load(actor, applicationId);
    const linked = await this.dataSource.getRepository(ApplicationDocument).existsBy({ applicationId: app.id, documentId });
    if (!linked) throw new NotFoundError('Document');
    return this.documents.open(actor, documentId);
  }
}
