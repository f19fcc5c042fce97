import { randomInt } from 'node:crypto';

/** A new array with `items` in a random order (Fisher-Yates with the CSPRNG: nobody can predict or bias it). */
export function secureShuffle<T>(items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}
