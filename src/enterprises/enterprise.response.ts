import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { FINANCIAL_COUNT_FIELDS, FINANCIAL_MONEY_FIELDS, FLAG_KINDS, IP_KINDS, TAX_MODES } from '../policy/engine/facts.js';
import type { Contact } from './contact.entity.js';
import type { CreditFlag } from './credit-flag.entity.js';
import type { IpAsset } from './ip-asset.entity.js';
import type { Qualification } from './qualification.entity.js';
import { FACT_SOURCES } from '../policy/fact-provenance.js';
import type { Enterprise } from './enterprise.entity.js';
import { mapContact, mapCreditFlag, mapEnterprise, mapFinancials, mapIpAsset, mapQualification } from './enterprise.mapper.js';
import type { AnnualFinancials } from './annual-financials.entity.js';

/** An enterprise file's profile as the API returns it (mapEnterprise). */
export class EnterpriseDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: '91310110666007217T' }) uscc: string;
  @ApiProperty() name: string;
  @ApiProperty({ example: '120116' }) districtCode: string;
  @ApiProperty({ type: String, nullable: true }) zoneCode: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) establishedOn: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'C3911' }) industryCode: string | null;
  @ApiProperty({ type: String, nullable: true, enum: TAX_MODES, enumName: 'TaxMode' }) taxMode: string | null;
  @ApiProperty({ type: String, nullable: true }) highTechField: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) registeredCapital: number | null;
  @ApiProperty({ type: String, nullable: true }) address: string | null;
  @ApiProperty({ type: Number, nullable: true }) assignedOfficerId: number | null;
  @ApiProperty({ type: [String] }) tags: string[];
  @ApiProperty({ type: String, nullable: true, description: 'rung on the Tianjin ladder' }) currentTier: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) rdLedger: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) restrictedCategory: boolean | null;
  @ApiProperty({ type: Number, nullable: true }) mergedIntoId: number | null;
  @ApiProperty({ description: 'optimistic-lock version; send it back on PATCH' }) version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: Date;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) deletedAt: Date | null;
}

// Compile-time tie to the mapper: a field declared here that the mapper stops returning breaks the build.
export const enterpriseDtoOf = (e: Enterprise): EnterpriseDto => mapEnterprise(e);

/** One fiscal year's figures (mapFinancials): money in yuan, counts as numbers, null = not reported. */
export class FinancialsDto {
  @ApiProperty() id: number;
  @ApiProperty({ example: 2025 }) year: number;
  @ApiProperty({ type: String, nullable: true, enum: FACT_SOURCES, enumName: 'FactSource', description: 'where the figures came from (api.md "Facts and provenance")' }) source: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date', description: 'the source\'s as-of date' }) sourceAsOf: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'the user who recorded them' }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
  @ApiProperty({ description: 'entered by the enterprise and not yet verified by an officer' }) selfReported: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) verifiedAt: Date | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: Date;
}
// The figures themselves, one property each (the same lists the mapper and the engine use).
for (const field of FINANCIAL_MONEY_FIELDS) ApiProperty({ type: Number, nullable: true, description: 'yuan' })(FinancialsDto.prototype, field);
for (const field of FINANCIAL_COUNT_FIELDS) ApiProperty({ type: Number, nullable: true })(FinancialsDto.prototype, field);

const RECORDS = { type: 'array', items: { type: 'object', additionalProperties: true } } as const;

/** GET /api/v1/enterprises/:id: the whole file. */
export class EnterpriseFileDto {
  @ApiProperty({ type: EnterpriseDto }) enterprise: EnterpriseDto;
  @ApiProperty({ type: [FinancialsDto], description: 'newest year first' }) financials: FinancialsDto[];
  @ApiProperty({ type: () => [IpAssetDto] }) ipAssets: IpAssetDto[];
  @ApiProperty({ type: () => [QualificationDto] }) qualifications: QualificationDto[];
  @ApiProperty({ type: () => [CreditFlagDto], description: 'credit listings and events' }) creditFlags: CreditFlagDto[];
  @ApiProperty({ type: () => [ContactDto] }) contacts: ContactDto[];
  @ApiProperty({ ...RECORDS, description: 'recognitions on the ladders, with validity' }) recognitions: object[];
  @ApiPropertyOptional({ ...RECORDS, description: 'staff only' }) tasks?: object[];
  @ApiProperty({ ...RECORDS, description: 'R&D ledgers per fiscal year' }) rdLedgers: object[];
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'per subject, the last check (absent: never checked)' }) checks: object;
}

/** POST /api/v1/enterprises: the new profile and files that look like the same enterprise. */
export class EnterpriseCreatedDto extends EnterpriseDto {
  @ApiProperty({ ...RECORDS, description: 'existing files with a similar name (a hint, never a refusal)' }) possibleDuplicates: object[];
}

export const financialsDtoOf = (f: AnnualFinancials): FinancialsDto => mapFinancials(f);

/** The four provenance fields every stored fact carries (api.md "Facts and provenance"). */
export class ProvenanceDto {
  @ApiProperty({ type: String, nullable: true, enum: FACT_SOURCES, enumName: 'FactSource' }) source: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) sourceAsOf: string | null;
  @ApiProperty({ type: Number, nullable: true }) recordedBy: number | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) recordedAt: string | null;
}

export class IpAssetDto extends ProvenanceDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: IP_KINDS, enumName: 'IpKind' }) kind: string;
  @ApiProperty() number: string;
  @ApiProperty({ type: String, nullable: true }) title: string | null;
  @ApiProperty() status: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) grantedOn: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) expiresOn: string | null;
  @ApiProperty({ type: String, nullable: true }) acquisition: string | null;
  @ApiProperty({ type: Boolean, nullable: true }) usedInHighTechApplication: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) relatedToMainProducts: boolean | null;
  @ApiProperty() pledged: boolean;
  @ApiProperty({ type: [String] }) coOwners: string[];
  @ApiProperty() version: number;
}

export class QualificationDto extends ProvenanceDto {
  @ApiProperty() id: number;
  @ApiProperty() kind: string;
  @ApiProperty({ type: String, nullable: true }) level: string | null;
  @ApiProperty({ type: String, nullable: true }) rank: string | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) unitRank?: number | null;
  @ApiPropertyOptional({ type: Number, nullable: true }) drafterRank?: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'yuan' }) amount: number | null;
  @ApiProperty({ format: 'date', description: 'obtained on' }) on: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) validUntil: string | null;
  @ApiProperty({ type: String, nullable: true }) certificateNumber: string | null;
  @ApiProperty({ type: String, nullable: true }) ranking: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() version: number;
}

export class ContactDto {
  @ApiProperty() id: number;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, nullable: true }) role: string | null;
  @ApiProperty({ type: String, nullable: true }) phone: string | null;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty() version: number;
}

export class CreditFlagDto extends ProvenanceDto {
  @ApiProperty() id: number;
  @ApiProperty({ enum: FLAG_KINDS, enumName: 'CreditFlagKind' }) kind: string;
  @ApiProperty({ format: 'date', deprecated: true, description: 'the older name of listedOn' }) on: string;
  @ApiProperty({ format: 'date' }) listedOn: string;
  @ApiProperty({ type: String, nullable: true, format: 'date' }) removedOn: string | null;
  @ApiProperty({ type: String, nullable: true }) note: string | null;
  @ApiProperty() version: number;
}

export const ipAssetDtoOf = (a: IpAsset): IpAssetDto => mapIpAsset(a);
export const qualificationDtoOf = (q: Qualification): QualificationDto => mapQualification(q);
export const contactDtoOf = (c: Contact): ContactDto => mapContact(c);
export const creditFlagDtoOf = (f: CreditFlag): CreditFlagDto => mapCreditFlag(f);
