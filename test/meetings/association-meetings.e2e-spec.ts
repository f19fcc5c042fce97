import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { API } from './meetings-fixtures.js';

type Person = Awaited<ReturnType<typeof createUserWithToken>>;

/**
 * Who schedules an association's meetings: its admins and election committee, and the officers of
 * its board (president, vice-president, secretary) while their term has not ended; a certified board
 * had no say in its own meetings.
 */
describe("an association's meetings", () => {
  let t: TestApp;
  let associationId: string;
  let president: Person;
  let secretary: Person;
  let treasurer: Person;
  let formerPresident: Person;
  let member: Person;
  let outsider: Person;

  const meeting = (by: Pick<Person, 'token'>) =>
    t.post(
      `${API}/meetings`,
      {
        title: 'Board meeting',
        titleKm: 'កិច្ចប្រជុំគណៈកម្មការ',
        associationId,
        startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
        endsAt: new Date(Date.now() + 7 * 24 * 3600_000 + 3600_000).toISOString(),
        chairUserId: president.user.id,
        secretaryUserId: secretary.user.id,
        agenda: [{ title: 'ផែនការការងារ' }],
        participants: [{ userId: treasurer.user.id, role: 'member' }],
      },
      { token: by.token },
    );

  beforeAll(async () => {
    t = await createTestApp();
    const admin = await adminToken(t);
    [president, secretary, treasurer, formerPresident, member, outsider] = await Promise.all(
      Array.from({ length: 6 }, () => createUserWithToken(t)),
    );
    const association = await t.post(
      '/api/v1/associations',
      { name: 'Officials', nameKm: 'សមាគមមន្ត្រី' },
      { token: admin },
    );
    associationId = association.body.id;
    for (const p of [president, secretary, treasurer, formerPresident, member]) {
      const added = await t.post(
        `/api/v1/associations/${associationId}/members`,
        { userId: p.user.id, status: 'active' },
        { token: admin },
      );
      expect(added.status).toBe(201);
    }
    const term = async (number: number, startsOn: string, endsOn: string) =>
      (
        await t.post(
          `/api/v1/associations/${associationId}/terms`,
          { number, startsOn, endsOn, boardSeats: 3 },
          { token: admin },
        )
      ).body.id as string;
    const ended = await term(6, '2020-01-01', '2021-12-31');
    const sitting = await term(7, '2025-01-01', '2099-12-31');
    // The boards as certification installs them (board.service.ts), written here directly.
    const seat = (termId: string, p: Person, role: string) =>
      t.dataSource.query(
        `INSERT INTO board_members (term_id, user_id, role, votes) VALUES ($1, $2, $3, 10)`,
        [termId, p.user.id, role],
      );
    await seat(ended, formerPresident, 'president');
    await seat(sitting, president, 'president');
    await seat(sitting, secretary, 'secretary');
    await seat(sitting, treasurer, 'treasurer');
  });
  afterAll(async () => {
    await t.close();
  });

  it("the sitting board's president and secretary schedule them", async () => {
    const byPresident = await meeting(president);
    expect(byPresident.status).toBe(201);
    expect(byPresident.body).toMatchObject({ associationId, chairUserId: president.user.id });
    expect((await meeting(secretary)).status).toBe(201);
  });

  it('the association says who may schedule, and each member their seat', async () => {
    const seen = async (p: Person) =>
      (await t.get(`/api/v1/associations/${associationId}`, { token: p.token })).body as {
        myMembership: { boardRole: string | null };
        mayScheduleMeetings: boolean;
      };
    expect(await seen(president)).toMatchObject({
      myMembership: { boardRole: 'president' },
      mayScheduleMeetings: true,
    });
    expect(await seen(secretary)).toMatchObject({
      myMembership: { boardRole: 'secretary' },
      mayScheduleMeetings: true,
    });
    expect(await seen(treasurer)).toMatchObject({
      myMembership: { boardRole: 'treasurer' },
      mayScheduleMeetings: false,
    });
    expect(await seen(formerPresident)).toMatchObject({
      myMembership: { boardRole: null },
      mayScheduleMeetings: false,
    });
    expect(await seen(member)).toMatchObject({
      myMembership: { boardRole: null },
      mayScheduleMeetings: false,
    });
  });

  it('a treasurer, a member, and the president of an ended term may not; an outsider learns nothing', async () => {
    for (const p of [treasurer, member, formerPresident]) {
      const refused = await meeting(p);
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe('NOT_BODY_CHAIR');
    }
    // Nor the system administrator, who is not on its board or committee: told why (they see it).
    const asAdmin = await meeting({ token: await adminToken(t) });
    expect([asAdmin.status, asAdmin.body.code]).toEqual([403, 'NOT_BODY_CHAIR']);
    const seenByAdmin = await t.get(`/api/v1/associations/${associationId}`, { token: await adminToken(t) });
    expect(seenByAdmin.body.mayScheduleMeetings).toBe(false);
    const outside = await meeting(outsider);
    expect(outside.status).toBe(404);
    expect(outside.body.code).toBe('MEETING_BODY_NOT_FOUND');
    const [{ n }] = await t.dataSource.query(
      `SELECT count(*)::int AS n FROM meetings WHERE association_id = $1`,
      [associationId],
    );
    expect(n).toBe(2);
  });
});
