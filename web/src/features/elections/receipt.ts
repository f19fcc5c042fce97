/**
 * A ballot receipt as typed, in the form it is published: Crockford base32 in groups of five
 * (src/elections/receipt.ts). Case, spaces and dashes do not matter, and the letters Crockford
 * reads as digits (I and L as 1, O as 0) count as those digits, so a receipt copied by hand or
 * read aloud is still found.
 */
export function receiptKey(typed: string): string {
  return typed.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
}
