import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * A module reads and writes only its own tables (issue #18.4); another module's data comes through
 * that module's exported service, a registry it fills (`WaitingNotices`, `WaitingWork`,
 * `CalendarEntries`) or a view it owns (`org_people`, `org_accounts`, `org_unit_names`,
 * `org_current_posts`, `association_memberships`, `association_names`: docs/module-contracts.md). A
 * table belongs to the module whose entity maps it (`@Entity('name')`); a table is used where SQL in
 * a source file names it after FROM, JOIN, UPDATE, INSERT INTO or DELETE FROM.
 */
const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const moduleOf = (file: string) => relative(SRC, file).split(sep)[0];

/** table -> the module whose entity maps it */
function owners(files: string[]): Map<string, string> {
  const owner = new Map<string, string>();
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(/@(?:Entity|ViewEntity)\(\s*(?:\{[^}]*name:\s*)?'([a-z_]+)'/g)) {
      owner.set(m[1], moduleOf(file));
    }
  }
  return owner;
}

/** `module -> table` for each table a module's SQL names that another module owns (files as [path, text]). */
function crossings(files: [string, string][], owner: Map<string, string>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const [file, source] of files) {
    const from = moduleOf(file);
    for (const m of source.matchAll(/\b(?:FROM|JOIN|UPDATE|INSERT INTO|DELETE FROM)\s+([a-z_]+)\b/g)) {
      const to = owner.get(m[1]);
      if (!to || to === from) continue;
      const key = `${from} -> ${m[1]}`;
      found.set(key, [...new Set([...(found.get(key) ?? []), relative(SRC, file)])]);
    }
  }
  return found;
}

/**
 * Files that import another module's entity as a value (to query or write its table through
 * TypeORM), as `module -> file`; importing its type only is no use of the table.
 */
function entityUses(files: [string, string][]): string[] {
  const found: string[] = [];
  for (const [file, source] of files) {
    const from = moduleOf(file);
    for (const m of source.matchAll(/^import (?!type )[^;]*from '\.\.\/([a-z-]+)\/entities\//gm)) {
      if (m[1] !== from) found.push(`${from} -> ${m[1]} (${relative(SRC, file)})`);
    }
  }
  return found;
}

/** The demo seed writes every module's tables: it stands in for the staff who would enter the data. */
const SEEDS = 'seed';

describe("the tables of src/'s modules", () => {
  const files = sourceFiles(SRC);
  const owner = owners(files);

  it('are used by their own module only', () => {
    const found = crossings(
      files.map((file) => [file, readFileSync(file, 'utf8')]),
      owner,
    );
    expect([...found].map(([key, where]) => `${key} (${where.join(', ')})`)).toEqual([]);
  });

  it('are queried through TypeORM by their own module only (the demo seed aside)', () => {
    const sources = files
      .filter((file) => moduleOf(file) !== SEEDS && !file.endsWith(`${sep}entities.ts`))
      .map((file): [string, string] => [file, readFileSync(file, 'utf8')]);
    expect(entityUses(sources)).toEqual([]);
    // The check itself: a value import of another module's entity, and a type import.
    const probe = (line: string): [string, string] => [join(SRC, 'auth', 'probe.ts'), line];
    expect(entityUses([probe("import { User } from '../org/entities/user.entity.js';")])).toEqual([
      `auth -> org (${join('auth', 'probe.ts')})`,
    ]);
    expect(entityUses([probe("import type { User } from '../org/entities/user.entity.js';")])).toEqual([]);
  });

  it('sees the tables and the SQL it should (the check itself works)', () => {
    expect(owner.get('approval_tasks')).toBe('approvals');
    expect(owner.get('notifications')).toBe('notifications');
    expect(owner.get('users')).toBe('org');
    // A new read of another module's table, and a module's own.
    const probe: [string, string] = [
      join(SRC, 'notifications', 'probe.ts'),
      'SELECT n.id FROM notifications n JOIN approval_tasks t ON t.id = n.task_id',
    ];
    expect([...crossings([probe], owner).keys()]).toEqual(['notifications -> approval_tasks']);
  });
});
