import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { useFormat } from '../../i18n/format';

type Workflow = Schemas['WorkflowDto'];
type CreateWorkflow = Schemas['CreateWorkflowDto'];

export type ApproverKind = 'user' | 'post' | 'submitter_unit_head' | 'submitter_parent_unit_head';
export const APPROVER_KINDS: ApproverKind[] = [
  'submitter_unit_head',
  'submitter_parent_unit_head',
  'post',
  'user',
];

export interface ApproverForm {
  kind: ApproverKind;
  userId: string;
  orgUnitId: string;
  post: 'head' | 'deputy';
}

export interface StageForm {
  name: string;
  /** The stage's Khmer name (blank: none). */
  nameKm: string;
  mode: 'all' | 'any' | 'quorum';
  quorum: string;
  slaHours: string;
  escalateToUserId: string;
  approvers: ApproverForm[];
}

/** How the template applies: always, an amount threshold, or a condition written as JSON. */
export type ConditionKind = 'always' | '>' | '>=' | '<' | '<=' | 'custom';
export const CONDITION_KINDS: ConditionKind[] = ['always', '>', '>=', '<', '<=', 'custom'];

export interface WorkflowForm {
  name: string;
  /** The template's Khmer name (blank: none). */
  nameKm: string;
  documentType: string;
  /** The type's display names, saved for the type with the template (blank: left as they are). */
  typeNameKm: string;
  typeNameEn: string;
  conditionKind: ConditionKind;
  amount: string;
  conditionJson: string;
  active: boolean;
  stages: StageForm[];
}

export const newApprover = (): ApproverForm => ({
  kind: 'submitter_unit_head',
  userId: '',
  orgUnitId: '',
  post: 'head',
});

export const newStage = (): StageForm => ({
  name: '',
  nameKm: '',
  mode: 'any',
  quorum: '',
  slaHours: '',
  escalateToUserId: '',
  approvers: [newApprover()],
});

export const emptyWorkflow = (): WorkflowForm => ({
  name: '',
  nameKm: '',
  documentType: '',
  typeNameKm: '',
  typeNameEn: '',
  conditionKind: 'always',
  amount: '',
  conditionJson: '',
  active: true,
  stages: [newStage()],
});

/** The stages with the one at `from` moved one place up (-1) or down (+1); unchanged at an end. */
export function moveStage(stages: StageForm[], from: number, by: -1 | 1): StageForm[] {
  const to = from + by;
  if (from < 0 || from >= stages.length || to < 0 || to >= stages.length) return stages;
  const next = [...stages];
  [next[from], next[to]] = [next[to]!, next[from]!];
  return next;
}

const isAmountThreshold = (c: Record<string, unknown>) =>
  c.field === 'amount' && ['>', '>=', '<', '<='].includes(String(c.op)) && typeof c.value === 'number';

/** A saved template as the editor's form (an edit saves version n+1 under the same name). */
export function toForm(w: Workflow): WorkflowForm {
  const c = w.condition as Record<string, unknown> | null;
  const threshold = c && isAmountThreshold(c);
  return {
    name: w.name,
    nameKm: w.nameKm ?? '',
    documentType: w.documentType,
    typeNameKm: w.documentTypeNameKm ?? '',
    typeNameEn: w.documentTypeNameEn ?? '',
    conditionKind: !c ? 'always' : threshold ? (c.op as ConditionKind) : 'custom',
    amount: threshold ? String(c.value) : '',
    conditionJson: c && !threshold ? JSON.stringify(c, null, 2) : '',
    active: w.active,
    stages: w.stages.map((s) => ({
      name: s.name,
      nameKm: s.nameKm ?? '',
      mode: s.mode,
      quorum: s.quorum ? String(s.quorum) : '',
      slaHours: s.slaHours ? String(s.slaHours) : '',
      escalateToUserId: s.escalateToUserId ?? '',
      approvers: s.approvers.map((a) => ({
        ...newApprover(),
        ...(a.userId
          ? { kind: 'user' as const, userId: a.userId }
          : a.orgUnitId
            ? { kind: 'post' as const, orgUnitId: a.orgUnitId, post: a.post ?? 'head' }
            : { kind: a.relative ?? 'submitter_unit_head' }),
      })),
    })),
  };
}

/** A problem the form finds before sending (a translation key under `workflows.problems`, and where). */
export interface FormProblem {
  key: string;
  stage?: number;
  approver?: number;
}

/**
 * The form as the server takes it, or the problems that the server would refuse: k of n larger than
 * the stage's approvers, an approver not chosen, a bad threshold or JSON condition.
 */
export function toRequest(f: WorkflowForm): { body?: CreateWorkflow; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  let condition: Record<string, unknown> | undefined;
  if (f.conditionKind === 'custom') {
    try {
      const parsed: unknown = JSON.parse(f.conditionJson);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error('not an object');
      condition = parsed as Record<string, unknown>;
    } catch {
      problems.push({ key: 'conditionJson' });
    }
  } else if (f.conditionKind !== 'always') {
    const value = Number(f.amount);
    if (f.amount.trim() === '' || !Number.isFinite(value)) problems.push({ key: 'amount' });
    else condition = { field: 'amount', op: f.conditionKind, value };
  }
  if (!f.stages.length) problems.push({ key: 'noStages' });
  const stages = f.stages.map((s, i) => {
    if (!s.approvers.length) problems.push({ key: 'noApprovers', stage: i });
    const quorum = Number(s.quorum);
    if (s.mode === 'quorum' && (!Number.isInteger(quorum) || quorum < 1)) {
      problems.push({ key: 'quorum', stage: i });
    } else if (s.mode === 'quorum' && quorum > s.approvers.length) {
      problems.push({ key: 'quorumTooLarge', stage: i });
    }
    const sla = Number(s.slaHours);
    if (s.slaHours.trim() && !(sla > 0 && sla <= 8760)) problems.push({ key: 'sla', stage: i });
    const approvers = s.approvers.map((a, j) => {
      if (a.kind === 'user') {
        if (!a.userId) problems.push({ key: 'approverUser', stage: i, approver: j });
        return { userId: a.userId };
      }
      if (a.kind === 'post') {
        if (!a.orgUnitId) problems.push({ key: 'approverUnit', stage: i, approver: j });
        return { orgUnitId: a.orgUnitId, post: a.post };
      }
      return { relative: a.kind };
    });
    return {
      name: s.name.trim(),
      ...(s.nameKm.trim() ? { nameKm: s.nameKm.trim() } : {}),
      mode: s.mode,
      ...(s.mode === 'quorum' ? { quorum } : {}),
      approvers,
      ...(s.slaHours.trim() ? { slaHours: sla } : {}),
      ...(s.escalateToUserId ? { escalateToUserId: s.escalateToUserId } : {}),
    };
  });
  if (problems.length) return { problems };
  return {
    problems,
    body: {
      name: f.name.trim(),
      ...(f.nameKm.trim() ? { nameKm: f.nameKm.trim() } : {}),
      documentType: f.documentType.trim(),
      ...(f.typeNameKm.trim() ? { documentTypeNameKm: f.typeNameKm.trim() } : {}),
      ...(f.typeNameEn.trim() ? { documentTypeNameEn: f.typeNameEn.trim() } : {}),
      // The generated type of `condition` is loose (an open JSON object): the server checks it.
      ...(condition ? { condition: condition as CreateWorkflow['condition'] } : {}),
      active: f.active,
      stages,
    },
  };
}

/** A template's condition in words: "always", "amount > 10,000", or the JSON as it is. */
export function ConditionText({ condition }: { condition: unknown }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const c = condition as Record<string, unknown> | null;
  if (!c) return <>{t('workflows.condition.always')}</>;
  if (isAmountThreshold(c)) {
    return (
      <>
        {t(`workflows.condition.amount${opName(String(c.op))}`, { amount: format.number(c.value as number) })}
      </>
    );
  }
  return (
    <>
      {t('workflows.condition.customIs')} <code>{JSON.stringify(c)}</code>
    </>
  );
}

const opName = (op: string) => ({ '>': 'Gt', '>=': 'Gte', '<': 'Lt', '<=': 'Lte' })[op] ?? 'Gt';
