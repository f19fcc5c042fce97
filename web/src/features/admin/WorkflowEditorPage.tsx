import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { Field, SelectField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { AdminError } from './AdminError';
import { flattenUnits } from './OrgUnitsPage';
import { RoutePreviewPanel } from './RoutePreviewPanel';
import { UserPicker } from './UserPicker';
import {
  APPROVER_KINDS,
  type ApproverForm,
  type ApproverKind,
  CONDITION_KINDS,
  type ConditionKind,
  type FormProblem,
  type StageForm,
  type WorkflowForm,
  emptyWorkflow,
  moveStage,
  newApprover,
  newStage,
  toForm,
  toRequest,
} from './workflow-form';

type Workflow = Schemas['WorkflowDto'];

const conditionKey: Record<ConditionKind, string> = {
  always: 'always',
  '>': 'gt',
  '>=': 'gte',
  '<': 'lt',
  '<=': 'lte',
  custom: 'custom',
};

/**
 * A template: new (`/admin/workflows/new`) or the newest version of one (`/admin/workflows/:id`),
 * with its stages, and on a saved template the route preview. Saving a known name makes version
 * n+1: documents already routed keep the version (and the stages) they started with.
 */
export function WorkflowEditorPage() {
  const { t, i18n } = useTranslation('admin');
  const { id } = useParams();
  const list = useQuery({
    queryKey: ['admin', 'workflows'],
    queryFn: () => call(api.GET('/api/v1/workflows')),
    enabled: !!id,
  });
  const saved = id ? list.data?.find((w) => w.id === id) : undefined;
  const title = saved
    ? t('workflows.editTitle', { name: displayName(saved, i18n.language) })
    : t('workflows.newTitle');
  return (
    <Page title={title}>
      <p>
        <Link to="/admin/workflows">{t('workflows.back')}</Link>
      </p>
      {id && list.isPending ? (
        <Loading />
      ) : id && list.isError ? (
        <AdminError error={list.error} />
      ) : id && !saved ? (
        <p role="alert">{t('workflows.notFound')}</p>
      ) : (
        <>
          <Editor key={saved?.id ?? 'new'} saved={saved} newer={newerVersion(list.data ?? [], saved)} />
          {saved ? <RoutePreviewPanel workflow={saved} /> : null}
        </>
      )}
    </Page>
  );
}

function newerVersion(all: Workflow[], w: Workflow | undefined): Workflow | undefined {
  if (!w) return undefined;
  return all
    .filter((x) => x.name === w.name && x.version > w.version)
    .sort((a, b) => b.version - a.version)[0];
}

function Editor({ saved, newer }: { saved?: Workflow; newer?: Workflow }) {
  const { t } = useTranslation('admin');
  const client = useQueryClient();
  const navigate = useNavigate();
  const [form, setForm] = useState<WorkflowForm>(() => (saved ? toForm(saved) : emptyWorkflow()));
  const [problems, setProblems] = useState<FormProblem[]>([]);
  const ids = { j: useId(), on: useId() };
  const set = (patch: Partial<WorkflowForm>) => setForm((f) => ({ ...f, ...patch }));
  // The stages are in order, not by name: a stage moved or removed leaves its button to the stage
  // now in its place. The focus goes with the moved stage; after a removal, to "Add stage" (two
  // presses of Enter removed two stages).
  const [moved, setMoved] = useState<{ index: number; by: -1 | 1 } | null>(null);
  const addStage = useRef<HTMLButtonElement>(null);
  const setStage = (i: number, patch: Partial<StageForm>) =>
    setForm((f) => ({ ...f, stages: f.stages.map((s, k) => (k === i ? { ...s, ...patch } : s)) }));
  const save = useMutation({
    mutationFn: (body: Schemas['CreateWorkflowDto']) => call(api.POST('/api/v1/workflows', { body })),
    onSuccess: async (w) => {
      await client.invalidateQueries({ queryKey: ['admin', 'workflows'] });
      await client.invalidateQueries({ queryKey: ['workflows'] });
      await client.invalidateQueries({ queryKey: ['document-types'] });
      void navigate(`/admin/workflows/${w.id}`, { state: { savedVersion: w.version } });
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    const { body, problems: found } = toRequest(form);
    setProblems(found);
    if (body) save.mutate(body);
  };
  const problemText = (p: FormProblem) =>
    [
      p.stage !== undefined ? t('workflows.stageN', { n: p.stage + 1 }) : '',
      p.approver !== undefined ? t('workflows.approverN', { n: p.approver + 1 }) : '',
      t(`workflows.problems.${p.key}`),
    ]
      .filter(Boolean)
      .join(' · ');
  const savedVersion = (useLocation().state as { savedVersion?: number } | null)?.savedVersion;
  return (
    <form className="form admin-form workflow-form" onSubmit={onSubmit} aria-label={t('workflows.formName')}>
      {saved ? (
        <p className="muted">
          {t('workflows.versionN', { n: saved.version })} ·{' '}
          {saved.active ? t('workflows.on') : t('workflows.off')}
          {' · '}
          {t('workflows.editNote')}
        </p>
      ) : null}
      {saved && savedVersion === saved.version ? (
        <p role="status">{t('workflows.saved', { n: saved.version })}</p>
      ) : null}
      {newer ? <p role="alert">{t('workflows.newerExists', { n: newer.version })}</p> : null}
      <Field
        label={t('workflows.name')}
        help={saved ? t('workflows.nameFixed') : undefined}
        required
        maxLength={200}
        readOnly={!!saved}
        value={form.name}
        onChange={(name) => set({ name })}
      />
      <Field
        label={t('workflows.nameKm')}
        lang="km"
        maxLength={200}
        value={form.nameKm}
        onChange={(nameKm) => set({ nameKm })}
      />
      <Field
        label={t('workflows.documentType')}
        help={t('workflows.documentTypeHelp')}
        required
        maxLength={100}
        pattern="[a-z][a-z0-9_]*"
        value={form.documentType}
        onChange={(documentType) => set({ documentType })}
      />
      <Field
        label={t('workflows.typeNameKm')}
        lang="km"
        maxLength={200}
        value={form.typeNameKm}
        onChange={(typeNameKm) => set({ typeNameKm })}
      />
      <Field
        label={t('workflows.typeNameEn')}
        lang="en"
        maxLength={200}
        value={form.typeNameEn}
        onChange={(typeNameEn) => set({ typeNameEn })}
      />
      <SelectField
        label={t('workflows.appliesWhen')}
        value={form.conditionKind}
        onChange={(v) => set({ conditionKind: v as ConditionKind })}
      >
        {CONDITION_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`workflows.applies.${conditionKey[k]}`)}
          </option>
        ))}
      </SelectField>
      {form.conditionKind === 'custom' ? (
        <div className="field">
          <label htmlFor={ids.j}>{t('workflows.conditionJson')}</label>
          <textarea
            id={ids.j}
            rows={4}
            required
            value={form.conditionJson}
            onChange={(e) => set({ conditionJson: e.target.value })}
          />
        </div>
      ) : form.conditionKind !== 'always' ? (
        <Field
          label={t('workflows.threshold')}
          type="number"
          inputMode="decimal"
          step="any"
          required
          value={form.amount}
          onChange={(amount) => set({ amount })}
        />
      ) : null}
      <label className="check">
        <input
          id={ids.on}
          type="checkbox"
          checked={form.active}
          onChange={(e) => set({ active: e.target.checked })}
        />{' '}
        {t('workflows.active')}
      </label>
      <h2>{t('workflows.stages')}</h2>
      {form.stages.map((s, i) => (
        <StageEditor
          key={i}
          index={i}
          stage={s}
          count={form.stages.length}
          onChange={(patch) => setStage(i, patch)}
          onMove={(by) => {
            set({ stages: moveStage(form.stages, i, by) });
            setMoved({ index: i + by, by });
          }}
          moved={moved?.index === i ? moved.by : null}
          onMoved={() => setMoved(null)}
          onRemove={() => {
            set({ stages: form.stages.filter((_, k) => k !== i) });
            addStage.current?.focus();
          }}
        />
      ))}
      <div className="row">
        <button type="button" ref={addStage} onClick={() => set({ stages: [...form.stages, newStage()] })}>
          {t('workflows.addStage')}
        </button>
      </div>
      {problems.length ? (
        <div role="alert" className="alert alert-error">
          <p>{t('workflows.problems.title')}</p>
          <ul>
            {problems.map((p, k) => (
              <li key={k}>{problemText(p)}</li>
            ))}
          </ul>
        </div>
      ) : null}
      <AdminError error={save.error} />
      <div className="row">
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('workflows.save')}
        </button>
      </div>
    </form>
  );
}

function StageEditor({
  index: i,
  stage: s,
  count,
  onChange,
  onMove,
  moved,
  onMoved,
  onRemove,
}: {
  index: number;
  stage: StageForm;
  count: number;
  onChange: (patch: Partial<StageForm>) => void;
  onMove: (by: -1 | 1) => void;
  /** This stage was just moved (up: -1, down: 1): its own move button takes the focus. */
  moved: -1 | 1 | null;
  onMoved: () => void;
  onRemove: () => void;
}) {
  const { t } = useTranslation('admin');
  const n = i + 1;
  const up = useRef<HTMLButtonElement>(null);
  const down = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (moved === null) return;
    // The same direction again if it can go further, else the other way.
    ((moved === 1 ? down.current : up.current) ?? (moved === 1 ? up.current : down.current))?.focus();
    onMoved();
  }, [moved, onMoved]);
  const setApprover = (j: number, patch: Partial<ApproverForm>) =>
    onChange({ approvers: s.approvers.map((a, k) => (k === j ? { ...a, ...patch } : a)) });
  return (
    <fieldset className="stage-editor">
      <legend>{t('workflows.stageN', { n })}</legend>
      <Field
        label={t('workflows.stageName')}
        required
        maxLength={200}
        value={s.name}
        onChange={(name) => onChange({ name })}
      />
      <Field
        label={t('workflows.stageNameKm')}
        lang="km"
        maxLength={200}
        value={s.nameKm}
        onChange={(nameKm) => onChange({ nameKm })}
      />
      <SelectField
        label={t('workflows.rule')}
        value={s.mode}
        onChange={(v) => onChange({ mode: v as StageForm['mode'] })}
      >
        {(['any', 'all', 'quorum'] as const).map((m) => (
          <option key={m} value={m}>
            {t(`workflows.mode.${m}`)}
          </option>
        ))}
      </SelectField>
      {s.mode === 'quorum' ? (
        <Field
          label={t('workflows.quorum')}
          type="number"
          min={1}
          max={100}
          required
          value={s.quorum}
          onChange={(quorum) => onChange({ quorum })}
        />
      ) : null}
      <Field
        label={t('workflows.sla')}
        type="number"
        min={0}
        step="any"
        value={s.slaHours}
        onChange={(slaHours) => onChange({ slaHours })}
      />
      <UserPicker
        colleaguesOnly
        label={t('workflows.escalateTo')}
        value={s.escalateToUserId}
        onChange={(escalateToUserId) => onChange({ escalateToUserId })}
      />
      {s.approvers.map((a, j) => (
        <ApproverEditor
          key={j}
          stage={n}
          index={j}
          approver={a}
          onChange={(patch) => setApprover(j, patch)}
          onRemove={() => onChange({ approvers: s.approvers.filter((_, k) => k !== j) })}
        />
      ))}
      <div className="row">
        <button
          type="button"
          onClick={() => onChange({ approvers: [...s.approvers, newApprover()] })}
          aria-label={t('workflows.addApproverTo', { n })}
        >
          {t('workflows.addApprover')}
        </button>
        {i > 0 ? (
          <button type="button" ref={up} onClick={() => onMove(-1)}>
            <span aria-hidden="true">↑ </span>
            {t('workflows.moveUpN', { n })}
          </button>
        ) : null}
        {i < count - 1 ? (
          <button type="button" ref={down} onClick={() => onMove(1)}>
            <span aria-hidden="true">↓ </span>
            {t('workflows.moveDownN', { n })}
          </button>
        ) : null}
        {count > 1 ? (
          <button type="button" className="button-danger" onClick={onRemove}>
            {t('workflows.removeStage', { n })}
          </button>
        ) : null}
      </div>
    </fieldset>
  );
}

function ApproverEditor({
  stage,
  index: j,
  approver: a,
  onChange,
  onRemove,
}: {
  stage: number;
  index: number;
  approver: ApproverForm;
  onChange: (patch: Partial<ApproverForm>) => void;
  onRemove: () => void;
}) {
  const { t, i18n } = useTranslation('admin');
  const units = useQuery({
    queryKey: ['admin', 'org-units'],
    queryFn: () => call(api.GET('/api/v1/org-units')),
    enabled: a.kind === 'post',
  });
  return (
    <fieldset className="approver-editor">
      <legend>{t('workflows.approverN', { n: j + 1 })}</legend>
      <SelectField
        label={t('workflows.approverKind')}
        value={a.kind}
        onChange={(v) => onChange({ kind: v as ApproverKind })}
      >
        {APPROVER_KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`workflows.kind.${k}`)}
          </option>
        ))}
      </SelectField>
      {a.kind === 'user' ? (
        <UserPicker
          colleaguesOnly
          label={t('workflows.approver')}
          value={a.userId}
          onChange={(userId) => onChange({ userId })}
          required
        />
      ) : null}
      {a.kind === 'post' ? (
        <>
          <SelectField
            label={t('workflows.unit')}
            required
            value={a.orgUnitId}
            onChange={(v) => onChange({ orgUnitId: v })}
          >
            <option value="">—</option>
            {flattenUnits(units.data ?? []).map(({ unit, depth }) => (
              <option key={unit.id} value={unit.id}>
                {'\u00a0'.repeat(depth * 2)}
                {displayName(unit, i18n.language)} ({unit.code})
              </option>
            ))}
          </SelectField>
          <SelectField
            label={t('workflows.post')}
            value={a.post}
            onChange={(v) => onChange({ post: v as 'head' | 'deputy' })}
          >
            <option value="head">{t('units.kind.head')}</option>
            <option value="deputy">{t('units.kind.deputy')}</option>
          </SelectField>
        </>
      ) : null}
      <div className="row">
        <button
          type="button"
          onClick={onRemove}
          aria-label={t('workflows.removeApproverOf', { n: j + 1, stage })}
        >
          {t('workflows.removeApprover')}
        </button>
      </div>
    </fieldset>
  );
}
