import { crockfordKey, inGroups } from '../../components/crockford';

/** A verification code's length (src/approvals/domain/verification-code.ts: 80 bits). */
export const CODE_LENGTH = 16;

/** How many letters and digits were typed as a code (its dashes and spaces left out). */
export function typedLength(typed: string): number {
  return crockfordKey(typed).length;
}

/**
 * A verification code as the signed copy prints it, in groups of four (`7K3M-Q9XD-…`), however it
 * was typed or linked; anything that cannot be a code stays as typed.
 */
export function readableCode(typed: string): string {
  const key = crockfordKey(typed);
  return key.length === CODE_LENGTH ? inGroups(key, 4) : typed;
}
