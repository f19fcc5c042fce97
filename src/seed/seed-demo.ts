import 'reflect-metadata';
import type { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../common/auth/password.js';
import { loadConfig } from '../config/app-config.js';
import { createDataSource } from '../database/data-source.js';
import { entities } from '../entities.js';
import { runtimeRoleOf } from '../database/runtime-grants.js';
import { runMigrations } from '../database/migrate.js';
import { seedApprovalsDemo } from '../approvals/demo-seed.js';
import { AssociationMember, type MemberRole } from '../associations/entities/association-member.entity.js';
import { Association } from '../associations/entities/association.entity.js';
import { Term } from '../associations/entities/term.entity.js';
import { OrgPost } from '../org/entities/org-post.entity.js';
import { seedElectionDemo } from '../elections/demo-seed.js';
import { seedMeetingsDemo } from '../meetings/demo-seed.js';
import { DEMO_WORKING_GROUPS, seedWorkingGroupsDemo } from '../working-groups/demo-seed.js';
import { OrgUnit } from '../org/entities/org-unit.entity.js';
import { User } from '../org/entities/user.entity.js';
import { DEMO_KEY_STAFF, DEMO_PASSWORD, DEMO_UNITS, demoStaff, type DemoStaff } from './demo-data.js';

export interface SeedResult {
  seeded: boolean;
  users: Map<string, string>;
  units: Map<string, string>;
}

/**
 * Loads the demo ministry into an empty database: units, staff with posts, and (when their
 * modules are present) an association, a working group with sub-groups and workflow templates.
 * Runs once: a database that already has the ministry's root unit is left as it is.
 */
export async function seedDemo(ds: DataSource): Promise<SeedResult> {
  return ds.transaction(async (em) => {
    const existing = await em.findOneBy(OrgUnit, { code: 'MPTC' });
    if (existing) return { seeded: false, users: await userIds(em), units: await unitIds(em) };

    const units = new Map<string, string>();
    for (const u of DEMO_UNITS) {
      const saved = await em.save(OrgUnit, {
        code: u.code,
        name: u.name,
        nameKm: u.nameKm,
        parentId: u.parent ? (units.get(u.parent) ?? null) : null,
      });
      units.set(u.code, saved.id);
    }

    const users = new Map<string, string>();
    const staff: DemoStaff[] = [...DEMO_KEY_STAFF, ...demoStaff(40)];
    // Each user's own hash (own salt), with the parameters every login is checked with; argon2 runs
    // on libuv's thread pool, so hashing them all at once uses every core.
    const hashes = await Promise.all(staff.map(() => hashPassword(DEMO_PASSWORD)));
    for (const [i, s] of staff.entries()) {
      const saved = await em.save(User, {
        username: s.username,
        passwordHash: hashes[i],
        fullName: s.fullName,
        fullNameKm: s.fullNameKm,
        email: `${s.username}@mptc.example.gov.kh`,
        locale: s.locale ?? 'km',
        status: s.status ?? 'active',
        roles: s.roles ?? [],
        orgUnitId: units.get(s.unit) ?? null,
      });
      users.set(s.username, saved.id);
      if (s.post) {
        await em.save(OrgPost, {
          orgUnitId: units.get(s.unit)!,
          userId: saved.id,
          kind: s.post.kind,
          title: s.post.title,
          titleKm: s.post.titleKm,
          validFrom: '2024-01-01',
          validTo: null,
        });
      }
    }
    await seedAssociationDemo(em, users, staff);
    await seedApprovalsDemo(em, users, units);
    const groupId = await seedWorkingGroupsDemo(em, users, units);
    const root = DEMO_WORKING_GROUPS.root;
    await seedMeetingsDemo(em, users, groupId, {
      chair: root.chair,
      viceChair: root.viceChair,
      secretary: root.secretary,
      members: root.members,
    });
    return { seeded: true, users, units };
  });
}

/**
 * The workers' association of active and retired officials: every demo official is a member
 * (retired ones as retired), head.adm administers it, dir.dap sits on the election committee,
 * its 7th term has 11 board seats, and the board election for them has 20 candidates
 * (official01…official20) with nominations open.
 */
async function seedAssociationDemo(
  em: EntityManager,
  users: Map<string, string>,
  staff: DemoStaff[],
): Promise<void> {
  const association = await em.save(Association, {
    name: "MPTC Officials' Association",
    nameKm: 'សមាគមមន្ត្រីរាជការក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍',
    foundedOn: '2008-03-15',
    description: 'សមាគមនៃមន្ត្រីសកម្ម និងមន្ត្រីចូលនិវត្តន៍ — active and retired officials of the ministry',
  });
  const roleOf = (username: string): MemberRole =>
    username === 'head.adm' ? 'admin' : username === 'dir.dap' ? 'committee' : 'member';
  await em.save(
    AssociationMember,
    staff.map((s, i) => ({
      associationId: association.id,
      userId: users.get(s.username)!,
      status: s.status === 'retired' ? ('retired' as const) : ('active' as const),
      memberNo: `M-${String(i + 1).padStart(4, '0')}`,
      joinedOn: '2015-01-01',
      role: roleOf(s.username),
    })),
  );
  const term = await em.save(Term, {
    associationId: association.id,
    number: 7,
    startsOn: '2027-01-01',
    endsOn: '2028-12-31',
    boardSeats: 11,
  });
  await seedElectionDemo(
    em,
    {
      associationId: association.id,
      termId: term.id,
      createdBy: users.get('head.adm')!,
      candidates: Array.from({ length: 20 }, (_, i) => `official${String(i + 1).padStart(2, '0')}`),
    },
    users,
  );
}

async function userIds(em: EntityManager): Promise<Map<string, string>> {
  const rows = await em.find(User, { select: { id: true, username: true } });
  return new Map(rows.map((u) => [u.username, u.id]));
}

async function unitIds(em: EntityManager): Promise<Map<string, string>> {
  const rows = await em.find(OrgUnit, { select: { id: true, code: true } });
  return new Map(rows.map((u) => [u.code, u.id]));
}

/** `npm run seed:demo`: migrate, then seed the configured database. */
async function main(): Promise<void> {
  const config = loadConfig();
  await runMigrations(config.migrationDatabaseUrl, runtimeRoleOf(config.DATABASE_URL));
  const ds = createDataSource(config.DATABASE_URL, 2, entities);
  await ds.initialize();
  try {
    const result = await seedDemo(ds);
    console.log(
      result.seeded
        ? `Demo data loaded: ${result.units.size} units, ${result.users.size} staff (password for every demo account: ${DEMO_PASSWORD}).`
        : 'Demo data already present; nothing changed.',
    );
  } finally {
    await ds.destroy();
  }
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
