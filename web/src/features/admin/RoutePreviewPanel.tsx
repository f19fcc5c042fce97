import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas, api, call } from '../../api/client';
import { displayName, localName } from '../../components/names';
import { AdminError } from './AdminError';
import { UserPicker } from './UserPicker';
import { useDocumentTypeName } from '../../components/documentTypes';
import { NumberInput } from '../../components/NumberInput';

type Workflow = Schemas['WorkflowDto'];
type Preview = Schemas['WorkflowRoutePreviewDto'];
type Person = Schemas['PersonDto'];

/** Routing outcomes are snake_case codes; translation keys are camelCase (`_one` would read as a plural). */
const camel = (code: string) => code.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase());

interface Note {
  outcome?: string;
  userId?: string;
  skippedUserId?: string;
  delegateId?: string;
}

/**
 * "Which route would a document take?": a submitter and an amount, answered by the server's own
 * routing (POST /workflows/route-preview), with every passed-over or substituted approver and why.
 */
export function RoutePreviewPanel({ workflow }: { workflow: Workflow }) {
  const { t } = useTranslation('admin');
  const typeName = useDocumentTypeName();
  const [submitterId, setSubmitterId] = useState('');
  const [amount, setAmount] = useState('');
  const amountId = useId();
  const preview = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/workflows/route-preview', {
          body: {
            submitterId,
            documentType: workflow.documentType,
            workflowId: workflow.id,
            ...(amount.trim() ? { metadata: { amount: Number(amount) } } : {}),
          },
        }),
      ),
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    preview.mutate();
  };
  return (
    <section className="panel route-preview" aria-labelledby={`${amountId}-h`}>
      <h2 id={`${amountId}-h`}>{t('preview.title')}</h2>
      <p className="muted">{t('preview.text', { type: typeName(workflow.documentType) })}</p>
      <form className="form admin-form" onSubmit={onSubmit} aria-label={t('preview.title')}>
        <UserPicker label={t('preview.submitter')} value={submitterId} onChange={setSubmitterId} required />
        <div className="field">
          <label htmlFor={amountId}>{t('preview.amount')}</label>
          <NumberInput id={amountId} decimals value={amount} onChange={setAmount} />
        </div>
        <AdminError error={preview.error} />
        <button type="submit" className="button-primary" disabled={preview.isPending || !submitterId}>
          {t('preview.run')}
        </button>
      </form>
      {preview.data ? <PreviewResult preview={preview.data} workflow={workflow} /> : null}
    </section>
  );
}

function PreviewResult({ preview: p, workflow }: { preview: Preview; workflow: Workflow }) {
  const { t, i18n } = useTranslation('admin');
  const name = (person: Person | null | undefined) => displayName(person, i18n.language);
  const people = new Map<string, Person>();
  for (const s of p.stages)
    for (const a of s.approvers) {
      people.set(a.assignee.id, a.assignee);
      if (a.actingFor) people.set(a.actingFor.id, a.actingFor);
    }
  const who = (id?: string) => (id && people.has(id) ? name(people.get(id)) : t('preview.someone'));
  const other = p.applicableWorkflows[0];
  const headingId = useId();
  return (
    <section className="preview-result" aria-labelledby={headingId}>
      <h3 id={headingId}>{t('preview.result')}</h3>
      {p.applies ? (
        <p role="status">
          {t('preview.applies', { name: displayName(workflow, i18n.language), n: p.workflow.version })}
        </p>
      ) : (
        <p role="alert" className="alert">
          {other
            ? t('preview.otherApplies', { name: displayName(other, i18n.language), n: other.version })
            : t('preview.noneApplies')}
        </p>
      )}
      {p.blocked ? (
        <p role="alert" className="alert alert-error">
          {t('preview.blocked')}
        </p>
      ) : null}
      <ol className="timeline">
        {p.stages.map((s) => (
          <li key={s.index} className="timeline-item">
            <span className="timeline-stage">
              {t('workflows.stageNamed', { n: s.index + 1, name: displayName(s, i18n.language) })}{' '}
              <span className="muted">
                ({t(`preview.mode.${s.mode}`, { k: s.quorum ?? 1 })}
                {s.slaHours ? ` · ${t('preview.sla', { count: s.slaHours })}` : ''})
              </span>
            </span>
            {s.approvers.length ? (
              <ul className="plain-list">
                {s.approvers.map((a) => {
                  const post = a.post ? localName(a.post.title, a.post.titleKm, i18n.language) : null;
                  return (
                    <li key={a.assignee.id}>
                      <strong>{name(a.assignee)}</strong>
                      {/* The post of a delegation is the absent holder's: named with them. */}
                      {a.actingFor
                        ? ` · ${t('preview.actingFor', { name: post ? `${name(a.actingFor)} (${post})` : name(a.actingFor) })}`
                        : post
                          ? ` · ${post}`
                          : ''}
                      {a.origin !== 'approver' ? ` · ${t(`preview.origin.${a.origin}`)}` : ''}
                    </li>
                  );
                })}
              </ul>
            ) : (
              <p className="muted">{t('preview.nobody')}</p>
            )}
            <ul className="plain-list route-notes">
              {(s.routingNotes as Note[])
                .filter((n) => n.outcome && n.outcome !== 'resolved')
                .concat((s.routingNotes as Note[]).filter((n) => n.outcome === 'resolved' && n.skippedUserId))
                .map((n, k) => (
                  <li key={k}>
                    {t(`preview.note.${camel(n.outcome ?? '')}`, {
                      who: who(n.userId),
                      skipped: who(n.skippedUserId),
                      delegate: who(n.delegateId),
                    })}
                  </li>
                ))}
            </ul>
          </li>
        ))}
      </ol>
    </section>
  );
}
