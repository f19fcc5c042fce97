import { createDataSource } from '../../src/database/data-source.js';
import { entities } from '../../src/entities.js';
import { OrgPost } from '../../src/org/entities/org-post.entity.js';
import { OrgUnit } from '../../src/org/entities/org-unit.entity.js';
import { User } from '../../src/org/entities/user.entity.js';
import { seedDemo } from '../../src/seed/seed-demo.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

describe('demo seed', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('loads the ministry once, with Khmer names and posts', async () => {
    const ds = createDataSource(db.url, 2, entities);
    await ds.initialize();
    try {
      const first = await seedDemo(ds);
      expect(first.seeded).toBe(true);
      expect(await ds.getRepository(OrgUnit).count()).toBeGreaterThanOrEqual(10);
      const staff = await ds.getRepository(User).find();
      expect(staff.length).toBeGreaterThanOrEqual(40);
      expect(staff.every((u) => /[\u1780-\u17FF]/.test(u.fullNameKm ?? ''))).toBe(true);
      const ict = await ds.getRepository(OrgUnit).findOneByOrFail({ code: 'ICT' });
      const heads = await ds.getRepository(OrgPost).findBy({ orgUnitId: ict.id, kind: 'head' });
      expect(heads).toHaveLength(1);

      const [{ n: members }] = await ds.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM association_members',
      );
      expect(Number(members)).toBe(staff.length);
      const [{ n: groups }] = await ds.query<{ n: string }[]>('SELECT count(*) AS n FROM working_groups');
      expect(Number(groups)).toBeGreaterThanOrEqual(3);
      const [{ n: workflows }] = await ds.query<{ n: string }[]>(
        'SELECT count(*) AS n FROM workflow_templates',
      );
      expect(Number(workflows)).toBeGreaterThanOrEqual(2);
      // An association with an election, a working group with a meeting (the README's demo).
      const elections = await ds.query<{ status: string; seats: number; candidates: number }[]>(
        `SELECT e.status, e.seats, (SELECT count(*)::int FROM election_candidates c WHERE c.election_id = e.id) AS candidates
           FROM elections e`,
      );
      expect(elections).toEqual([{ status: 'nominations', seats: 11, candidates: 20 }]);
      // Yesterday's, begun (attendance and minutes can be recorded), and next week's.
      const meetings = await ds.query<
        {
          status: string;
          begun: boolean;
          agenda: number;
          participants: number;
          viceChairs: number;
          quorum: string | null;
        }[]
      >(
        `SELECT m.status, m.starts_at <= now() AS begun, concat_ws('/', m.quorum_count, m.quorum_percent) AS quorum,
                (SELECT count(*)::int FROM agenda_items a WHERE a.meeting_id = m.id) AS agenda,
                (SELECT count(*)::int FROM meeting_participants p WHERE p.meeting_id = m.id) AS participants,
                (SELECT count(*)::int FROM meeting_participants p
                  WHERE p.meeting_id = m.id AND p.role = 'vice_chair') AS "viceChairs"
           FROM meetings m WHERE m.working_group_id IS NOT NULL ORDER BY m.starts_at`,
      );
      expect(meetings).toEqual([
        // The quorum a meeting scheduled in the app gets (a simple majority), not a rule of its own.
        { status: 'scheduled', begun: true, agenda: 4, participants: 14, viceChairs: 1, quorum: '' },
        { status: 'scheduled', begun: false, agenda: 4, participants: 14, viceChairs: 1, quorum: '' },
      ]);

      const again = await seedDemo(ds);
      expect(again.seeded).toBe(false);
      expect(await ds.getRepository(User).count()).toBe(staff.length);
    } finally {
      await ds.destroy();
    }
  });
});
