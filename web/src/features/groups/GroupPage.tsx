import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, FormButtons } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { asciiDigits } from '../../i18n/khmer-format';
import { NewMeetingForm } from '../meetings/NewMeetingForm';
import { useFocusBack } from '../../components/focusBack';

type Group = Schemas['WorkingGroupPageDto'];
type Reports = Schemas['ProgressReportsDto'];
type RollUp = Schemas['RollUpEntryDto'];

const groupKey = (id: string) => ['group', id] as const;

/** This quarter as the API writes it (2026-Q4). */
function currentQuarter(): string {
  const d = new Date();
  return `${d.getFullYear()}-Q${Math.floor(d.getMonth() / 3) + 1}`;
}

/** A working group: members and roles, sub-groups, progress across sub-groups, reports and requests. */
export function GroupPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('groups');
  const group = useQuery({
    queryKey: groupKey(id),
    queryFn: () => call(api.GET('/api/v1/working-groups/{id}', { params: { path: { id } } })),
  });
  const reports = useQuery({
    queryKey: [...groupKey(id), 'reports'],
    queryFn: () =>
      call(api.GET('/api/v1/working-groups/{id}/progress-reports', { params: { path: { id } } })),
  });
  if (group.isPending) return <Loading />;
  if (group.isError) {
    return (
      <Page title={t('detail.title')}>
        <ErrorMessage error={group.error} />
      </Page>
    );
  }
  const g = group.data;
  return (
    <Page title={displayName(g, i18n.language)}>
      {g.parent ? (
        <p>
          {t('detail.partOf')}{' '}
          {/* A sub-group's member who is not of the parent group sees its name, not a link to "not found". */}
          {g.parentViewable ? (
            <Link to={`/groups/${g.parent.id}`}>{displayName(g.parent, i18n.language)}</Link>
          ) : (
            <strong>{displayName(g.parent, i18n.language)}</strong>
          )}
        </p>
      ) : null}
      {g.purpose ? <p>{g.purpose}</p> : null}
      {reports.isPending ? (
        <Loading />
      ) : reports.isError ? (
        <ErrorMessage error={reports.error} />
      ) : (
        <Progress group={g} reports={reports.data} />
      )}
      {g.myRoles.length ? <NewReport group={g} /> : null}
      {reports.data ? <ReportList group={g} reports={reports.data} /> : null}
      <Members group={g} />
      {g.subGroups.length ? (
        <section className="panel" aria-labelledby="subgroups-title">
          <h2 id="subgroups-title">{t('subGroups.title')}</h2>
          <ul className="item-list">
            {g.subGroups.map((s) => (
              <li key={s.id}>
                <Link to={`/groups/${s.id}`} className="item-title">
                  {displayName(s, i18n.language)}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section className="panel" aria-labelledby="meetings-title">
        <h2 id="meetings-title">{t('meetings.title')}</h2>
        {g.myRoles.includes('secretary') || g.myRoles.includes('chair') ? <NewMeeting group={g} /> : null}
        {g.meetings.length ? (
          <ul className="item-list">
            {g.meetings.map((m) => (
              <li key={m.id}>
                <Link to={`/meetings/${m.id}`} className="item-title">
                  {localName(m.title, m.titleKm, i18n.language)}
                </Link>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('meetings.none')}</p>
        )}
      </section>
    </Page>
  );
}

function Progress({ group: g, reports }: { group: Group; reports: Reports }) {
  const { t, i18n } = useTranslation('groups');
  const format = useFormat();
  const descId = useId();
  const others = reports.rollUp.filter((r) => r.groupId !== g.id);
  const rows: RollUp[] = others.length ? others : reports.rollUp;
  const nameOf = (r: RollUp) =>
    displayName(
      r.groupId === g.id ? g : (g.subGroups.find((s) => s.id === r.groupId) ?? { name: r.groupName }),
      i18n.language,
    );
  const percentOf = (r: RollUp) => r.latestPercent ?? r.rolledUpPercent;
  const self = reports.rollUp.find((r) => r.groupId === g.id);
  // The overall figure is the mean of the sub-groups that reported: say how many have not.
  const unreported = others.filter((r) => percentOf(r) === null).length;
  const rowH = 40;
  const width = 320;
  return (
    <section className="panel" aria-labelledby="progress-title">
      {/* A group without sub-groups has only its own progress: not "across sub-groups" of itself. */}
      <h2 id="progress-title">{others.length > 0 ? t('progress.title') : t('progress.titleOwn')}</h2>
      {others.length === 0 && self && percentOf(self) !== null ? (
        <p>{t('progress.own', { percent: format.number(Math.round(percentOf(self)!)) })}</p>
      ) : null}
      {others.length > 0 && self && self.rolledUpPercent !== null ? (
        <p>
          {unreported
            ? t('progress.overallPartial', {
                percent: format.number(Math.round(self.rolledUpPercent)),
                count: unreported,
                n: format.number(unreported),
              })
            : t('progress.overall', { percent: format.number(Math.round(self.rolledUpPercent)) })}
        </p>
      ) : null}
      <figure className="chart">
        <svg
          role="img"
          aria-labelledby="progress-title"
          aria-describedby={descId}
          viewBox={`0 0 ${width} ${Math.max(rowH, rows.length * rowH)}`}
          width="100%"
        >
          <desc id={descId}>
            {rows
              .map((r) => {
                const p = percentOf(r);
                return `${nameOf(r)}: ${p === null ? t('progress.noReport') : `${format.number(Math.round(p))}%`}`;
              })
              .join('; ')}
          </desc>
          {rows.map((r, i) => {
            const p = percentOf(r) ?? 0;
            const y = i * rowH;
            return (
              <g key={r.groupId} aria-hidden="true">
                <text x="0" y={y + 12} fontSize="12" fill="currentColor">
                  {nameOf(r)}
                </text>
                <rect x="0" y={y + 17} width={width - 50} height="16" fill="#e5e7eb" />
                <rect
                  x="0"
                  y={y + 17}
                  width={Math.round(((width - 50) * p) / 100)}
                  height="16"
                  fill="#2f5d8a"
                />
                <text x={width - 44} y={y + 30} fontSize="12" fill="currentColor">
                  {percentOf(r) === null ? '—' : `${format.number(Math.round(p))}%`}
                </text>
              </g>
            );
          })}
        </svg>
      </figure>
      <div className="table-wrap" role="region" aria-label={t('progress.tableCaption')} tabIndex={0}>
        <table>
          <caption>{t('progress.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('progress.group')}</th>
              <th scope="col">{t('progress.period')}</th>
              <th scope="col">{t('progress.percent')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const p = percentOf(r);
              return (
                <tr key={r.groupId}>
                  <th scope="row">{nameOf(r)}</th>
                  <td>{r.latestPeriod ? format.period(r.latestPeriod) : '—'}</td>
                  <td>{p === null ? t('progress.noReport') : `${format.number(Math.round(p))}%`}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function NewReport({ group: g }: { group: Group }) {
  const { t } = useTranslation('groups');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [period, setPeriod] = useState(currentQuarter);
  const [percent, setPercent] = useState('');
  const [achievements, setAchievements] = useState('');
  const [challenges, setChallenges] = useState('');
  const [request, setRequest] = useState('');
  const [done, setDone] = useState(false);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/working-groups/{id}/progress-reports', {
          params: { path: { id: g.id } },
          body: {
            period: asciiDigits(period.trim()).toUpperCase(),
            progressPercent: Number(percent),
            achievements: achievements.trim() || undefined,
            challenges: challenges.trim() || undefined,
            requests: request.trim() ? [{ text: request.trim() }] : undefined,
          },
        }),
      ),
    onSuccess: async () => {
      setOpen(false);
      setDone(true);
      setPercent('');
      setAchievements('');
      setChallenges('');
      setRequest('');
      await client.invalidateQueries({ queryKey: ['group'] });
    },
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  const opener = useRef<HTMLButtonElement>(null);
  useFocusBack(open, opener);
  return (
    <section className="panel" aria-label={t('report.new')}>
      <p role="status">{done ? t('report.saved') : ''}</p>
      {open ? (
        <form className="form" onSubmit={submit}>
          <h2>{t('report.new')}</h2>
          <Field
            label={t('report.period')}
            value={period}
            required
            // Khmer digits and a small q are taken too (sent as 2026-Q4).
            pattern="[0-9០-៩]{4}-([Qq][1-4១-៤]|[0០][1-9១-៩]|[1១][0-2០-២])"
            title={t('report.periodFormat')}
            help={t('report.periodFormat')}
            onChange={setPeriod}
          />
          <Field
            label={t('report.percent')}
            type="number"
            min={0}
            max={100}
            // Opened by its button: the progress is what comes next (the period is filled in).
            autoFocus
            required
            inputMode="numeric"
            value={percent}
            onChange={setPercent}
          />
          <Field label={t('report.achievements')} rows={3} value={achievements} onChange={setAchievements} />
          <Field label={t('report.challenges')} rows={3} value={challenges} onChange={setChallenges} />
          {/* A sub-group asks its parent group's chair; a group at the top, its own chair (the server's rule). */}
          <Field
            label={t(g.parent ? 'report.request' : 'report.requestTop')}
            rows={2}
            value={request}
            onChange={setRequest}
          />
          <ErrorMessage error={create.error} />
          <FormButtons
            submit={t('report.submit')}
            cancel={t('report.cancel')}
            pending={create.isPending}
            onCancel={() => setOpen(false)}
          />
        </form>
      ) : (
        <button type="button" ref={opener} className="button-primary" onClick={() => setOpen(true)}>
          {t('report.new')}
        </button>
      )}
    </section>
  );
}

function ReportList({ group: g, reports }: { group: Group; reports: Reports }) {
  const { t, i18n } = useTranslation('groups');
  const format = useFormat();
  const isChair = g.myRoles.includes('chair');
  // The reporting group's chair or secretary raises its unanswered requests (the server says the same).
  const mayRaise = g.myRoles.includes('chair') || g.myRoles.includes('secretary');
  return (
    <section className="panel" aria-labelledby="reports-title">
      <h2 id="reports-title">{t('reports.title')}</h2>
      {reports.reports.length === 0 ? <p className="muted">{t('reports.none')}</p> : null}
      <ul className="plain-list reports">
        {reports.reports.map((r) => (
          <li key={r.id}>
            <article
              aria-label={`${displayName({ name: r.groupName, nameKm: r.groupNameKm }, i18n.language)} ${format.period(r.period)}`}
            >
              <h3>
                {displayName({ name: r.groupName, nameKm: r.groupNameKm }, i18n.language)} ·{' '}
                {format.period(r.period)} · {format.number(r.progressPercent)}%
              </h3>
              {r.achievements ? (
                <p>
                  <strong>
                    {t('report.achievements')}
                    {t('common:colon')}
                  </strong>{' '}
                  {r.achievements}
                </p>
              ) : null}
              {r.challenges ? (
                <p>
                  <strong>
                    {t('report.challenges')}
                    {t('common:colon')}
                  </strong>{' '}
                  {r.challenges}
                </p>
              ) : null}
              {r.requests.map((q) => (
                <div
                  key={q.id}
                  id={`request-${q.id}`}
                  tabIndex={-1}
                  className="request"
                  role="group"
                  aria-label={`${t('requests.request')}${t('common:colon')} ${q.text}`}
                >
                  <p>
                    <strong>
                      {t('requests.request')}
                      {t('common:colon')}
                    </strong>{' '}
                    {q.text} <span className="badge">{t(`requests.status.${q.status}`)}</span>
                  </p>
                  <p className="muted">
                    {t('requests.addressedTo', {
                      group: displayName(
                        { name: q.addresseeGroupName, nameKm: q.addresseeGroupNameKm },
                        i18n.language,
                      ),
                    })}
                  </p>
                  {q.response ? (
                    <p>
                      <strong>
                        {t('requests.response')}
                        {t('common:colon')}
                      </strong>{' '}
                      {q.response}
                    </p>
                  ) : null}
                  {q.respondedAt ? (
                    <p className="muted">
                      {t('requests.answeredOn', { date: format.dateTime(q.respondedAt) })}
                    </p>
                  ) : null}
                  {isChair &&
                  q.addresseeGroupId === g.id &&
                  (q.status === 'open' || q.status === 'raised') ? (
                    <Respond requestId={q.id} label={q.text} />
                  ) : null}
                  {mayRaise && q.raisable && r.groupId === g.id ? <Raise requestId={q.id} /> : null}
                </div>
              ))}
            </article>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Raises an unanswered request to the group above the one it is addressed to. */
function Raise({ requestId }: { requestId: string }) {
  const { t } = useTranslation('groups');
  const client = useQueryClient();
  const raise = useMutation({
    mutationFn: () => call(api.POST('/api/v1/requests/{id}/raise', { params: { path: { id: requestId } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: ['group'] }),
  });
  return (
    <>
      <ErrorMessage error={raise.error} />
      <button type="button" disabled={raise.isPending} onClick={() => raise.mutate()}>
        {t('requests.raise')}
      </button>
    </>
  );
}

function Respond({ requestId, label }: { requestId: string; label: string }) {
  const { t } = useTranslation('groups');
  const client = useQueryClient();
  const [response, setResponse] = useState('');
  const [status, setStatus] = useState<'accepted' | 'declined' | 'done'>('accepted');
  const statusId = useId();
  const respond = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/requests/{id}/respond', {
          params: { path: { id: requestId } },
          body: { response: response.trim(), status },
        }),
      ),
    // The form goes with the answer: the focus goes to the request, which now shows it (it fell to
    // the page's body).
    onSuccess: async () => {
      await client.invalidateQueries({ queryKey: ['group'] });
      document.getElementById(`request-${requestId}`)?.focus();
    },
  });
  return (
    <form
      className="form respond"
      aria-label={t('requests.respondTo', { text: label })}
      onSubmit={(e) => {
        e.preventDefault();
        respond.mutate();
      }}
    >
      <Field label={t('requests.response')} rows={2} required value={response} onChange={setResponse} />
      <div className="field">
        <label htmlFor={statusId}>{t('requests.decision')}</label>
        <select id={statusId} value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="accepted">{t('requests.status.accepted')}</option>
          <option value="declined">{t('requests.status.declined')}</option>
          <option value="done">{t('requests.status.done')}</option>
        </select>
      </div>
      <ErrorMessage error={respond.error} />
      <button type="submit" disabled={respond.isPending || !response.trim()}>
        {t('requests.respond')}
      </button>
    </form>
  );
}

function Members({ group: g }: { group: Group }) {
  const { t, i18n } = useTranslation('groups');
  const format = useFormat();
  return (
    <section className="panel" aria-labelledby="members-title">
      <h2 id="members-title">{t('members.title')}</h2>
      <ul className="item-list">
        {g.members.map((m) => (
          <li key={m.id}>
            <span className="item-title">{displayName(m, i18n.language)}</span>
            <span className="item-meta">
              <span>{t(`roles.${m.role}`)}</span>
              <span>
                {m.to
                  ? t('members.fromTo', { from: format.date(m.from), to: format.date(m.to) })
                  : t('members.since', { from: format.date(m.from) })}
              </span>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The secretary's "New meeting": the group's chair and secretary lead it, its other members are invited. */
function NewMeeting({ group: g }: { group: Group }) {
  const chair = g.members.find((m) => m.role === 'chair');
  const secretary = g.members.find((m) => m.role === 'secretary') ?? chair;
  return (
    <NewMeetingForm
      body={{ workingGroupId: g.id }}
      chairUserId={chair?.userId ?? ''}
      secretaryUserId={secretary?.userId ?? ''}
      participants={g.members
        .filter((m) => m.role !== 'chair' && m.role !== 'secretary')
        .map((m) => ({ userId: m.userId, role: m.role === 'vice_chair' ? m.role : ('member' as const) }))}
    />
  );
}
