import { crockfordKey } from '../../components/crockford';

/**
 * A ballot receipt as typed, in the form it is published: Crockford base32 in groups of five
 * (src/elections/receipt.ts), read as components/crockford.ts reads codes.
 */
export const receiptKey = crockfordKey;
