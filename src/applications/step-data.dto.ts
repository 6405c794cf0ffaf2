import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, MinLength } from 'class-validator';
import { IsCalendarDate } from '../common/validators.js';
import { IsYuan } from './safe-validators.js';
import { lookupTable } from '../common/own-key.js';

/**
 * What a step records, per action (the `data` of a transition). Each class validates the data;
 * STEP_FIELDS describes the same fields for the HTML action forms.
 */

export class ValuationStepDto {
  @IsString() @MinLength(1) @MaxLength(128) agency: string;
  @IsYuan() @Min(0.01) @Max(1e11) appraisedValue: number;
  @IsOptional() @IsYuan() @Min(0) @Max(1e9) appraisalFee?: number;
  @IsCalendarDate() valuedOn: string;
}

export class LoanTermsStepDto {
  @IsString() @MinLength(1) @MaxLength(128) bank: string;
  @IsYuan() @Min(1) @Max(1e11) amount: number;
  /** Annual interest rate in percent (4.35 = 4.35%), at most two decimals of a percent. */
  @IsYuan({ message: 'annualRatePercent must be a percentage with at most two decimals' }) @Min(0.01) @Max(36) annualRatePercent: number;
  @IsInt() @Min(1) @Max(120) termMonths: number;
  @IsCalendarDate() startOn: string;
}

export const ENHANCEMENT_KINDS = ['guarantee', 'insurance', 'risk-fund'] as const;
export class EnhancementStepDto {
  @IsIn(ENHANCEMENT_KINDS) kind: string;
  @IsString() @MinLength(1) @MaxLength(128) provider: string;
}

export class ContractsStepDto {
  @IsString() @MinLength(1) @MaxLength(64) contractNumber: string;
  @IsCalendarDate() signedOn: string;
}

export class RegistrationStepDto {
  @IsString() @MinLength(1) @MaxLength(64) registrationNumber: string;
  @IsCalendarDate() registeredOn: string;
}

export class DisbursementStepDto {
  @IsCalendarDate() disbursedOn: string;
  /** Defaults to the approved amount; never more. */
  @IsOptional() @IsYuan() @Min(1) @Max(1e11) amount?: number;
}

export class CancellationStepDto {
  @IsCalendarDate() cancelledOn: string;
}

export class DefaultStepDto {
  @IsCalendarDate() defaultOn: string;
}

export class CompensationStepDto {
  @IsOptional() @IsCalendarDate() compensatedOn?: string;
}

export class DisposalStepDto {
  @IsCalendarDate() disposedOn: string;
  @IsOptional() @IsYuan() @Min(0) @Max(1e11) proceeds?: number;
}

export class CertificateStepDto {
  @IsString() @MinLength(1) @MaxLength(64) certificateNumber: string;
  @IsCalendarDate() issuedOn: string;
}

export const STEP_CLASSES: Readonly<Record<string, new () => object>> = lookupTable<Readonly<Record<string, new () => object>>>({
  'record-valuation': ValuationStepDto,
  'approve-loan': LoanTermsStepDto,
  'arrange-enhancement': EnhancementStepDto,
  'sign-contracts': ContractsStepDto,
  'register-pledge': RegistrationStepDto,
  disburse: DisbursementStepDto,
  'cancel-pledge': CancellationStepDto,
  'declare-default': DefaultStepDto,
  compensate: CompensationStepDto,
  dispose: DisposalStepDto,
  'issue-certificate': CertificateStepDto,
});

export interface StepField {
  name: string;
  input: 'text' | 'money' | 'date' | 'int' | 'percent' | 'select';
  required: boolean;
  options?: readonly string[];
}

const f = (name: string, input: StepField['input'], required = true, options?: readonly string[]): StepField => ({ name, input, required, ...(options ? { options } : {}) });

/** The fields of each step, in form order (labels: `step.<name>`). */
export const STEP_FIELDS: Readonly<Record<string, readonly StepField[]>> = lookupTable<Readonly<Record<string, readonly StepField[]>>>({
  'record-valuation': [f('agency', 'text'), f('appraisedValue', 'money'), f('appraisalFee', 'money', false), f('valuedOn', 'date')],
  'approve-loan': [f('bank', 'text'), f('amount', 'money'), f('annualRatePercent', 'percent'), f('termMonths', 'int'), f('startOn', 'date')],
  'arrange-enhancement': [f('kind', 'select', true, ENHANCEMENT_KINDS), f('provider', 'text')],
  'sign-contracts': [f('contractNumber', 'text'), f('signedOn', 'date')],
  'register-pledge': [f('registrationNumber', 'text'), f('registeredOn', 'date')],
  disburse: [f('disbursedOn', 'date'), f('amount', 'money', false)],
  'cancel-pledge': [f('cancelledOn', 'date')],
  'declare-default': [f('defaultOn', 'date')],
  compensate: [f('compensatedOn', 'date', false)],
  dispose: [f('disposedOn', 'date'), f('proceeds', 'money', false)],
  'issue-certificate': [f('certificateNumber', 'text'), f('issuedOn', 'date')],
});

/** HTML forms post strings: numbers become numbers; empty fields are left out. */
export function stepDataFromForm(action: string, body: Record<string, unknown>): Record<string, unknown> | undefined {
  const fields = STEP_FIELDS[action];
  if (!fields) return undefined;
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const raw = body[`data.${field.name}`] ?? body[field.name];
    if (raw === undefined || raw === '') continue;
    const text = String(raw).trim();
    out[field.name] = field.input === 'money' || field.input === 'percent' || field.input === 'int' ? (/^-?[\d,]*\.?\d+$/.test(text) ? Number(text.replace(/,/g, '')) : text) : text;
  }
  return out;
}
