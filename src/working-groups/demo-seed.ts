import type { EntityManager } from 'typeorm';
import { ProgressReport } from './entities/progress-report.entity.js';
import { ReportRequest } from './entities/report-request.entity.js';
import { type GroupRole, WorkingGroupMember } from './entities/working-group-member.entity.js';
import { WorkingGroup } from './entities/working-group.entity.js';

/** Demo accounts (usernames of src/seed/demo-data.ts) and their roles in the demo working groups. */
export const DEMO_WORKING_GROUPS = {
  root: {
    name: 'Digital Government Project Working Group',
    nameKm: 'ក្រុមការងារគម្រោងរដ្ឋាភិបាលឌីជីថល',
    // One purpose text (the model has no English one): Khmer, as the ministry writes it.
    purpose: 'ដឹកនាំគម្រោងរដ្ឋាភិបាលឌីជីថលរបស់ក្រសួង៖ ហេដ្ឋារចនាសម្ព័ន្ធ និងសេវាតាមអនឡាញ។',
    unit: 'ICT',
    chair: 'uss.ly',
    viceChair: 'dir.ict',
    secretary: 'staff.dara',
    // 11 members (official09 is retired, so left out).
    members: [
      'official01',
      'official02',
      'official03',
      'official04',
      'official05',
      'official06',
      'official07',
      'official08',
      'official10',
      'official11',
      'official12',
    ],
  },
  subGroups: [
    {
      name: 'Infrastructure sub-group',
      nameKm: 'ក្រុមការងាររងហេដ្ឋារចនាសម្ព័ន្ធ',
      chair: 'head.sys',
      members: ['official01', 'official02', 'official03'],
    },
    {
      name: 'Digital services sub-group',
      nameKm: 'ក្រុមការងាររងសេវាឌីជីថល',
      chair: 'head.dig',
      members: ['official04', 'official05', 'official06'],
    },
  ],
} as const;

/**
 * The demo's working groups, for the demo seed (src/seed) to call in its transaction with the
 * ids of the users and units it created: a project working group chaired by the undersecretary of
 * state with a secretary and 11 members, two sub-groups, and a progress report of the first
 * sub-group whose request waits for the project chair's answer. Users missing from the map are
 * skipped. Returns the project group's id.
 */
export async function seedWorkingGroupsDemo(
  em: EntityManager,
  users: Map<string, string>,
  units: Map<string, string>,
): Promise<string> {
  const d = DEMO_WORKING_GROUPS;
  const from = '2026-01-01';
  const add = async (groupId: string, username: string, role: GroupRole) => {
    const userId = users.get(username);
    if (userId)
      await em.save(em.create(WorkingGroupMember, { groupId, userId, role, validFrom: from, validTo: null }));
  };
  const root = await em.save(
    em.create(WorkingGroup, {
      name: d.root.name,
      nameKm: d.root.nameKm,
      purpose: d.root.purpose,
      parentId: null,
      orgUnitId: units.get(d.root.unit) ?? null,
    }),
  );
  await add(root.id, d.root.chair, 'chair');
  await add(root.id, d.root.viceChair, 'vice_chair');
  await add(root.id, d.root.secretary, 'secretary');
  for (const m of d.root.members) await add(root.id, m, 'member');
  const subs: WorkingGroup[] = [];
  for (const s of d.subGroups) {
    const sub = await em.save(
      em.create(WorkingGroup, {
        name: s.name,
        nameKm: s.nameKm,
        purpose: null,
        parentId: root.id,
        orgUnitId: null,
      }),
    );
    subs.push(sub);
    await add(sub.id, s.chair, 'chair');
    for (const m of s.members) await add(sub.id, m, 'member');
  }
  const author = users.get(d.subGroups[0].chair);
  if (author) {
    const report = await em.save(
      em.create(ProgressReport, {
        groupId: subs[0].id,
        period: '2026-Q3',
        progressPercent: 60,
        achievements: 'បានដំឡើងម៉ាស៊ីនមេ និងបណ្តាញសម្រាប់មជ្ឈមណ្ឌលទិន្នន័យ',
        challenges: 'ខ្វះអ្នកបច្ចេកទេសផ្នែកសន្តិសុខព័ត៌មាន',
        authorId: author,
      }),
    );
    await em.save(
      em.create(ReportRequest, {
        reportId: report.id,
        addresseeGroupId: root.id,
        text: 'សូមអនុម័តថវិកាបន្ថែមសម្រាប់វគ្គបណ្តុះបណ្តាលសន្តិសុខព័ត៌មាន',
      }),
    );
  }
  return root.id;
}
