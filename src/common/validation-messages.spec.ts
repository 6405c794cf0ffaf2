import { describe, expect, it } from '@jest/globals';
import 'reflect-metadata';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsEmail, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validate } from 'class-validator';
import { registerDecorator } from 'class-validator';
import { IsCalendarDate, IsEmailAddress, IsUscc, IsYuan } from './validators.js';
import { fieldProblems, problemMessage } from './validation-messages.js';

/** A validator from elsewhere (e.g. a date-range one) that brings its own catalogue key via `context`. */
function IsPastLike() {
  return (object: object, propertyName: string) =>
    registerDecorator({ name: 'isPastLike', target: object.constructor, propertyName, options: { context: { messageKey: 'constraint.future' } }, validator: { validate: () => false } });
}

class Sample {
  @IsString() @IsNotEmpty() name!: string;
  @IsOptional() @IsInt() @Min(0) @Max(10_000_000_000_000) capital?: number;
  @IsOptional() @IsString() @MaxLength(5) @MinLength(2) address?: string;
  @IsOptional() @IsCalendarDate() establishedOn?: string;
  @IsOptional() @IsIn(['a', 'b']) tier?: string;
  @IsOptional() @IsArray() @ArrayMinSize(1) @ArrayMaxSize(2) tags?: string[];
  @IsOptional() @IsNumber() ratio?: number;
  @IsOptional() @IsEmail() email?: string;
  @IsOptional() @IsEmailAddress() email2?: string;
  @IsOptional() @Matches(/^C\d{4}$/) industryCode?: string;
  @IsOptional() @IsUscc() uscc?: string;
  @IsOptional() @IsYuan() amount?: number;
  @IsOptional() @IsPastLike() on?: string;
}

const VALID = { name: 'x' };
async function problem(input: Record<string, unknown>) {
  const s = Object.assign(new Sample(), VALID, input);
  const [p] = fieldProblems(await validate(s, { validationError: { target: true, value: true } }));
  return p!;
}

describe('constraint → catalogue message (by constraint name and decorator arguments)', () => {
  it.each([
    // input, field, key, params
    [{ name: '' }, 'name', 'constraint.required', {}],
    [{ name: undefined }, 'name', 'constraint.required', {}],
    [{ capital: -1 }, 'capital', 'constraint.min', { min: 0 }],
    [{ capital: 1e14 }, 'capital', 'constraint.max', { max: 10_000_000_000_000 }],
    [{ capital: 1.5 }, 'capital', 'constraint.integer', {}],
    [{ address: 'x'.repeat(6) }, 'address', 'constraint.maxLength', { max: 5 }],
    [{ address: 'x' }, 'address', 'constraint.minLength', { min: 2 }],
    [{ establishedOn: '2025-02-30' }, 'establishedOn', 'constraint.date', {}],
    [{ tier: 'z' }, 'tier', 'constraint.choice', {}],
    [{ tags: ['a', 'b', 'c'] }, 'tags', 'constraint.arrayMaxSize', { max: 2 }],
    [{ ratio: 'abc' }, 'ratio', 'constraint.number', {}],
    [{ email: 'nope' }, 'email', 'constraint.email', {}],
    [{ email2: 'nope' }, 'email2', 'constraint.email', {}],
    [{ industryCode: 'X1' }, 'industryCode', 'constraint.format', {}],
    [{ uscc: '123' }, 'uscc', 'constraint.uscc', {}],
    [{ amount: 1.234 }, 'amount', 'constraint.yuan', {}],
    [{ on: '2099-01-01' }, 'on', 'constraint.future', {}],
  ])('%j → %s %s', async (input, field, key, params) => {
    expect(await problem(input)).toEqual({ field, key, params });
  });

  it('an empty list gets "required", not "at least 1 elements"', async () => {
    expect(await problem({ tags: [] })).toMatchObject({ field: 'tags', key: 'constraint.required' });
  });
});

describe('problem → sentence naming the field by its label', () => {
  it.each([
    ['zh-CN', { field: 'registeredCapital', key: 'constraint.max', params: { max: 10_000_000_000_000 } }, /^“注册资本.*”不能大于 10,000,000,000,000。$/],
    ['en', { field: 'registeredCapital', key: 'constraint.max', params: { max: 10_000_000_000_000 } }, /^"Registered capital.*" must be at most 10,000,000,000,000\.$/],
    ['zh-CN', { field: 'form.mainProducts', key: 'constraint.required', params: {} }, /^请填写“主要产品（服务）及核心技术”。$/],
    ['en', { field: 'form.mainProducts', key: 'constraint.required', params: {} }, /^Please fill in "Main products/],
    ['zh-CN', { field: 'name', key: 'constraint.noSuchKey', params: {} }, /^“.+”填写不正确。$/],
    ['zh-CN', { field: 'financials[0].year', key: 'constraint.integer', params: {} }, /^“.+”须为整数。$/],
  ] as const)('%s %j', (locale, p, pattern) => {
    expect(problemMessage(locale, { ...p, params: { ...p.params } }, { registeredCapital: 'figure.registeredCapital' })).toMatch(pattern);
  });
});
