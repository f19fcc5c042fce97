import { adminToken, createUserWithToken } from '../helpers/auth.js';
import type { TestApp } from '../helpers/test-app.js';

export const API = '/api/v1';

export interface Person {
  id: string;
  token: string;
  name: string;
}

export interface ProjectFixture {
  admin: string;
  root: any;
  subGroups: any[];
  chair: Person;
  secretary: Person;
  members: Person[];
  subLead: Person;
  outsider: Person;
}

const KM_NAMES = [
  'សុខ ស៊ាន',
  'ចាន់ ដារា',
  'លី សុភា',
  'ហេង វណ្ណា',
  'កែវ មុន្នី',
  'មាស សុខា',
  'ឈឹម សុវណ្ណ',
  'ពៅ ចន្ទ្រា',
  'សេង រតនា',
  'អ៊ុំ សុផល',
  'នួន ស្រីពៅ',
];

export async function person(t: TestApp, fullNameKm: string, fullName = 'Test'): Promise<Person> {
  const { user, token } = await createUserWithToken(t, { fullNameKm, fullName });
  return { id: user.id, token, name: fullNameKm };
}

/**
 * A project working group with two sub-groups: the undersecretary chairs it, a secretary, 11
 * members; a sub-group lead; an outsider.
 */
export async function projectGroup(t: TestApp): Promise<ProjectFixture> {
  const admin = await adminToken(t);
  const post = async (url: string, body: unknown, token = admin) => {
    const res = await t.post(`${API}${url}`, body, { token });
    if (res.status !== 201) throw new Error(`${url}: ${res.status} ${res.raw}`);
    return res.body;
  };
  const unit = await post('/org-units', {
    code: 'DGP',
    name: 'Digital Government Project Office',
    nameKm: 'ការិយាល័យគម្រោងរដ្ឋាភិបាលឌីជីថល',
  });
  const root = await post('/working-groups', {
    name: 'Digital Government Project Working Group',
    nameKm: 'ក្រុមការងារគម្រោងរដ្ឋាភិបាលឌីជីថល',
    orgUnitId: unit.id,
  });
  const subGroups = [
    await post('/working-groups', {
      name: 'Infrastructure',
      nameKm: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ',
      parentId: root.id,
    }),
    await post('/working-groups', { name: 'Services', nameKm: 'ក្រុមការងាររងសេវាកម្ម', parentId: root.id }),
  ];
  const chair = await person(t, 'ឯកឧត្តម អនុរដ្ឋលេខាធិការ ជា សុវណ្ណ', 'H.E. Chea Sovann, Undersecretary of State');
  const secretary = await person(t, 'លោក ស៊ុន វិចិត្រ', 'Sun Vichet');
  const members: Person[] = [];
  for (const name of KM_NAMES) members.push(await person(t, name));
  const subLead = members[0];
  const outsider = await person(t, 'អ្នកខាងក្រៅ');
  await post(`/working-groups/${root.id}/members`, { userId: chair.id, role: 'chair' });
  await post(`/working-groups/${root.id}/members`, { userId: secretary.id, role: 'secretary' }, chair.token);
  for (const m of members)
    await post(`/working-groups/${root.id}/members`, { userId: m.id, role: 'member' }, chair.token);
  await post(`/working-groups/${subGroups[0].id}/members`, { userId: subLead.id, role: 'chair' });
  return { admin, root, subGroups, chair, secretary, members, subLead, outsider };
}

/**
 * The meeting begins: its start moves to a minute ago (as if the clock had reached it), so that
 * attendance can mark it held. The meeting's times are otherwise left as they are.
 */
export async function startMeeting(t: TestApp, meetingId: string): Promise<void> {
  await t.dataSource.query(`UPDATE meetings SET starts_at = now() - interval '1 minute' WHERE id = $1`, [
    meetingId,
  ]);
}

/**
 * The meeting is held: it begins (startMeeting) and the secretary records the chair, the secretary
 * and the members present, so its quorum is met. Minutes are submitted only for a held meeting.
 */
export async function holdMeeting(
  t: TestApp,
  meeting: { id: string; participants: { id: string; role: string }[] },
  secretaryToken: string,
): Promise<void> {
  await startMeeting(t, meeting.id);
  const res = await t.put(
    `${API}/meetings/${meeting.id}/attendance`,
    meeting.participants
      .filter((p) => p.role !== 'guest')
      .map((p) => ({ participantId: p.id, status: 'present' })),
    { token: secretaryToken },
  );
  if (res.status !== 200) throw new Error(`attendance: ${res.status} ${res.raw}`);
}

export function meetingBody(f: ProjectFixture, extra: Record<string, unknown> = {}) {
  return {
    title: 'Progress meeting, Q3',
    titleKm: 'កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣',
    workingGroupId: f.root.id,
    startsAt: new Date(Date.now() + 3 * 24 * 3600_000).toISOString(),
    endsAt: new Date(Date.now() + 3 * 24 * 3600_000 + 2 * 3600_000).toISOString(),
    location: 'សាលប្រជុំ ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍',
    chairUserId: f.chair.id,
    secretaryUserId: f.secretary.id,
    agenda: [
      { title: 'បើកកិច្ចប្រជុំ', presenterUserId: f.chair.id, durationMinutes: 5 },
      {
        title: 'របាយការណ៍វឌ្ឍនភាពក្រុមការងាររង',
        durationMinutes: 60,
        children: [
          { title: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ', presenterUserId: f.subLead.id, durationMinutes: 30 },
          { title: 'ក្រុមការងាររងសេវាកម្ម', durationMinutes: 30 },
        ],
      },
      { title: 'បញ្ហាផ្សេងៗ', durationMinutes: 15 },
    ],
    participants: [
      ...f.members.map((m, i) => ({ userId: m.id, role: i === 0 ? 'vice_chair' : 'member' })),
      { name: 'ឯកឧត្តម រដ្ឋមន្ត្រី', title: 'Minister of Posts and Telecommunications', role: 'guest' },
    ],
    ...extra,
  };
}

/** An action item as the minutes record it. */
export interface ActionItemInput {
  text: string;
  ownerUserId: string;
  dueOn: string;
}

/**
 * A meeting that began ten days ago, whose draft minutes record these action items: the meeting's
 * id and the items' ids, in order.
 */
export async function actionItemsOfPastMeeting(
  t: TestApp,
  f: ProjectFixture,
  actionItems: ActionItemInput[],
): Promise<{ meetingId: string; ids: string[] }> {
  const startsAt = new Date(Date.now() - 10 * 24 * 3600_000).toISOString();
  const held = await t.post(`${API}/meetings`, meetingBody(f, { startsAt, endsAt: undefined }), {
    token: f.secretary.token,
  });
  if (held.status !== 201) throw new Error(`meeting: ${held.status} ${held.raw}`);
  const saved = await t.put(
    `${API}/meetings/${held.body.id}/minutes`,
    { baseRevision: 0, items: [], decisions: [], actionItems },
    { token: f.secretary.token },
  );
  if (saved.status !== 200) throw new Error(`minutes: ${saved.status} ${saved.raw}`);
  return { meetingId: held.body.id, ids: saved.body.actionItems.map((a: { id: string }) => a.id) };
}

/**
 * Puts the minutes through approval the way the DWF would report it: the meeting points at a
 * document in approval, then MinutesDecisionsService.applyDecision gets the decision (what the approvals
 * engine calls when the chair decides).
 */
export async function approveMinutesDirectly(
  t: TestApp,
  meetingId: string,
  code = '7K3MQ9ZDAB12CD34',
): Promise<void> {
  const { MinutesDecisionsService } = await import('../../src/meetings/minutes-decisions.service.js');
  const { TransactionService } = await import('../../src/database/transaction.service.js');
  const { randomUUID } = await import('node:crypto');
  const documentId = randomUUID();
  await t.dataSource.query(
    `UPDATE meetings SET minutes_status = 'in_approval', minutes_document_id = $2,
            minutes_submitted_revision = minutes_revision WHERE id = $1`,
    [meetingId, documentId],
  );
  await t
    .service<InstanceType<typeof TransactionService>>(TransactionService)
    .run((em) =>
      t
        .service<InstanceType<typeof MinutesDecisionsService>>(MinutesDecisionsService)
        .applyDecision(em, documentId, { status: 'approved', verificationCode: code }),
    );
}
