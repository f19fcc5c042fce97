import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Every page component's source, by path. */
function sources(dir: string): [string, string][] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return e.name.endsWith('.tsx') ? [[path, readFileSync(path, 'utf8')] as [string, string]] : [];
  });
}

describe('labels followed by a value', () => {
  it('take their colon from the translations (៖ in Khmer), never an ASCII colon written after them', () => {
    // `{t('approved.code')}: <code>` read "លេខកូដផ្ទៀងផ្ទាត់: ..." on a Khmer page.
    const written = sources(join(__dirname, '..', 'features')).flatMap(([path, text]) =>
      text
        .split('\n')
        .filter((line) => /\{t\([^)]*\)\}:\s/.test(line))
        .map((line) => `${path}: ${line.trim()}`),
    );
    expect(written).toEqual([]);
  });
});
