import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { useCount } from './counts';
import { type CandidateResult, type Election, electionKey, getResults } from './api';
import { inBallotOrder } from './published';
import { receiptKey } from './receipt';
import { useTellApart } from './tell-apart';
import { type PublishedCounts, type Recount, recountBallots } from './recount';
import { substituteRuns } from './substitutes';
import { Fact } from '../../components/Fact';
import { FileLink } from '../../components/FileLink';

/** After closing: the results as a table and a bar chart, the tie and its break, the published lists. */
export function Results({ election: e }: { election: Election }) {
  const { t, i18n } = useTranslation('elections');
  const format = useFormat();
  const count = useCount();
  const results = useQuery({
    queryKey: [...electionKey(e.id), 'results', e.status],
    queryFn: () => getResults(e.id),
  });
  const tellApart = useTellApart(e.associationId, results.data?.candidates ?? []);
  if (results.isPending) return <Loading />;
  if (results.isError) return <ErrorMessage error={results.error} />;
  const r = results.data;
  // In lists of names (the elected, the substitutes, the tie, the draws, the published ballots), a
  // namesake is followed by what tells them apart: "Kim Sothea, Kim Sothea" said nothing.
  const label = (candidateId: string, form: 'full' | 'short') => {
    const c = r.candidates.find((x) => x.candidateId === candidateId);
    const marks = c ? tellApart(c.userId, form) : null;
    return `${displayName(c, i18n.language)}${marks ? ` (${marks})` : ''}`;
  };
  const name = (candidateId: string) => label(candidateId, 'full');
  const percent = (n: number) => format.number(Math.round(n * 10) / 10);
  return (
    <section className="panel" aria-labelledby="results-title">
      <h2 id="results-title">{t('results.title')}</h2>
      <dl className="facts">
        <Fact label={t('results.turnout')}>
          {t('results.turnoutText', {
            cast: format.number(r.ballotsCast),
            eligible: format.number(r.eligible),
            percent: percent(r.turnoutPercent),
          })}
        </Fact>
        <Fact label={t('results.quorum')}>
          {r.quorumPercent === null
            ? t('results.noQuorum')
            : r.quorumMet
              ? t('results.quorumMet', { percent: format.number(r.quorumPercent) })
              : t('results.quorumNotMet', { percent: format.number(r.quorumPercent) })}
        </Fact>
        <Fact label={t('results.blank')}>{format.number(r.blankBallots)}</Fact>
        <Fact label={t('results.elected')}>
          {r.elected.length ? r.elected.map(name).join(', ') : t('results.nobody')}
        </Fact>
        <Fact label={t('results.substitutes')}>
          {/* The tied candidates the lot leaves out rank above the rest: no order until it is drawn. */}
          {!r.final
            ? t('results.substitutesAfterTie')
            : r.substitutes.length
              ? substituteRuns(r.substitutes)
                  .map((run) =>
                    run.from === run.to
                      ? `${format.number(run.from)}. ${run.candidateIds.map(name).join(', ')}`
                      : t('results.substitutesTied', {
                          from: format.number(run.from),
                          to: format.number(run.to),
                          names: run.candidateIds.map(name).join(', '),
                        }),
                  )
                  .join('; ')
              : t('results.nobody')}
          {/* Places the lot decided are not mistaken for places the votes gave. */}
          {r.final && r.substitutes.length && r.substituteLot?.groups.length
            ? ` ${t('results.substitutesDrawn')}`
            : null}
        </Fact>
      </dl>
      {r.tie ? (
        <p className="alert alert-info" role="status">
          {t('results.tie', {
            names: r.tie.candidateIds.map(name).join(', '),
            votes: count('votes', r.tie.votes),
            seats: count('seatsLeft', r.tie.seatsLeft),
          })}{' '}
          {r.final ? '' : t('results.tieWaits')}
        </p>
      ) : null}
      {r.tieBreak ? (
        <div className="tie-break">
          <h3>{t('results.tieBreakTitle')}</h3>
          {r.tieBreak.method === 'lot' ? (
            <>
              <p>{t('results.lotWinners', { names: (r.tieBreak.winners ?? []).map(name).join(', ') })}</p>
              {/* How it was drawn, in the reader's language, with every value it names on the page
                  (the server's own procedure text is English, for the record): folded, as only
                  those who check it need the hexadecimal. */}
              <details className="lot-check">
                <summary>{t('results.checkDraw')}</summary>
                <p>{t('results.lotHow')}</p>
                <dl className="facts">
                  {r.tieBreak.lotCommitment ? (
                    <Fact label={t('results.lotCommitment')}>
                      <code className="code hash">{r.tieBreak.lotCommitment}</code>
                    </Fact>
                  ) : null}
                  <Fact label={t('results.lotSeed')}>
                    <code className="code hash">{r.tieBreak.seed}</code>
                  </Fact>
                </dl>
                {r.tieBreak.draw?.length ? (
                  <ol className="plain-list lot-draw" aria-label={t('results.lotDraw')}>
                    {r.tieBreak.draw.map((d) => (
                      <li key={d.candidateId}>
                        {name(d.candidateId)} <span className="muted">({d.candidateId})</span>
                        {t('punctuation.colon')} <code className="hash">{d.hash}</code>
                      </li>
                    ))}
                  </ol>
                ) : null}
              </details>
            </>
          ) : (
            <p>{t('results.runoff')}</p>
          )}
        </div>
      ) : null}
      {r.substituteLot?.groups.length ? (
        <div className="tie-break">
          <h3>{t('results.substituteLotTitle')}</h3>
          <details className="lot-check">
            <summary>{t('results.checkSubstituteDraw')}</summary>
            <p>{t('results.substituteLotHow')}</p>
            {r.tieBreak?.method === 'lot' || !r.lotSeed ? null : (
              <dl className="facts">
                {r.lotCommitment ? (
                  <Fact label={t('results.lotCommitment')}>
                    <code className="code hash">{r.lotCommitment}</code>
                  </Fact>
                ) : null}
                <Fact label={t('results.lotSeed')}>
                  <code className="code hash">{r.lotSeed}</code>
                </Fact>
              </dl>
            )}
            {r.substituteLot.groups.map((g) => (
              <ol
                key={g.draw.map((d) => d.candidateId).join()}
                className="plain-list lot-draw"
                aria-label={t('results.substituteLotGroup', { votes: count('votes', g.votes) })}
              >
                {g.draw.map((d) => (
                  <li key={d.candidateId}>
                    {name(d.candidateId)} <span className="muted">({d.candidateId})</span>
                    {t('punctuation.colon')} <code className="hash">{d.hash}</code>
                  </li>
                ))}
              </ol>
            ))}
          </details>
        </div>
      ) : null}
      {/* Printed, the table below says the same in less paper. */}
      <div className="no-print">
        <h3 id="results-chart-title">{t('results.chartTitle')}</h3>
        {/* A bar's label has no room for a unit's name: a namesake's member number says which. */}
        <ResultsChart
          candidates={r.candidates}
          nameOf={(id) => label(id, 'short')}
          labelledBy="results-chart-title"
        />
      </div>
      <div
        className="table-wrap results-table"
        role="region"
        aria-label={t('results.tableCaption')}
        tabIndex={0}
      >
        <table>
          <caption>{t('results.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('results.rank')}</th>
              <th scope="col">{t('results.candidate')}</th>
              <th scope="col">{t('results.votes')}</th>
              <th scope="col">{t('results.outcome')}</th>
            </tr>
          </thead>
          <tbody>
            {r.candidates.map((c) => (
              <tr key={c.candidateId}>
                <td>{format.number(c.rank)}</td>
                <th scope="row">
                  {displayName(c, i18n.language)}
                  {tellApart(c.userId) ? <span className="person-marks">{tellApart(c.userId)}</span> : null}
                </th>
                <td>{format.number(c.votes)}</td>
                <td>{t(`outcome.${c.outcome}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Published
        electionId={e.id}
        counts={r}
        candidates={r.candidates}
        nameOf={name}
        links={{ ballots: r.ballotsUrl, receipts: r.receiptsUrl }}
      />
    </section>
  );
}

const BAR_COLORS: Record<CandidateResult['outcome'], string> = {
  elected: '#1b6e3a',
  tied: '#8a5a00',
  substitute: '#2f5d8a',
  not_elected: '#6b7280',
};

/**
 * A horizontal bar per candidate. The SVG is an image named by its heading, with a text
 * alternative listing every bar; the outcome is written beside each bar, not only coloured.
 */
export function ResultsChart({
  candidates,
  nameOf,
  labelledBy,
}: {
  candidates: CandidateResult[];
  nameOf: (candidateId: string) => string;
  labelledBy: string;
}) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const descId = useId();
  const max = Math.max(1, ...candidates.map((c) => c.votes));
  const row = 44;
  const width = 320;
  const height = Math.max(row, candidates.length * row);
  const alt = candidates
    .map(
      (c) =>
        `${nameOf(c.candidateId)}${t('punctuation.colon')} ${format.number(c.votes)} (${t(`outcome.${c.outcome}`)})`,
    )
    .join('; ');
  return (
    <figure className="chart">
      <svg
        role="img"
        aria-labelledby={labelledBy}
        aria-describedby={descId}
        viewBox={`0 0 ${width} ${height}`}
        width="100%"
        preserveAspectRatio="xMinYMin meet"
      >
        <desc id={descId}>{alt}</desc>
        {candidates.map((c, i) => {
          const y = i * row;
          const w = Math.round(((width - 60) * c.votes) / max);
          return (
            <g key={c.candidateId} aria-hidden="true">
              <text x="0" y={y + 13} fontSize="12" fill="currentColor">
                {nameOf(c.candidateId)} · {t(`outcome.${c.outcome}`)}
              </text>
              <rect x="0" y={y + 18} width={Math.max(2, w)} height="18" fill={BAR_COLORS[c.outcome]} />
              <text x={Math.max(2, w) + 6} y={y + 32} fontSize="12" fill="currentColor">
                {format.number(c.votes)}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

/** The published receipts and anonymised ballots, and "Check my receipt". */
function Published({
  electionId,
  counts,
  candidates,
  nameOf,
  links,
}: {
  electionId: string;
  /** What the results publish, for the recount from the published ballots. */
  counts: PublishedCounts;
  candidates: CandidateResult[];
  nameOf: (candidateId: string) => string;
  /** Signed plain links: they open in a new tab or save as a file, as the other downloads do. */
  links: { ballots?: string; receipts?: string };
}) {
  const { t } = useTranslation('elections');
  const format = useFormat();
  const inputId = useId();
  const [code, setCode] = useState('');
  const [checked, setChecked] = useState<{ code: string; found: boolean } | null>(null);
  const [recounted, setRecounted] = useState<Recount | null>(null);
  const receipts = useQuery({
    queryKey: [...electionKey(electionId), 'receipts'],
    queryFn: () => call(api.GET('/api/v1/elections/{id}/receipts', { params: { path: { id: electionId } } })),
  });
  const ballots = useQuery({
    queryKey: [...electionKey(electionId), 'ballots'],
    queryFn: () => call(api.GET('/api/v1/elections/{id}/ballots', { params: { path: { id: electionId } } })),
  });
  const check = (ev: FormEvent) => {
    ev.preventDefault();
    const wanted = code.trim();
    if (!wanted || !receipts.data) return;
    const key = receiptKey(wanted);
    setChecked({ code: wanted, found: receipts.data.receipts.some((r) => receiptKey(r) === key) });
  };
  const ballotItems = ballots.data?.ballots ?? [];
  return (
    // A screen tool (check a receipt, open or download the lists): not printed with the results.
    <div className="published no-print">
      <h3>{t('published.checkTitle')}</h3>
      <form className="form inline-form" onSubmit={check}>
        <div className="field">
          <label htmlFor={inputId}>{t('published.yourReceipt')}</label>
          <input
            id={inputId}
            required
            value={code}
            onChange={(ev) => {
              setCode(ev.target.value);
              // The verdict was the checked code's, not this one's.
              setChecked(null);
            }}
            autoComplete="off"
          />
        </div>
        <button type="submit" disabled={!receipts.data}>
          {t('published.check')}
        </button>
      </form>
      <p role="status" className={checked ? (checked.found ? 'verdict-good' : 'verdict-bad') : undefined}>
        {checked ? (checked.found ? t('published.found') : t('published.notFound')) : ''}
      </p>
      <details id="receipts">
        <summary>{t('published.receipts', { n: format.number(receipts.data?.count ?? 0) })}</summary>
        <ErrorMessage error={receipts.error} />
        <ul className="code-list">
          {(receipts.data?.receipts ?? []).map((r) => (
            <li key={r}>
              <code>{r}</code>
            </li>
          ))}
        </ul>
      </details>
      <details id="ballots">
        <summary>{t('published.ballots', { n: format.number(ballotItems.length) })}</summary>
        <ErrorMessage error={ballots.error} />
        <ol className="code-list">
          {ballotItems.map((b, i) => (
            <li key={i}>
              {b.choices.length
                ? inBallotOrder(b.choices, candidates).map(nameOf).join(', ')
                : t('published.blankBallot')}
            </li>
          ))}
        </ol>
      </details>
      {/* A recount here, in the reader's browser, from the ballots above (not the server's tally). */}
      <h3>{t('published.recountTitle')}</h3>
      <p>{t('published.recountText')}</p>
      <button
        type="button"
        disabled={!ballots.data}
        onClick={() => setRecounted(recountBallots(ballots.data?.ballots ?? [], counts))}
      >
        {t('published.recount')}
      </button>
      {recounted ? (
        <div role="status" className={recounted.agrees ? 'alert alert-good' : 'alert alert-error'}>
          <p>
            {t(recounted.agrees ? 'published.recountAgrees' : 'published.recountDiffers', {
              n: format.number(recounted.ballots),
              blank: format.number(recounted.blank),
            })}
          </p>
          {recounted.differences.length ? (
            <ul>
              {recounted.differences.map((d) => (
                <li key={d.candidateId}>
                  {t('published.recountDifference', {
                    name: nameOf(d.candidateId),
                    published: format.number(d.published),
                    counted: format.number(d.counted),
                  })}
                </li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
      {/* For a recount by anyone, with their own tools: the lists as the API publishes them. */}
      <p className="row">
        <FileLink
          path={`/api/v1/elections/${electionId}/ballots`}
          href={links.ballots}
          fileName={`ballots-${electionId}.json`}
        >
          {t('published.downloadBallots')}
        </FileLink>
        <FileLink
          path={`/api/v1/elections/${electionId}/receipts`}
          href={links.receipts}
          fileName={`receipts-${electionId}.json`}
        >
          {t('published.downloadReceipts')}
        </FileLink>
      </p>
    </div>
  );
}
