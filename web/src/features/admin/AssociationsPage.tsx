import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';

type Association = Schemas['AssociationDto'];

/** Associations, their members (active / retired), and a CSV import with a row-by-row report. */
export function AssociationsPage() {
  const { t, i18n } = useTranslation('admin');
  const list = useQuery({
    queryKey: ['associations'],
    queryFn: () => call(api.GET('/api/v1/associations', { params: { query: { limit: 100 } } })),
  });
  return (
    <Page title={t('associations.title')}>
      {list.isPending ? (
        <Loading />
      ) : list.isError ? (
        <ErrorMessage error={list.error} />
      ) : (
        list.data.items.map((a) => (
          <section key={a.id} className="panel" aria-label={displayName(a, i18n.language)}>
            <h2>{displayName(a, i18n.language)}</h2>
            <Import association={a} />
            <Members association={a} />
          </section>
        ))
      )}
    </Page>
  );
}

function Import({ association: a }: { association: Association }) {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const client = useQueryClient();
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const run = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/associations/{id}/members/import', {
          params: { path: { id: a.id } },
          body: { csv },
        }),
      ),
    onSuccess: () => client.invalidateQueries({ queryKey: ['admin', 'members', a.id] }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    run.mutate();
  };
  // The import is all-or-nothing: a bad row refuses the file, and the refusal lists every bad row.
  const refused =
    run.error instanceof ApiError && run.error.code === 'MEMBER_IMPORT_REJECTED'
      ? (run.error.details as Schemas['MemberImportReportDto'] | undefined)
      : undefined;
  const report = run.data ?? refused;
  return (
    <form className="form admin-form" onSubmit={submit} aria-label={t('associations.import')}>
      <h3>{t('associations.import')}</h3>
      <p className="muted">{t('associations.importHelp')}</p>
      <div className="field">
        <label htmlFor={fileId}>{t('associations.csvFile')}</label>
        <input
          id={fileId}
          type="file"
          accept=".csv,text/csv"
          onChange={(e) => {
            const f = e.target.files?.[0];
            if (f) void f.text().then(setCsv);
          }}
        />
      </div>
      <button type="submit" className="button-primary" disabled={!csv || run.isPending}>
        {t('associations.importButton')}
      </button>
      {run.isPending ? <progress aria-label={t('associations.importing')} /> : null}
      {refused ? null : <ErrorMessage error={run.error} />}
      {report ? (
        <div className="import-report" role="status">
          <p>
            {refused
              ? t('associations.refused', { n: format.number(report.rejected.length) })
              : t('associations.imported', { n: format.number(report.imported) })}
          </p>
          {report.rejected.length ? (
            <div
              className="table-wrap"
              role="region"
              aria-label={t('associations.reportCaption')}
              tabIndex={0}
            >
              <table>
                <caption>{t('associations.reportCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('associations.line')}</th>
                    <th scope="col">{t('associations.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.rejected.map((r) => (
                    <tr key={r.line}>
                      <td>{format.number(r.line)}</td>
                      <td>{r.reason}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
        </div>
      ) : null}
    </form>
  );
}

function Members({ association: a }: { association: Association }) {
  const { t, i18n } = useTranslation('admin');
  const members = useQuery({
    queryKey: ['admin', 'members', a.id],
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/members', {
          params: { path: { id: a.id }, query: { limit: 100 } },
        }),
      ),
  });
  return (
    <details>
      <summary>{t('associations.members')}</summary>
      {members.isPending ? (
        <Loading />
      ) : members.isError ? (
        <ErrorMessage error={members.error} />
      ) : (
        <ul className="plain-list">
          {members.data.items.map((m) => (
            <li key={m.id}>
              {displayName(m, i18n.language)} ({m.username}) · {t(`associations.status.${m.status}`)} ·{' '}
              {t(`associations.role.${m.role}`)}
            </li>
          ))}
        </ul>
      )}
    </details>
  );
}
