import { Transform } from 'class-transformer';
import { ValidateBy, type ValidationOptions } from 'class-validator';

/**
 * Array items are unique (by value, as a Set compares them). class-validator's `ArrayUnique`
 * compares every pair: a long array in a body took seconds even when `ArrayMaxSize` refused it,
 * since every validator of a property runs. This one takes one pass.
 */
export function UniqueItems(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'uniqueItems',
      validator: {
        validate: (value: unknown) => Array.isArray(value) && new Set(value).size === value.length,
        defaultMessage: () => '$property must not contain the same value twice',
      },
    },
    options,
  );
}

/**
 * A boolean of the query string (`?unread=true`): `true` and `false` become booleans; anything else
 * stays as sent, for `@IsBoolean()` to refuse (400).
 */
export function QueryBoolean(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  );
}
