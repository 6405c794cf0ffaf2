import { describe, expect, it, jest } from '@jest/globals';
import { IsInt, IsOptional, IsString, Max, MetadataStorage, getMetadataStorage, validateSync } from 'class-validator';
import { memoizeValidationMetadata } from './validation-metadata-cache.js';

memoizeValidationMetadata();

class Parent {
  @IsString()
  name!: unknown;
}

class Child extends Parent {
  @IsInt()
  @Max(10)
  count!: unknown;

  @IsOptional()
  @IsString({ groups: ['strict'] })
  note?: unknown;
}

const failed = (o: object, groups?: string[]) => validateSync(o, groups ? { groups } : {}).map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).sort().join('+')}`).sort();
const child = (fields: Record<string, unknown>) => Object.assign(new Child(), fields);

describe('validation metadata, looked up once per class', () => {
  it.each([
    ['a valid child', { name: 'a', count: 3 }, undefined, []],
    ["the parent's rule on a child", { name: 1, count: 3 }, undefined, ['name:isString']],
    ["the child's own rules", { name: 'a', count: 11 }, undefined, ['count:max']],
    ['both', { name: 1, count: 'x' }, undefined, ['count:isInt+max', 'name:isString']],
    ['a group picks its rules only', { name: 1, count: 'x', note: 5 }, ['strict'], ['note:isString']],
    ['without groups, a grouped rule applies too (class-validator without strictGroups)', { name: 'a', count: 1, note: 5 }, undefined, ['note:isString']],
  ])('%s', (_name, fields, groups, expected) => {
    // Twice: the second answer comes from the memo.
    expect(failed(child(fields), groups)).toEqual(expected);
    expect(failed(child(fields), groups)).toEqual(expected);
  });

  it('answers as class-validator does itself, for every option set', () => {
    const storage = getMetadataStorage();
    const own = MetadataStorage.prototype.getTargetValidationMetadatas;
    for (const [always, strict, groups] of [[false, false, undefined], [true, false, undefined], [false, true, undefined], [false, false, ['strict']]] as const) {
      expect(storage.getTargetValidationMetadatas(Child, '', always, strict, groups as string[] | undefined))
        .toEqual(own.call(storage, Child, '', always, strict, groups as string[] | undefined));
    }
  });

  it('a class declared after the first validation is checked by its own rules', () => {
    expect(failed(child({ name: 'a', count: 1 }))).toEqual([]);
    class Later {
      @IsInt()
      n!: unknown;
    }
    expect(failed(Object.assign(new Later(), { n: 'x' }))).toEqual(['n:isInt']);
  });

  it('a rule added to a class already validated applies at once', () => {
    class Growing {
      @IsOptional()
      @IsInt()
      a?: unknown;
    }
    expect(failed(Object.assign(new Growing(), { a: 1 }))).toEqual([]);
    Max(0)(Growing.prototype, 'a');
    expect(failed(Object.assign(new Growing(), { a: 1 }))).toEqual(['a:max']);
  });

  it('the walk over every class runs once per class and option set', () => {
    const storage = new MetadataStorage();
    const walk = jest.spyOn(MetadataStorage.prototype, 'getTargetValidationMetadatas');
    try {
      memoizeValidationMetadata(storage);
      const first = storage.getTargetValidationMetadatas(Child, '', false, false);
      expect(storage.getTargetValidationMetadatas(Child, '', false, false)).toBe(first);
      expect(walk).toHaveBeenCalledTimes(1);
      storage.getTargetValidationMetadatas(Child, '', false, false, ['strict']);
      expect(walk).toHaveBeenCalledTimes(2);
      expect(storage.groupByPropertyName(first)).toBe(storage.groupByPropertyName(first));
    } finally {
      walk.mockRestore();
    }
  });
});
