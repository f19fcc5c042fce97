import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, type Schemas, api, call, postForm } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { RoutePreview } from './RoutePreview';
import { JUST_SUBMITTED } from './DocumentPage';
import { useDocumentTypeName } from '../../components/documentTypes';
import { typedNumber } from '../../i18n/khmer-format';
import { conditionFields } from './metadata-fields';
import { LengthHint } from '../../components/LengthHint';
import { useLeaveGuard } from '../../components/LeaveGuard';
import { FileInput } from '../../components/FileInput';
import { useSettled } from '../../components/settled';

/** Who may see a document besides admins (src/approvals/approvals-access.ts); `internal` by default. */
const CLASSIFICATIONS = ['internal', 'confidential', 'public'] as const;
type Classification = (typeof CLASSIFICATIONS)[number];

export function NewDocumentPage() {
  const { t } = useTranslation('documents');
  const navigate = useNavigate();
  const typeName = useDocumentTypeName();
  const client = useQueryClient();
  const [title, setTitle] = useState('');
  const [type, setType] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [classification, setClassification] = useState<Classification>('internal');
  const workflows = useQuery({
    queryKey: ['workflows'],
    queryFn: () => call(api.GET('/api/v1/workflows')),
  });
  const active = useMemo(() => (workflows.data ?? []).filter((w) => w.active), [workflows.data]);
  const types = useMemo(() => [...new Set(active.map((w) => w.documentType))].sort(), [active]);
  const ofType = active.filter((w) => w.documentType === type);
  const extraFields = conditionFields(ofType);
  // Until these are typed there is no route to ask for (the server would answer that it needs them).
  const sizedFields = conditionFields(ofType, true);
  const awaiting = sizedFields.some((f) => !fields[f]?.trim());
  // A number the route depends on, typed but not one (or below zero): said here, not asked of the
  // server, which would refuse it on every key.
  const isNotANumber = (f: string) => {
    const n = typedNumber(fields[f]?.trim() ?? '');
    return sizedFields.includes(f) && !!fields[f]?.trim() && (n === undefined || n < 0);
  };
  const notANumber = sizedFields.some(isNotANumber);
  const metadata: Record<string, unknown> = {};
  for (const f of extraFields) {
    const v = fields[f]?.trim();
    // A number as typed (Khmer digits, `15,000`) goes as a number: the route may depend on it.
    if (v) metadata[f] = typedNumber(v) ?? v;
  }
  // The route comes from the server, by the rules the submission will apply (template choice,
  // who holds which post today, delegations, and the submitter left out of their own route).
  const typed = JSON.stringify({ documentType: type, metadata });
  const asked = useSettled(typed);
  const preview = useQuery({
    queryKey: ['route-preview', asked],
    queryFn: () => {
      const body = JSON.parse(asked) as { documentType: string; metadata: Record<string, unknown> };
      return call(api.POST('/api/v1/route-preview', { body }));
    },
    // Only once the settled request is what is typed now, which the checks above are about: the
    // first key typed into an empty amount used to send the settled request of a moment before,
    // without the amount, which the server refused (400 METADATA_NUMBER_REQUIRED).
    enabled: type !== '' && !awaiting && !notANumber && asked === typed,
    placeholderData: keepPreviousData,
    retry: false,
  });

  // Typed and not submitted: leaving asks first (a tap on the menu lost a half-written request).
  const typedSomething = !!title.trim() || !!file || Object.values(fields).some((v) => v.trim());
  const leaving = useLeaveGuard(typedSomething, t('new.leaveWarning'));

  // A draft made by an attempt whose submit then failed: the next attempt submits it, not a second draft.
  const draft = useRef<{ id: string; key: string } | null>(null);
  const submit = useMutation({
    mutationFn: async () => {
      const key = JSON.stringify([
        title.trim(),
        type,
        classification,
        metadata,
        file?.name,
        file?.size,
        file?.lastModified,
      ]);
      if (draft.current && draft.current.key !== key) {
        // What was typed changed since a draft was made and its submission refused: that draft is
        // discarded (kept as withdrawn), not left behind as a second, stuck one.
        await call(
          api.POST('/api/v1/documents/{id}/withdraw', {
            params: { path: { id: draft.current.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
            body: {},
          }),
        ).catch(() => undefined);
        draft.current = null;
      }
      if (!draft.current) {
        // The route first, by the rules the submission applies: a refusal (an amount below zero, no
        // workflow for these fields) is said before any draft exists.
        await call(api.POST('/api/v1/route-preview', { body: { documentType: type, metadata } }));
      }
      const form = new FormData();
      form.set('title', title.trim());
      form.set('documentType', type);
      form.set('classification', classification);
      if (Object.keys(metadata).length) form.set('metadata', JSON.stringify(metadata));
      form.set('file', file!);
      draft.current ??= { id: (await postForm<Schemas['DocumentDto']>('/api/v1/documents', form)).id, key };
      return call(
        api.POST('/api/v1/documents/{id}/submit', {
          params: { path: { id: draft.current.id }, header: { 'Idempotency-Key': crypto.randomUUID() } },
          body: {},
        }),
      );
    },
    onSuccess: async (doc) => {
      // Submitted: nothing is lost by leaving any more, whatever is clicked meanwhile.
      leaving.release();
      await client.invalidateQueries({ queryKey: ['documents'] });
      // In the form's place: Back goes to where the form was opened from, not to an empty form that
      // invites the same document again.
      void navigate(`/documents/${doc.id}`, { state: JUST_SUBMITTED, replace: true });
    },
  });

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    submit.mutate();
  };

  return (
    <Page title={t('new.title')}>
      {leaving.prompt}
      {workflows.isPending ? <Loading /> : null}
      <ErrorMessage error={workflows.error ?? submit.error} />
      <form className="form" onSubmit={onSubmit}>
        <div className="field">
          <label htmlFor="doc-title">{t('new.docTitle')}</label>
          <input
            id="doc-title"
            required
            maxLength={500}
            aria-describedby="doc-title-length"
            value={title}
            onChange={(e) => setTitle(e.target.value)}
          />
          <LengthHint id="doc-title-length" length={title.length} max={500} />
        </div>
        <div className="field">
          <label htmlFor="doc-type">{t('new.type')}</label>
          <select id="doc-type" required value={type} onChange={(e) => setType(e.target.value)}>
            <option value="">{t('new.chooseType')}</option>
            {types.map((ty) => (
              <option key={ty} value={ty}>
                {typeName(ty)}
              </option>
            ))}
          </select>
        </div>
        {extraFields.map((f) => (
          <div className="field" key={f}>
            <label htmlFor={`field-${f}`}>{t(`fields.${f}`, { defaultValue: f })}</label>
            <input
              id={`field-${f}`}
              inputMode={f === 'amount' ? 'decimal' : undefined}
              // A number the route depends on is asked for before anything is sent.
              required={sizedFields.includes(f)}
              // Not a number: said at the field itself too (it was said only at the route, below).
              aria-invalid={isNotANumber(f) || undefined}
              aria-describedby={isNotANumber(f) ? `field-${f}-error` : undefined}
              value={fields[f] ?? ''}
              onChange={(e) => setFields({ ...fields, [f]: e.target.value })}
            />
            {isNotANumber(f) ? (
              <span id={`field-${f}-error`} className="field-error">
                {t('new.notANumber')}
              </span>
            ) : null}
          </div>
        ))}
        <FileInput id="doc-file" label={t('new.file')} required upload onFile={setFile} />
        <div className="field">
          <label htmlFor="doc-classification">{t('classification.label')}</label>
          <select
            id="doc-classification"
            value={classification}
            aria-describedby="doc-classification-hint"
            onChange={(e) => setClassification(e.target.value as Classification)}
          >
            {/* Short names: a phone shows only the first 30 or so characters of a chosen option;
                the whole of it is said below. */}
            {CLASSIFICATIONS.map((c) => (
              <option key={c} value={c}>
                {t(`classification.short.${c}`)}
              </option>
            ))}
          </select>
          <span id="doc-classification-hint" className="muted">
            {t(`classification.${classification}`)}
          </span>
        </div>
        {type ? (
          <section aria-labelledby="route-heading">
            <h2 id="route-heading">{t('new.route')}</h2>
            {awaiting ? (
              <p role="status">{t('new.noRoute')}</p>
            ) : notANumber ? (
              <p role="status">{t('common:errors.METADATA_NUMBER_REQUIRED')}</p>
            ) : preview.error instanceof ApiError && preview.error.code !== 'NO_WORKFLOW_FOR_DOCUMENT' ? (
              <ErrorMessage error={preview.error} />
            ) : preview.isError ? (
              <p role="status">
                {extraFields.every((f) => fields[f]?.trim()) ? t('new.noRouteApplies') : t('new.noRoute')}
              </p>
            ) : preview.data ? (
              <RoutePreview stages={preview.data.stages} />
            ) : (
              <Loading />
            )}
          </section>
        ) : null}
        <button type="submit" className="button-primary" disabled={submit.isPending}>
          {submit.isPending ? t('new.submitting') : t('new.submit')}
        </button>
      </form>
    </Page>
  );
}
