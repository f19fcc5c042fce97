/**
 * Checks of the secrets a production process starts with (#14.7). Length alone let the compose
 * file's `change-me-change-me-...` through; these refuse known placeholders and values with too
 * little entropy, whatever their length.
 */

/** Values shipped in this repository (docker-compose.yml, .env.example, scripts/demo.sh, the tests). */
const KNOWN_VALUES = new Set(
  [
    'change-me-change-me-change-me-change-me-0123',
    'change-me-admin-password',
    'test-secret-test-secret-test-secret-0123',
    'admin-password-1',
    'Admin@2026',
    'Demo@2026',
    'postgres',
    'password',
    'admin',
    'secret',
    'root',
    'redis',
  ].map((v) => v.toLowerCase()),
);

/** Parts of a value that mark it as a placeholder someone forgot to replace. */
const PLACEHOLDER_PARTS = [
  'changeme',
  'change-me',
  'change_me',
  'placeholder',
  'example',
  'replace-me',
  'xxxxxx',
];

/**
 * An estimate of a value's entropy in bits: the Shannon entropy of its characters times the number
 * of distinct three-character runs (plus two). A repeated pattern (`abab...`, `0123456789` over
 * and over) has few distinct runs, so repetition does not count as entropy; a random string of n
 * characters has about n distinct runs.
 */
export function estimatedEntropyBits(value: string): number {
  const chars = Array.from(value);
  if (chars.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const c of chars) counts.set(c, (counts.get(c) ?? 0) + 1);
  let perChar = 0;
  for (const n of counts.values()) {
    const p = n / chars.length;
    perChar -= p * Math.log2(p);
  }
  const runs = new Set<string>();
  for (let i = 0; i + 3 <= chars.length; i++) runs.add(chars.slice(i, i + 3).join(''));
  const effectiveLength = chars.length < 3 ? chars.length : runs.size + 2;
  return perChar * effectiveLength;
}

/** Why a secret is not good enough for production, or undefined when it is. */
export function weakSecretReason(value: string, minBits: number): string | undefined {
  const lower = value.toLowerCase();
  if (KNOWN_VALUES.has(lower)) return 'is a known default or placeholder value';
  const part = PLACEHOLDER_PARTS.find((p) => lower.includes(p));
  if (part) return `looks like a placeholder (contains "${part}")`;
  const bits = estimatedEntropyBits(value);
  if (bits < minBits) {
    return `is too easy to guess (about ${Math.floor(bits)} bits of entropy estimated, ${minBits} needed)`;
  }
  return undefined;
}

/** The password inside a connection URL (`scheme://user:password@host`), if any. */
export function passwordOfUrl(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
