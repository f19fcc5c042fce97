import { useInfiniteQuery, useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, call, type Schemas } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { ListFoot } from '../../components/ListFoot';
import { Loading } from '../../components/Loading';
import { displayName } from '../../components/names';
import { Page } from '../../components/Page';
import { useFormat } from '../../i18n/format';
import {
  AUDIT_ACTION_AREAS,
  AUDIT_AREAS,
  type AuditAction,
  auditSubjectPath,
  groupVotes,
  type VoteRun,
  entryTitle,
} from './audit-actions';
import { UserPicker } from './UserPicker';

/** The audit log: who did what, newest first, by person and kind; and the check of its hash chains. */
export function AuditPage() {
  const { t } = useTranslation('admin');
  return (
    <Page title={t('audit.title')}>
      <Activity />
      <Verification />
    </Page>
  );
}

const PAGE_SIZE = 50;

function Activity() {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const headingId = useId();
  const kindId = useId();
  const [actorId, setActorId] = useState('');
  const [action, setAction] = useState<AuditAction | ''>('');
  const entries = useInfiniteQuery({
    queryKey: ['admin', 'audit', actorId, action],
    queryFn: ({ pageParam }) =>
      call(
        api.GET('/api/v1/audit', {
          params: {
            query: {
              limit: PAGE_SIZE,
              actorId: actorId || undefined,
              action: action || undefined,
              cursor: pageParam,
            },
          },
        }),
      ),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const shown = entries.data?.pages.flatMap((p) => p.items) ?? [];
  const people = new Map((entries.data?.pages ?? []).flatMap((p) => p.people.map((x) => [x.id, x] as const)));
  const kinds = Object.keys(AUDIT_ACTION_AREAS) as AuditAction[];
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('activity.title')}</h2>
      <p>{t('activity.text')}</p>
      <div className="admin-form">
        <UserPicker label={t('activity.who')} value={actorId} onChange={setActorId} anyStatus />
        {actorId ? (
          <button type="button" onClick={() => setActorId('')}>
            {t('activity.everyone')}
          </button>
        ) : null}
        <div className="field">
          <label htmlFor={kindId}>{t('activity.kind')}</label>
          <select id={kindId} value={action} onChange={(e) => setAction(e.target.value as AuditAction | '')}>
            <option value="">{t('activity.allKinds')}</option>
            {AUDIT_AREAS.map((area) => (
              <optgroup key={area} label={t(`activity.area.${area}`)}>
                {kinds
                  .filter((k) => AUDIT_ACTION_AREAS[k] === area)
                  .map((k) => (
                    <option key={k} value={k}>
                      {t(`activity.action.${k}`)}
                    </option>
                  ))}
              </optgroup>
            ))}
          </select>
        </div>
      </div>
      {entries.isPending ? (
        <Loading />
      ) : entries.isError && !entries.data ? (
        <ErrorMessage error={entries.error} />
      ) : (
        <>
          <ul className="item-list audit-entries" aria-label={t('activity.title')}>
            {groupVotes(shown).map((row) =>
              'votes' in row ? (
                <Votes key={row.votes[0].id} votes={row.votes} />
              ) : (
                <Entry key={row.id} entry={row} people={people} />
              ),
            )}
          </ul>
          <ListFoot
            query={entries}
            count={
              shown.length === 0
                ? t('activity.none')
                : entries.hasNextPage
                  ? t('activity.shownMore', { count: shown.length, n: format.number(shown.length) })
                  : t('activity.shownAll', { count: shown.length, n: format.number(shown.length) })
            }
          />
        </>
      )}
    </section>
  );
}

type AuditEntry = Schemas['AuditEntryDto'];

/**
 * A run of ballots cast in one election: how many voted, over what time, the election's page, and
 * who voted (public, as on a paper roll; how they voted is nowhere in the log).
 */
function Votes({ votes }: VoteRun) {
  const { t, i18n } = useTranslation('admin');
  const format = useFormat();
  const newest = votes[0];
  const oldest = votes.at(-1) ?? newest;
  const subject = auditSubjectPath(newest.stream);
  return (
    <li>
      <span className="item-title">
        {t('activity.votes', { count: votes.length, n: format.number(votes.length) })}
      </span>
      <span className="item-meta">
        <span>
          <time dateTime={oldest.createdAt}>{format.dateTime(oldest.createdAt)}</time>
          {votes.length > 1 ? (
            <>
              {' – '}
              <time dateTime={newest.createdAt}>{format.dateTime(newest.createdAt)}</time>
            </>
          ) : null}
        </span>
        {subject ? <Link to={subject.path}>{t(`activity.open.${subject.kind}`)}</Link> : null}
      </span>
      <details>
        <summary>{t('activity.voters')}</summary>
        <ul>
          {votes.map((v) => (
            <li key={v.id}>
              {v.actorName || v.actorNameKm
                ? displayName({ fullName: v.actorName, fullNameKm: v.actorNameKm }, i18n.language)
                : t('activity.removed')}
            </li>
          ))}
        </ul>
      </details>
    </li>
  );
}

/**
 * One entry: what happened (in words), when, who (and for whom), the person or page it is about, the
 * stage of a document's route, and its recorded details, with each account they name by id named.
 */
function Entry({ entry: e, people }: { entry: AuditEntry; people: Map<string, Schemas['AuditPersonDto']> }) {
  const { t, i18n } = useTranslation('admin');
  const format = useFormat();
  const subject = auditSubjectPath(e.stream);
  const nameOf = (en: string | null, km: string | null) =>
    en || km ? displayName({ fullName: en, fullNameKm: km }, i18n.language) : null;
  const actor = e.actorId
    ? nameOf(e.actorName, e.actorNameKm) || t('activity.removed')
    : t('activity.system');
  const actingFor = nameOf(e.actingForName, e.actingForNameKm);
  const who = actingFor ? t('activity.actingFor', { who: actor, name: actingFor }) : actor;
  const about = nameOf(e.subjectName, e.subjectNameKm);
  // A stage as the document's page counts it (from 1; the record keeps its index, from 0).
  // Its Khmer name for a Khmer reader, when the entry recorded one (entries before it did not).
  const stageName =
    i18n.language === 'km' && typeof e.data.stageNameKm === 'string' ? e.data.stageNameKm : e.data.stageName;
  const stage =
    typeof e.data.stage === 'number'
      ? t('activity.stage', {
          n: format.number(e.data.stage + 1),
          name: typeof stageName === 'string' ? stageName : '',
        })
      : null;
  const hasDetails = Object.keys(e.data).length > 0;
  return (
    <li>
      <span className="item-title">{t(`activity.action.${entryTitle(e)}`, { defaultValue: e.action })}</span>
      <span className="item-meta">
        <time dateTime={e.createdAt}>{format.dateTime(e.createdAt)}</time>
        <span>{who}</span>
        {about ? <span>{t('activity.about', { name: about })}</span> : null}
        {stage ? <span>{stage}</span> : null}
        {subject ? <Link to={subject.path}>{t(`activity.open.${subject.kind}`)}</Link> : null}
      </span>
      {hasDetails ? (
        <details>
          <summary>{t('activity.details')}</summary>
          <pre className="audit-data">
            {JSON.stringify(
              e.data,
              (_key, value: unknown) => {
                const person = typeof value === 'string' ? people.get(value.toLowerCase()) : undefined;
                return person ? `${nameOf(person.name, person.nameKm)} (${value as string})` : value;
              },
              2,
            )}
          </pre>
        </details>
      ) : null}
    </li>
  );
}

/** Checks the audit log's hash chains against the last signed checkpoint. */
function Verification() {
  const { t } = useTranslation('admin');
  const format = useFormat();
  const headingId = useId();
  const verify = useMutation({ mutationFn: () => call(api.GET('/api/v1/audit/verify')) });
  const r = verify.data;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{t('audit.verifyTitle')}</h2>
      <p>{t('audit.text')}</p>
      <button
        type="button"
        className="button-primary"
        disabled={verify.isPending}
        onClick={() => verify.mutate()}
      >
        {t('audit.verify')}
      </button>
      <ErrorMessage error={verify.error} />
      <p role="status" className={r ? (r.ok ? 'verdict-good' : 'verdict-bad') : undefined}>
        {r
          ? r.ok
            ? t('audit.ok', { n: format.number(r.checked) })
            : t('audit.bad', {
                n: format.number(r.checked),
                problem: r.problem ? t(`audit.problem.${r.problem}`) : '',
                stream: r.stream ?? '',
                id: r.firstBadId ?? '',
              })
          : ''}
      </p>
    </section>
  );
}
