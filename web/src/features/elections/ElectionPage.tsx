import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, Suspense, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { ApiError, api, call, text } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useLeaveGuard } from '../../components/LeaveGuard';
import { useHydrated } from '../../components/hydrated';
import { useModal } from '../../components/modal';
import { lazyComponent } from '../../components/lazyComponent';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName, localName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import './elections.css';
import { type Election, electionKey, getAssociation, getElection, membershipOf } from './api';
import { Fact } from '../../components/Fact';
import { useTellApart } from './tell-apart';

// What only some visits show loads when shown: the results (with their chart) after closing, the
// committee's controls and the board. A member voting never fetches them (issue 15's 150 kB).
const Results = lazyComponent(() => import('./Results').then((m) => m.Results));
const AdminControls = lazyComponent(() => import('./AdminControls').then((m) => m.AdminControls));
const Board = lazyComponent(() => import('./AdminControls').then((m) => m.Board));

/** An election: its candidates in ballot order; the ballot while voting; the results after closing. */
export function ElectionPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation('elections');
  const election = useQuery({
    queryKey: electionKey(id),
    queryFn: () => getElection(id),
    // While the tally runs after closing, look again until the results are there.
    refetchInterval: (q) =>
      q.state.data?.status === 'closed' && !q.state.data.resultsAvailable ? 2000 : false,
  });
  if (election.isPending) return <Loading />;
  if (election.isError) {
    return (
      <Page title={t('detail.title')}>
        <ErrorMessage error={election.error} />
      </Page>
    );
  }
  return <ElectionView election={election.data} />;
}

function ElectionView({ election: e }: { election: Election }) {
  const { t, i18n } = useTranslation('elections');
  const format = useFormat();
  const association = useQuery({
    queryKey: ['association', e.associationId],
    queryFn: () => getAssociation(e.associationId),
  });
  const membership = membershipOf(association.data);
  // The association's committee and admins run its elections; a system administrator who is
  // neither reads them only (src/associations/associations-access.ts).
  const mayRun = membership?.role === 'admin' || membership?.role === 'committee';
  const mayCertify = membership?.role === 'admin';
  // The committee's editor lists the candidates (with their withdraw buttons) while they may
  // change: the public list would show them a second time.
  const editing = mayRun && (e.status === 'draft' || e.status === 'nominations');
  const showCandidates = e.status !== 'voting' && !editing;
  const tellApart = useTellApart(e.associationId, e.candidates);
  return (
    <Page title={localName(e.title, e.titleKm, i18n.language)}>
      <dl className="facts">
        <Fact label={t('detail.status')}>
          <span className={`badge badge-election-${e.status}`}>{t(`status.${e.status}`)}</span>
        </Fact>
        {association.data ? (
          <Fact label={t('detail.association')}>{displayName(association.data, i18n.language)}</Fact>
        ) : null}
        <Fact label={t('detail.seats')}>{format.number(e.seats)}</Fact>
        <Fact label={t('detail.choose')}>
          {t('detail.chooseUpTo', { count: e.maxChoices, n: format.number(e.maxChoices) })}
        </Fact>
        <Fact label={t('detail.window')}>
          {format.dateTime(text(e.votingOpenedAt) ?? e.votingOpensAt)} –{' '}
          {format.dateTime(text(e.votingClosedAt) ?? e.votingClosesAt)}
        </Fact>
        <Fact label={t('detail.eligible')}>{e.eligibleStatuses.map((s) => t(`member.${s}`)).join(', ')}</Fact>
        {e.quorumPercent !== null ? (
          <Fact label={t('detail.quorum')}>
            {t('detail.quorumOf', { percent: `${format.number(e.quorumPercent)}%` })}
          </Fact>
        ) : null}
        {e.status === 'voting' || e.status === 'closed' || e.status === 'certified' ? (
          <Fact label={t('detail.turnout')}>
            {t('detail.turnoutOf', {
              voted: format.number(e.turnout.voted),
              eligible: e.turnout.eligible === null ? '…' : format.number(e.turnout.eligible),
            })}
          </Fact>
        ) : null}
      </dl>

      {/* The committee's next step (open, close, break the tie, certify) first: below the results
          and the published lists it was thousands of pixels down. */}
      {mayRun ? (
        <Suspense fallback={<Loading />}>
          <AdminControls election={e} mayCertify={mayCertify} />
        </Suspense>
      ) : null}

      {showCandidates ? (
        // Printed with the results, the candidates are the results' table (their statements stay on screen).
        <section
          className={e.resultsAvailable ? 'panel no-print' : 'panel'}
          aria-labelledby="candidates-title"
        >
          <h2 id="candidates-title">{t('candidates.title')}</h2>
          {e.candidates.length === 0 ? (
            <p className="muted">{t('candidates.none')}</p>
          ) : (
            <ol className="candidates">
              {e.candidates.map((c) => (
                <li key={c.id}>
                  <span className="item-title">{displayName(c, i18n.language)}</span>
                  {tellApart(c.userId) ? <span className="person-marks">{tellApart(c.userId)}</span> : null}
                  {c.status === 'withdrawn' ? (
                    <span className="muted"> · {t('candidates.withdrawn')}</span>
                  ) : null}
                  {text(c.statement) ? <p className="muted">{text(c.statement)}</p> : null}
                </li>
              ))}
            </ol>
          )}
        </section>
      ) : null}

      {e.status === 'voting' ? <Voting election={e} membershipStatus={membership?.status ?? null} /> : null}
      {e.status === 'closed' && !e.resultsAvailable ? (
        <p className="alert alert-info" role="status">
          {t('results.counting')}
        </p>
      ) : null}
      {e.status === 'closed' && e.resultsAvailable ? (
        <p className="alert alert-info" role="status">
          {t('results.notCertified')}
        </p>
      ) : null}
      <Suspense fallback={<Loading />}>
        {e.resultsAvailable ? <Results election={e} /> : null}
        {e.status === 'certified' ? (
          <Board associationId={e.associationId} termId={e.termId} mayAssignRoles={mayCertify} />
        ) : null}
      </Suspense>
      {e.status === 'cancelled' ? (
        <p className="alert alert-info" role="status">
          {t('detail.cancelled')}
        </p>
      ) : null}
    </Page>
  );
}

/** While voting is open: the ballot, or "You have voted", or why I may not vote. */
function Voting({ election: e, membershipStatus }: { election: Election; membershipStatus: string | null }) {
  const { t, i18n } = useTranslation('elections');
  const [receipt, setReceipt] = useState<string | null>(null);
  const myVote = useQuery({
    queryKey: [...electionKey(e.id), 'my-vote'],
    queryFn: () => call(api.GET('/api/v1/elections/{id}/my-vote', { params: { path: { id: e.id } } })),
  });
  if (receipt) return <Receipt code={receipt} electionTitle={localName(e.title, e.titleKm, i18n.language)} />;
  if (myVote.isPending) return <Loading />;
  if (myVote.isError) return <ErrorMessage error={myVote.error} />;
  if (myVote.data.voted) {
    return (
      <section className="panel" aria-labelledby="voted-title">
        <h2 id="voted-title">{t('vote.voted')}</h2>
        <p>{t('vote.votedText')}</p>
      </section>
    );
  }
  if (!myVote.data.eligible) {
    const why =
      membershipStatus === null
        ? t('vote.notMember')
        : !e.eligibleStatuses.includes(membershipStatus as 'active' | 'retired')
          ? t('vote.statusNotEligible', {
              status: t(`member.${membershipStatus}`),
              eligible: e.eligibleStatuses.map((s) => t(`member.${s}`)).join(', '),
            })
          : t('vote.notOnRoll');
    return (
      <section className="panel" aria-labelledby="ineligible-title">
        <h2 id="ineligible-title">{t('vote.ineligible')}</h2>
        <p>{why}</p>
      </section>
    );
  }
  return <Ballot election={e} onCast={setReceipt} />;
}

function Ballot({ election: e, onCast }: { election: Election; onCast: (receipt: string) => void }) {
  const { t, i18n } = useTranslation('elections');
  const format = useFormat();
  const client = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [confirming, setConfirming] = useState(false);
  // The server renders the ballot (src/entry-server.tsx): until the app runs it, a tick would be
  // in the page but not in the ballot, so it waits, disabled.
  const hydrated = useHydrated();
  const dialog = useRef<HTMLDialogElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const dialogTitle = useId();
  const ballotId = useId();
  const tellApart = useTellApart(e.associationId, e.candidates);
  const full = chosen.length >= e.maxChoices;
  const cast = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/elections/{id}/ballots', {
          params: { path: { id: e.id } },
          body: { candidateIds: chosen },
        }),
      ),
    onSuccess: (r) => {
      setConfirming(false);
      onCast(r.receipt);
      void client.invalidateQueries({ queryKey: electionKey(e.id) });
      // "My elections" and the home page say whether I have voted.
      void client.invalidateQueries({ queryKey: ['elections'] });
    },
    onError: (error) => {
      setConfirming(false);
      // Voted meanwhile (another tab, another device) or voting closed: the page reads the
      // election again and shows what is so now, in place of a ballot that can no longer be cast.
      if (
        error instanceof ApiError &&
        (error.code === 'ALREADY_VOTED' || error.code === 'ELECTION_NOT_OPEN')
      ) {
        void client.invalidateQueries({ queryKey: electionKey(e.id) });
      }
    },
  });
  useModal(dialog, cancel, confirming);
  const toggle = (id: string, on: boolean) =>
    setChosen((c) =>
      on ? (c.includes(id) || c.length >= e.maxChoices ? c : [...c, id]) : c.filter((x) => x !== id),
    );
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setConfirming(true);
  };
  // The choices in ballot order, numbered 1..n: numbered by their place on the ballot ("9. 10. 12.")
  // they read as if lines were missing; in the order ticked they would read as a ranking.
  const ticked = e.candidates.filter((c) => chosen.includes(c.id)).map((c, i) => ({ c, n: i + 1 }));
  return (
    <section className="panel" aria-labelledby="ballot-title">
      <h2 id="ballot-title">{t('vote.title')}</h2>
      <form className="form ballot" onSubmit={submit}>
        <fieldset disabled={!hydrated}>
          <legend>{t('vote.legend', { count: e.maxChoices, n: format.number(e.maxChoices) })}</legend>
          <ol className="ballot-list">
            {e.candidates.map((c) => {
              const checked = chosen.includes(c.id);
              const who = tellApart(c.userId);
              return (
                <li key={c.id}>
                  <label className="ballot-choice">
                    <input
                      type="checkbox"
                      checked={checked}
                      disabled={!checked && full}
                      onChange={(ev) => toggle(c.id, ev.target.checked)}
                      aria-labelledby={who ? `${ballotId}-${c.id}-name` : undefined}
                      aria-describedby={who ? `${ballotId}-${c.id}` : undefined}
                    />
                    <span>
                      <span id={`${ballotId}-${c.id}-name`}>{displayName(c, i18n.language)}</span>
                      {/* Named by the name alone; which of two namesakes, said under it. */}
                      {who ? (
                        <span className="person-marks" id={`${ballotId}-${c.id}`}>
                          {who}
                        </span>
                      ) : null}
                    </span>
                  </label>
                  {/* Folded: twenty statements in full would bury the ballot on a phone. */}
                  {text(c.statement) ? (
                    <details className="ballot-statement">
                      <summary>{t('vote.statement', { name: displayName(c, i18n.language) })}</summary>
                      <p>{text(c.statement)}</p>
                    </details>
                  ) : null}
                </li>
              );
            })}
          </ol>
        </fieldset>
        <p role="status" className="muted">
          {t('vote.chosen', {
            n: format.number(chosen.length),
            max: format.number(e.maxChoices),
          })}
          {full ? ` ${t('vote.full')}` : ''}
        </p>
        <ErrorMessage error={cast.error} />
        <button type="submit" className="button-primary" disabled={!hydrated}>
          {t('vote.cast')}
        </button>
      </form>
      <dialog
        ref={dialog}
        aria-labelledby={dialogTitle}
        onCancel={() => setConfirming(false)}
        className="confirm"
      >
        <h2 id={dialogTitle}>{t('vote.confirmTitle')}</h2>
        {chosen.length === 0 ? (
          <p>{t('vote.blank')}</p>
        ) : (
          <ul className="plain-list">
            {ticked.map(({ c, n }) => (
              <li key={c.id}>
                {format.number(n)}. {displayName(c, i18n.language)}
                {tellApart(c.userId) ? <span className="muted"> ({tellApart(c.userId)})</span> : null}
              </li>
            ))}
          </ul>
        )}
        <p className="muted">{t('vote.final')}</p>
        <div className="row">
          <button
            type="button"
            className="button-primary"
            disabled={cast.isPending}
            onClick={() => cast.mutate()}
          >
            {t('vote.confirm')}
          </button>
          <button ref={cancel} type="button" onClick={() => setConfirming(false)}>
            {t('vote.cancel')}
          </button>
        </div>
      </dialog>
    </section>
  );
}

/**
 * The receipt, shown this once (the ballot is secret: nobody can show it again). Until it is copied,
 * leaving the page asks first: a link in the app shows a warning with "Stay" and "Leave the page";
 * closing or reloading the tab, the browser's own question.
 */
function Receipt({ code, electionTitle }: { code: string; electionTitle: string }) {
  const { t } = useTranslation('elections');
  // Copied or saved: kept, so the page may be left without a question.
  const [copied, setCopied] = useState(false);
  const [saved, setSaved] = useState(false);
  const codeRef = useRef<HTMLElement>(null);
  const title = useRef<HTMLHeadingElement>(null);
  const kept = copied || saved;
  const leaving = useLeaveGuard(!kept, t('vote.leaveWarning'));
  // The ballot (and its dialog) went with the vote: focus comes here, to the thanks and the receipt.
  useEffect(() => title.current?.focus(), []);
  // A small text file the voter keeps: the election, the code, and what it is for.
  const save = () => {
    const body = [
      electionTitle,
      `${t('vote.receipt')}${t('punctuation.colon')} ${code}`,
      t('vote.receiptFileNote'),
      '',
    ].join('\r\n');
    const url = URL.createObjectURL(new Blob(['\uFEFF', body], { type: 'text/plain;charset=utf-8' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `receipt-${code}.txt`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    setSaved(true);
  };
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      setCopied(true);
    } catch {
      // No clipboard (an insecure origin): select the code so the user can copy it.
      const range = document.createRange();
      if (codeRef.current) range.selectNodeContents(codeRef.current);
      window.getSelection()?.removeAllRanges();
      window.getSelection()?.addRange(range);
    }
  };
  return (
    <section className="panel receipt" aria-labelledby="receipt-title">
      {leaving.prompt}
      <h2 id="receipt-title" ref={title} tabIndex={-1}>
        {t('vote.thanks')}
      </h2>
      <p>
        <span>{t('vote.receipt')}</span>
        {t('punctuation.colon')}{' '}
        <code ref={codeRef} className="code receipt-code">
          {code}
        </code>
      </p>
      {/* Said where the code is: it cannot be shown again (nothing ties a receipt to its voter). */}
      <p className="alert alert-info receipt-once">{t('vote.receiptOnce')}</p>
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          {t('vote.copy')}
        </button>
        <button type="button" onClick={save}>
          {t('vote.save')}
        </button>
        <span role="status">{copied ? t('vote.copied') : saved ? t('vote.saved') : ''}</span>
      </div>
    </section>
  );
}
