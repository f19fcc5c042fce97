import 'reflect-metadata';
import { IsInt, IsString, MaxLength, getMetadataStorage, validateSync } from 'class-validator';
import { createValidationPipe } from './validation.js';
import { cacheValidationMetadata } from './validation-metadata-cache.js';

class Person {
  @IsString()
  @MaxLength(5)
  name!: string;
}

class Member extends Person {
  @IsInt()
  age!: number;
}

const make = <T extends object>(cls: new () => T, values: Record<string, unknown>): T =>
  Object.assign(new cls(), values);
const failing = (o: object) =>
  validateSync(o, { whitelist: true, forbidNonWhitelisted: true })
    .map((e) => `${e.property}:${Object.keys(e.constraints ?? {}).join('+')}`)
    .sort();

describe('cacheValidationMetadata', () => {
  beforeAll(() => cacheValidationMetadata());

  it('finds the same rules as before, inherited ones included', () => {
    expect(failing(make(Member, { name: 'toolong', age: 'x' }))).toEqual(['age:isInt', 'name:maxLength']);
    expect(failing(make(Member, { name: 'សុខា', age: 40 }))).toEqual([]);
    expect(failing(make(Person, { name: 'ok', age: 40 }))).toEqual(['age:whitelistValidation']);
  });

  it('answers a second lookup from the cache, with an array no caller can change', () => {
    const storage = getMetadataStorage();
    const first = storage.getTargetValidationMetadatas(Member, '', false, false);
    expect(storage.getTargetValidationMetadatas(Member, '', false, false)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(() => first.push(first[0])).toThrow(TypeError);
    // Other options are another entry.
    expect(storage.getTargetValidationMetadatas(Member, '', true, false)).not.toBe(first);
  });

  it('forgets what it knew when a rule is added', () => {
    class Late {
      @IsString()
      code!: string;
    }
    expect(failing(make(Late, { code: 'abcdef' }))).toEqual([]);
    MaxLength(3)(Late.prototype, 'code');
    expect(failing(make(Late, { code: 'abcdef' }))).toEqual(['code:maxLength']);
  });

  it('is installed once however many pipes are made', () => {
    const lookup = Reflect.get(getMetadataStorage(), 'getTargetValidationMetadatas') as unknown;
    createValidationPipe();
    cacheValidationMetadata();
    expect(Reflect.get(getMetadataStorage(), 'getTargetValidationMetadatas')).toBe(lookup);
  });
});
