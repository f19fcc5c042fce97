import type { EntityManager } from 'typeorm';
import { ministryDay } from '../common/ministry-time.js';
import { AgendaItem } from './entities/agenda-item.entity.js';
import { MeetingParticipant, type ParticipantRole } from './entities/meeting-participant.entity.js';
import { Meeting } from './entities/meeting.entity.js';

/** The demo meeting's agenda: two items, the second with two sub-items (minutes each). */
const AGENDA = [
  { title: 'ពិនិត្យវឌ្ឍនភាពគម្រោង', minutes: 30, children: [] },
  {
    title: 'ផែនការថវិកាឆ្នាំ ២០២៧',
    minutes: 45,
    children: [
      { title: 'ហេដ្ឋារចនាសម្ព័ន្ធមជ្ឈមណ្ឌលទិន្នន័យ', minutes: 20 },
      { title: 'វគ្គបណ្តុះបណ្តាលសន្តិសុខព័ត៌មាន', minutes: 15 },
    ],
  },
] as const;

type DemoPeople = { chair: string; viceChair: string; secretary: string; members: readonly string[] };

/**
 * The demo's meetings of the project working group (`groupId`), for the demo seed (src/seed) to
 * call in its transaction, each chaired by `chair`, recorded by `secretary`, with the vice-chair and
 * the group's members as participants and a nested agenda: yesterday's, begun and not yet recorded
 * (the secretary records who came and writes the minutes, the chair approves them), and next
 * week's, scheduled.
 */
export async function seedMeetingsDemo(
  em: EntityManager,
  users: Map<string, string>,
  groupId: string,
  people: DemoPeople,
): Promise<void> {
  await seedMeeting(em, users, groupId, people, {
    title: 'Digital Government Project: progress meeting',
    titleKm: 'កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព គម្រោងរដ្ឋាភិបាលឌីជីថល',
    startsAt: nineInPhnomPenh(-1),
  });
  await seedMeeting(em, users, groupId, people, {
    title: 'Digital Government Project: monthly meeting',
    titleKm: 'កិច្ចប្រជុំប្រចាំខែ គម្រោងរដ្ឋាភិបាលឌីជីថល',
    startsAt: nineInPhnomPenh(7),
  });
}

/** 09:00 in Phnom Penh, `days` from the ministry's today (which is tomorrow in UTC from 17:00 UTC). */
export function nineInPhnomPenh(days: number, now = new Date()): Date {
  const day = ministryDay(new Date(now.getTime() + days * 86_400_000));
  return new Date(`${day}T09:00:00+07:00`);
}

async function seedMeeting(
  em: EntityManager,
  users: Map<string, string>,
  groupId: string,
  people: DemoPeople,
  when: { title: string; titleKm: string; startsAt: Date },
): Promise<void> {
  const chairUserId = users.get(people.chair)!;
  const secretaryUserId = users.get(people.secretary)!;
  const { startsAt } = when;
  const meeting = await em.save(
    em.create(Meeting, {
      title: when.title,
      titleKm: when.titleKm,
      workingGroupId: groupId,
      associationId: null,
      orgUnitId: null,
      bodyKey: `wg:${groupId}`,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 2 * 3_600_000),
      location: 'សាលប្រជុំជាន់ទី ៣ ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍',
      chairUserId,
      secretaryUserId,
      quorumCount: null,
      // The rule a meeting scheduled in the app gets: a simple majority of the voting participants.
      quorumPercent: null,
      createdById: secretaryUserId,
    }),
  );
  let position = 0;
  for (const item of AGENDA) {
    const parent = await em.save(
      em.create(AgendaItem, {
        meetingId: meeting.id,
        parentId: null,
        position: position++,
        title: item.title,
        presenterUserId: chairUserId,
        durationMinutes: item.minutes,
      }),
    );
    let childPosition = 0;
    for (const child of item.children) {
      await em.save(
        em.create(AgendaItem, {
          meetingId: meeting.id,
          parentId: parent.id,
          position: childPosition++,
          title: child.title,
          presenterUserId: null,
          durationMinutes: child.minutes,
        }),
      );
    }
  }
  const participants: [string, ParticipantRole][] = [
    [people.chair, 'chair'],
    [people.viceChair, 'vice_chair'],
    [people.secretary, 'secretary'],
    ...people.members.map((m): [string, ParticipantRole] => [m, 'member']),
  ];
  await em.save(
    participants
      .filter(([username]) => users.has(username))
      .map(([username, role], i) =>
        em.create(MeetingParticipant, {
          meetingId: meeting.id,
          userId: users.get(username)!,
          name: null,
          title: null,
          role,
          position: i,
        }),
      ),
  );
}
