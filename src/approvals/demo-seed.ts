import type { EntityManager } from 'typeorm';
import { Delegation } from './entities/delegation.entity.js';
import { DocumentType } from './entities/document-type.entity.js';
import { type StageSpec, WorkflowTemplate } from './entities/workflow-template.entity.js';

/** The demo's document types and their names in both languages. */
export const DEMO_DOCUMENT_TYPES = [
  { code: 'budget_plan', nameKm: 'ផែនការថវិកា', nameEn: 'Budget plan' },
  { code: 'letter', nameKm: 'លិខិត', nameEn: 'Letter' },
  { code: 'report', nameKm: 'របាយការណ៍', nameEn: 'Report' },
];

/**
 * The demo's workflows (templates and stages named in English and Khmer), for the demo seed (src/seed) to call in its transaction with the ids of the
 * users and units it created:
 * - `budget_plan`: head of the submitter's office → director of its department (dir.ict, away:
 *   deputy.ict acts for them) → the secretary of state; above 10,000 the minister signs last;
 * - `letter`: head of office → director; `report`: director alone.
 * Users or units missing from the maps are skipped (a stage naming nobody is left out).
 */
export async function seedApprovalsDemo(
  em: EntityManager,
  users: Map<string, string>,
  units: Map<string, string>,
  now: Date = new Date(),
): Promise<void> {
  const user = (u: string) => users.get(u) ?? null;
  const mptc = units.get('MPTC');
  const officeHead: StageSpec = {
    name: 'Head of office',
    nameKm: 'ប្រធានការិយាល័យ',
    mode: 'any',
    approvers: [{ relative: 'submitter_unit_head' }],
    slaHours: 48,
    escalateToUserId: user('dir.ict'),
  };
  const director: StageSpec = {
    name: 'Director of department',
    nameKm: 'ប្រធាននាយកដ្ឋាន',
    mode: 'any',
    approvers: [{ relative: 'submitter_parent_unit_head' }],
    slaHours: 72,
    escalateToUserId: user('sos.heng'),
  };
  const secretaryOfState: StageSpec | null = mptc
    ? {
        name: 'Secretary of State',
        nameKm: 'រដ្ឋលេខាធិការ',
        mode: 'any',
        approvers: [{ orgUnitId: mptc, post: 'deputy' }],
        slaHours: 72,
        escalateToUserId: user('minister'),
      }
    : null;
  const minister: StageSpec | null = mptc
    ? {
        name: 'Minister',
        nameKm: 'រដ្ឋមន្ត្រី',
        mode: 'any',
        approvers: [{ orgUnitId: mptc, post: 'head' }],
        slaHours: 120,
        escalateToUserId: null,
      }
    : null;
  const templates: {
    name: string;
    nameKm: string;
    documentType: string;
    condition: WorkflowTemplate['condition'];
    stages: (StageSpec | null)[];
  }[] = [
    {
      name: 'Budget plan',
      nameKm: 'ផែនការថវិកា',
      documentType: 'budget_plan',
      condition: null,
      stages: [officeHead, director, secretaryOfState],
    },
    {
      name: 'Budget plan over 10,000',
      nameKm: 'ផែនការថវិកាលើស ១០ ០០០',
      documentType: 'budget_plan',
      condition: { field: 'amount', op: '>', value: 10000 },
      stages: [officeHead, director, secretaryOfState, minister],
    },
    {
      name: 'Letter',
      nameKm: 'លិខិត',
      documentType: 'letter',
      condition: null,
      stages: [officeHead, director],
    },
    { name: 'Report', nameKm: 'របាយការណ៍', documentType: 'report', condition: null, stages: [director] },
  ];
  for (const t of templates) {
    if (await em.existsBy(WorkflowTemplate, { name: t.name })) continue; // seeded before
    await em.save(
      em.create(WorkflowTemplate, {
        name: t.name,
        nameKm: t.nameKm,
        documentType: t.documentType,
        condition: t.condition,
        version: 1,
        active: true,
        stages: t.stages.filter((s): s is StageSpec => s !== null),
        createdById: user('admin'),
      }),
    );
  }
  await em.upsert(DocumentType, DEMO_DOCUMENT_TYPES, ['code']);
  const from = user('dir.ict');
  const to = user('deputy.ict');
  if (from && to && !(await em.existsBy(Delegation, { fromUserId: from, toUserId: to }))) {
    await em.save(
      em.create(Delegation, {
        fromUserId: from,
        toUserId: to,
        startsAt: now,
        endsAt: new Date(now.getTime() + 30 * 24 * 3_600_000),
        documentTypes: ['budget_plan'],
      }),
    );
  }
}
