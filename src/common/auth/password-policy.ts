import { MIN_PASSWORD_LENGTH } from './password.js';

/** Why a new password is refused (400 PASSWORD_TOO_WEAK, `details.reason`). */
export type WeakPasswordReason = 'too_short' | 'common' | 'has_username' | 'repetitive';

/**
 * Passwords guessed first, lower-case: the most common ones of the public breach lists, keyboard
 * runs, and words anyone would try on this system (its country, its ministry, its demo). A
 * password is refused when it is one of them, or one of them with only digits and signs added
 * ("Password2026!").
 */
const COMMON = new Set([
  '00000000',
  '11111111',
  '12121212',
  '11223344',
  '12341234',
  '12344321',
  '123123123',
  '12345678',
  '123456789',
  '1234567890',
  '0123456789',
  '87654321',
  '98765432',
  '1q2w3e4r',
  '1qaz2wsx',
  'zaq12wsx',
  '123qweasd',
  'qwerty',
  'qwertyui',
  'qwertyuiop',
  'asdfghjk',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsx',
  'abcdefgh',
  'abcd1234',
  'abc12345',
  'aaaaaaaa',
  'password',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'pass',
  'passwort',
  'motdepasse',
  'iloveyou',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'superman',
  'batman',
  'monkey',
  'dragon',
  'shadow',
  'master',
  'letmein',
  'welcome',
  'trustno1',
  'whatever',
  'starwars',
  'computer',
  'internet',
  'secret',
  'changeme',
  'default',
  'admin',
  'administrator',
  'root',
  'login',
  'user',
  'guest',
  'test',
  'testing',
  'hello',
  'freedom',
  'michael',
  'jennifer',
  'charlie',
  'samsung',
  'google',
  'facebook',
  'telegram',
  'cambodia',
  'kampuchea',
  'khmer',
  'phnompenh',
  'angkor',
  'angkorwat',
  'ministry',
  'mptc',
  'government',
  'association',
  'demo',
  'demo@2026',
  'admin@2026',
]);

/**
 * What is wrong with `password` as a new password of `username`, or null: at least
 * MIN_PASSWORD_LENGTH characters, not a common password (or one with digits and signs added), not
 * holding the username, and at least four different characters.
 */
export function weakPasswordReason(password: string, username: string): WeakPasswordReason | null {
  if ([...password].length < MIN_PASSWORD_LENGTH) return 'too_short';
  const lower = password.toLowerCase();
  const word = lower.replace(/^[\d\W_]+|[\d\W_]+$/gu, '');
  if (COMMON.has(lower) || (word !== '' && COMMON.has(word))) return 'common';
  const name = username.toLowerCase();
  const nameParts = [name, ...name.split(/[._-]/)].filter((p) => p.length >= 3);
  if (nameParts.some((p) => lower.includes(p))) return 'has_username';
  if (new Set(lower).size < 4) return 'repetitive';
  return null;
}
