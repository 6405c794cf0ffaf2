import { describe, expect, it } from '@jest/globals';
import { Transform } from 'class-transformer';
import { IsOptional, IsString } from 'class-validator';
import { NotFoundError } from './errors.js';
import { createValidationPipe, ValidationFailedError } from './validation.js';

/** A body whose one field's conversion throws what `thrown()` gives (as class-transformer's own conversions can). */
function bodyThrowing(thrown: () => Error) {
  class Body {
    @IsOptional() @IsString() @Transform(() => { throw thrown(); }) field?: string;
  }
  return Body;
}

const pipe = createValidationPipe();
const run = (metatype: new () => object) => pipe.transform({ field: 'x' }, { type: 'body', metatype, data: undefined });

describe('the validation pipe: what a conversion throws', () => {
  it.each([
    ['a value with no primitive (Number({toString: 1}))', () => new TypeError('Cannot convert object to primitive value')],
    ['a value out of range', () => new RangeError('Invalid time value')],
  ])('%s is the input\'s fault: 400 with details', async (_name, thrown) => {
    await expect(run(bodyThrowing(thrown))).rejects.toBeInstanceOf(ValidationFailedError);
  });

  it.each([
    ['a write onto a sealed prototype (an attack the suites must see)', () => new TypeError('Cannot add property polluted, object is not extensible'), TypeError],
    ['a read-only property assigned', () => new TypeError("Cannot assign to read only property 'toString' of object '#<Object>'"), TypeError],
    ['an answer already chosen (404)', () => new NotFoundError('Project'), NotFoundError],
    ['a programming error that is not a conversion', () => new ReferenceError('x is not defined'), ReferenceError],
  ])('%s passes through unchanged', async (_name, thrown, type) => {
    const error = await run(bodyThrowing(thrown)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(type);
    expect(error).not.toBeInstanceOf(ValidationFailedError);
  });
});
