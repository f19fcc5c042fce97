import { FirstAdminService } from '../../src/org/first-admin.service.js';
import { OrgService } from '../../src/org/org.service.js';
import { createUser, login } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';

describe('OrgService (on the database)', () => {
  let t: TestApp;
  let org: OrgService;
  beforeAll(async () => {
    t = await createTestApp();
    org = t.service(OrgService);
  });
  afterAll(async () => {
    await t.close();
  });

  const insertUnit = async (code: string, parentId: string | null = null): Promise<string> => {
    const [row] = await t.dataSource.query(
      'INSERT INTO org_units (code, name, parent_id) VALUES ($1, $2, $3) RETURNING id',
      [code, `Unit ${code}`, parentId],
    );
    return row.id as string;
  };
  const insertPost = (unitId: string, userId: string, kind: string, from: string | null, to: string | null) =>
    t.dataSource.query(
      'INSERT INTO org_posts (org_unit_id, user_id, kind, title, valid_from, valid_to) VALUES ($1, $2, $3, $4, $5, $6)',
      [unitId, userId, kind, kind, from, to],
    );

  it('currentHolders: who holds a post on a date (both ends inclusive, open ends, disabled users left out)', async () => {
    const unitId = await insertUnit('HOLD');
    const { user: old } = await createUser(t, { username: 'holder-old' });
    const { user: now } = await createUser(t, { username: 'holder-now' });
    const { user: forever } = await createUser(t, { username: 'holder-deputy' });
    const { user: gone } = await createUser(t, { username: 'holder-disabled', status: 'disabled' });
    await insertPost(unitId, old.id, 'head', '2020-01-01', '2025-12-31');
    await insertPost(unitId, now.id, 'head', '2026-01-01', null);
    await insertPost(unitId, forever.id, 'deputy', null, null);
    await insertPost(unitId, gone.id, 'deputy', null, null);

    const heads = async (at: string) =>
      (await org.currentHolders(t.dataSource.manager, unitId, 'head', new Date(at))).map((u) => u.username);
    expect(await heads('2019-12-31T12:00:00Z')).toEqual([]);
    expect(await heads('2020-01-01T00:00:00Z')).toEqual(['holder-old']);
    expect(await heads('2025-12-31T23:59:59Z')).toEqual(['holder-old']);
    expect(await heads('2026-01-01T00:00:00Z')).toEqual(['holder-now']);
    expect(await heads('2099-01-01T00:00:00Z')).toEqual(['holder-now']);

    const deputies = await org.currentHolders(undefined, unitId, 'deputy');
    expect(deputies.map((u) => u.username)).toEqual(['holder-deputy']);
    expect(await org.currentHolders(t.dataSource.manager, unitId, 'member')).toEqual([]);
    expect((deputies[0] as unknown as Record<string, unknown>).passwordHash).toBeUndefined();
  });

  it('currentHolders reads inside the caller transaction', async () => {
    const unitId = await insertUnit('TXN');
    const { user } = await createUser(t);
    await t.dataSource.transaction(async (em) => {
      await em.query(
        `INSERT INTO org_posts (org_unit_id, user_id, kind, title) VALUES ($1, $2, 'head', 'Head')`,
        [unitId, user.id],
      );
      expect((await org.currentHolders(em, unitId, 'head')).map((u) => u.id)).toEqual([user.id]);
      expect(await org.currentHolders(undefined, unitId, 'head')).toEqual([]);
    });
  });

  it('units and users by id, parents, ancestors, the unit of a user', async () => {
    const root = await insertUnit('ROOT');
    const mid = await insertUnit('MID', root);
    const leaf = await insertUnit('LEAF', mid);
    const { user } = await createUser(t, { orgUnitId: leaf });
    const { user: loose } = await createUser(t);

    expect((await org.getUnit(leaf))?.code).toBe('LEAF');
    expect(await org.getUnit('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await org.parentUnitId(leaf)).toBe(mid);
    expect(await org.parentUnitId(root)).toBeNull();
    expect(await org.ancestorUnitIds(leaf)).toEqual([mid, root]);
    expect(await org.unitOfUser(user.id)).toBe(leaf);
    expect(await org.unitOfUser(loose.id)).toBeNull();

    expect((await org.findUserById(user.id))?.username).toBe(user.username);
    const many = await org.findUsersByIds([
      user.id,
      loose.id,
      user.id,
      '00000000-0000-4000-8000-000000000000',
    ]);
    expect(many.map((u) => u.id).sort()).toEqual([user.id, loose.id].sort());
    expect(await org.findUsersByIds([])).toEqual([]);
  });
});

describe('first admin from configuration', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ ADMIN_USERNAME: 'Chief.Admin', ADMIN_PASSWORD: 'chief-password-1' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('is created at start (lower-cased, role admin) and processes starting together create it once', async () => {
    const rows = await t.dataSource.query(`SELECT username, roles FROM users WHERE username = 'chief.admin'`);
    expect(rows).toEqual([{ username: 'chief.admin', roles: ['admin'] }]);

    await t.dataSource.query(`DELETE FROM users WHERE username = 'chief.admin'`);
    const starter = t.service<FirstAdminService>(FirstAdminService);
    await Promise.all([1, 2, 3, 4].map(() => starter.onApplicationBootstrap()));
    const again = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM users WHERE username = 'chief.admin'`,
    );
    expect(again[0].n).toBe(1);
    expect((await login(t, 'chief.admin', 'chief-password-1')).user.roles).toEqual(['admin']);
  });

  it('leaves an existing user of that name alone', async () => {
    await t.dataSource.query(
      `UPDATE users SET full_name = 'Renamed', roles = '{}' WHERE username = 'chief.admin'`,
    );
    await t.service<FirstAdminService>(FirstAdminService).onApplicationBootstrap();
    const rows = await t.dataSource.query(
      `SELECT full_name, roles FROM users WHERE username = 'chief.admin'`,
    );
    expect(rows).toEqual([{ full_name: 'Renamed', roles: [] }]);
  });
});
