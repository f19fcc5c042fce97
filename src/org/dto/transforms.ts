import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

/** Trims and NFC-normalises text, so Khmer typed in different code point orders compares equal. */
export const normalizeText = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.normalize('NFC').trim() : value;

export const toLowerTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toLowerCase() : value;

export const toUpperTrim = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? value.trim().toUpperCase() : value;

/** Optional, but when given it may not be null (unlike `@IsOptional()`, which lets null through). */
export const OptionalNotNull = () => ValidateIf((_o: unknown, v: unknown) => v !== undefined);

/** A calendar date `YYYY-MM-DD`. */
export const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A directory's `?search=`: a substring of what `description` says, NFC-normalised and trimmed;
 * empty or blanks mean no filter.
 */
export function SearchQuery(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description, example: 'ស៊ាន' }),
    IsOptional(),
    Transform((p) => normalizeText(p) || undefined),
    IsString(),
    MaxLength(100),
  );
}
