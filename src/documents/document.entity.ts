import { Column, Entity, Index, PrimaryGeneratedColumn, VersionColumn } from 'typeorm';

/**
 * An evidence document: a file attached to something on an enterprise file (a fiscal year's
 * figures, a qualification, an application, or the file itself). The bytes live on disk under a
 * random storage key; this row keeps what the user called it and what the bytes are.
 * Replacing a document adds a new revision of the same series; older revisions stay readable.
 */
@Entity('document')
@Index('ix_document_enterprise', ['enterpriseId', 'uploadedAt'])
@Index('ix_document_owner', ['ownerKind', 'ownerId'])
@Index('ix_document_series', ['seriesId', 'revision'])
@Index('ix_document_uploaded_by', ['uploadedBy'])
export class DocumentRecord {
  @PrimaryGeneratedColumn()
  id: number;

  @Column({ name: 'enterprise_id', type: 'integer' })
  enterpriseId: number;

  /** enterprise | annual_financials | qualification | application … */
  @Column({ name: 'owner_kind', type: 'varchar', length: 32 })
  ownerKind: string;

  @Column({ name: 'owner_id', type: 'integer' })
  ownerId: number;

  /** Id of the series' first revision (its own id for a first upload). */
  @Column({ name: 'series_id', type: 'integer', nullable: true })
  seriesId: number | null;

  /** 1 for the first upload, +1 for each replacement. */
  @Column({ type: 'integer', default: 1 })
  revision: number;

  /** Set when a newer revision replaced this one. */
  @Column({ name: 'superseded_by_id', type: 'integer', nullable: true })
  supersededById: number | null;

  @Column({ name: 'original_name', type: 'varchar', length: 255 })
  originalName: string;

  /** Decided from the bytes (PDF, PNG, JPEG, XLSX, DOCX, CSV). */
  @Column({ name: 'media_type', type: 'varchar', length: 100 })
  mediaType: string;

  @Column({ name: 'size_bytes', type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'varchar', length: 64 })
  sha256: string;

  @Index('uq_document_storage_key', { unique: true })
  @Column({ name: 'storage_key', type: 'varchar', length: 64 })
  storageKey: string;

  @Column({ name: 'uploaded_by', type: 'integer', nullable: true })
  uploadedBy: number | null;

  @Column({ name: 'uploaded_by_name', type: 'varchar', length: 64 })
  uploadedByName: string;

  @Column({ name: 'uploaded_at', type: Date })
  uploadedAt: Date;

  @VersionColumn()
  version: number;
}
