/**
 * Codes in Crockford base32 as people type and read them: case, spaces and dashes do not matter,
 * and the letters Crockford reads as digits (I and L as 1, O as 0) count as those digits, so a code
 * copied by hand or read aloud is still found (the server reads them the same way).
 */
export function crockfordKey(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}

/** The key in groups of `size` joined by dashes, as it is printed (`ABCD-EFGH-…`). */
export function inGroups(key: string, size: number): string {
  return key.replace(new RegExp(`(.{${size}})(?=.)`, 'g'), '$1-');
}
