import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useFormat } from '../../i18n/format';
import { useCount } from './counts';
import { splitCsv } from './csv-parts';
import { FileInput } from '../../components/FileInput';
import { Fold } from '../../components/Fold';

type Row = Schemas['MemberImportRowDto'];

/**
 * The members CSV import for an association's admins: the file goes in parts of 500 rows (a
 * progress bar counts the rows sent), good rows are imported and bad ones reported, and the report
 * gives every line its outcome. Sending the same file again changes nothing.
 */
export function MembersImport({ associationId }: { associationId: string }) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const counted = useCount();
  const client = useQueryClient();
  const fileId = useId();
  const [csv, setCsv] = useState('');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [rows, setRows] = useState<Row[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [onlyProblems, setOnlyProblems] = useState(false);
  const running = progress !== null && progress.done < progress.total && !error;

  const run = async () => {
    const parts = splitCsv(csv);
    const total = parts.reduce((n, p) => n + p.rows, 0);
    const report: Row[] = [];
    setRows(null);
    setError(null);
    setProgress({ done: 0, total });
    try {
      for (const part of parts) {
        const r = await call(
          api.POST('/api/v1/associations/{id}/members/import', {
            params: { path: { id: associationId }, query: { lineOffset: part.lineOffset } },
            body: { csv: part.text },
          }),
        );
        report.push(...r.rows);
        setProgress((p) => (p ? { ...p, done: p.done + part.rows } : p));
        setRows([...report]);
      }
    } catch (e) {
      setError(e);
    } finally {
      await client.invalidateQueries({ queryKey: ['association', associationId, 'members'] });
    }
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run();
  };
  const count = (o: Row['outcome']) => rows?.filter((r) => r.outcome === o).length ?? 0;
  const shown = rows?.filter((r) => !onlyProblems || r.outcome === 'rejected') ?? [];
  return (
    <Fold title={t('import.title')}>
      <form className="form" onSubmit={submit} aria-label={t('import.title')}>
        <p className="muted">{t('import.help')}</p>
        <FileInput
          id={fileId}
          label={t('import.file')}
          accept=".csv,text/csv"
          onFile={(f) => {
            setRows(null);
            setProgress(null);
            if (f) void f.text().then(setCsv);
          }}
        />
        <button type="submit" className="button-primary" disabled={!csv || running}>
          {t('import.button')}
        </button>
        {progress ? (
          <div className="field">
            <progress
              aria-label={t('import.progress')}
              value={progress.done}
              max={Math.max(progress.total, 1)}
            />
            <span className="muted">
              {t('import.progressText', {
                done: format.number(progress.done),
                total: format.number(progress.total),
              })}
            </span>
          </div>
        ) : null}
        <ErrorMessage error={error} />
        {rows && !running ? (
          <div className="import-report">
            <p role="status">
              {t('import.summary', {
                imported: format.number(count('imported')),
                unchanged: counted('alreadyMembers', count('unchanged')),
                rejected: format.number(count('rejected')),
              })}
            </p>
            <label className="ballot-choice">
              <input
                type="checkbox"
                checked={onlyProblems}
                onChange={(e) => setOnlyProblems(e.target.checked)}
              />
              <span>{t('import.onlyRejected')}</span>
            </label>
            <div className="table-wrap" role="region" aria-label={t('import.reportCaption')} tabIndex={0}>
              <table>
                <caption>{t('import.reportCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('import.line')}</th>
                    <th scope="col">{t('import.member')}</th>
                    <th scope="col">{t('import.outcome')}</th>
                    <th scope="col">{t('import.reason')}</th>
                  </tr>
                </thead>
                <tbody>
                  {shown.map((r) => (
                    <tr key={r.line}>
                      <td>{format.number(r.line)}</td>
                      <td>{r.user ?? ''}</td>
                      <td>
                        <span className={`badge badge-import-${r.outcome}`}>
                          {t(`import.outcomes.${r.outcome}`)}
                        </span>
                      </td>
                      <td>
                        {r.problems
                          .map((p) =>
                            t(`import.problems.${p.code}`, {
                              value: p.value ?? '',
                              line: p.line === null ? '' : format.number(p.line),
                            }),
                          )
                          .join('; ')}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </div>
        ) : null}
      </form>
    </Fold>
  );
}
