import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { type Election, electionKey, getResults } from './api';

type Action = 'open-nominations' | 'open-voting' | 'close-voting' | 'cancel' | 'tie-break' | 'certify';

/** The election's lifecycle for its committee (and certification for the association's admins). */
export function AdminControls({ election: e, mayCertify }: { election: Election; mayCertify: boolean }) {
  const { t } = useTranslation('elections');
  const client = useQueryClient();
  const [cancelling, setCancelling] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const results = useQuery({
    queryKey: [...electionKey(e.id), 'results', e.status],
    queryFn: () => getResults(e.id),
    enabled: e.resultsAvailable,
  });
  const act = useMutation({
    mutationFn: async (action: Action) => {
      const path = { params: { path: { id: e.id } } };
      switch (action) {
        case 'open-nominations':
          return call(api.POST('/api/v1/elections/{id}/open-nominations', path));
        case 'open-voting':
          return call(api.POST('/api/v1/elections/{id}/open-voting', path));
        case 'close-voting':
          return call(api.POST('/api/v1/elections/{id}/close-voting', path));
        case 'cancel':
          return call(api.POST('/api/v1/elections/{id}/cancel', path));
        case 'tie-break':
          return call(api.POST('/api/v1/elections/{id}/tie-break', { ...path, body: { method: 'lot' } }));
        case 'certify':
          return call(api.POST('/api/v1/elections/{id}/certify', path));
      }
    },
    onSuccess: async (_r, action) => {
      setCancelling(false);
      setDone(t(`admin.done.${action}`));
      await client.invalidateQueries({ queryKey: electionKey(e.id) });
      await client.invalidateQueries({ queryKey: ['associations'] });
    },
  });
  const r = results.data;
  const tieWaits = !!r && !!r.tie && !r.final;
  const buttons: [Action, string][] = [];
  if (e.status === 'draft') buttons.push(['open-nominations', t('admin.openNominations')]);
  if (e.status === 'draft' || e.status === 'nominations')
    buttons.push(['open-voting', t('admin.openVoting')]);
  if (e.status === 'voting') buttons.push(['close-voting', t('admin.closeVoting')]);
  if (e.status === 'closed' && tieWaits && e.tieBreak === 'lot')
    buttons.push(['tie-break', t('admin.tieBreak')]);
  if (e.status === 'closed' && mayCertify && r && r.final && r.quorumMet) {
    buttons.push(['certify', t('admin.certify')]);
  }
  const mayCancel = e.status !== 'certified' && e.status !== 'cancelled';
  return (
    <section className="panel" aria-labelledby="admin-title">
      <h2 id="admin-title">{t('admin.title')}</h2>
      {e.status === 'closed' && r && !r.quorumMet ? <p>{t('admin.noCertifyQuorum')}</p> : null}
      <div className="row">
        {buttons.map(([action, label]) => (
          <button
            key={action}
            type="button"
            className="button-primary"
            disabled={act.isPending}
            onClick={() => act.mutate(action)}
          >
            {label}
          </button>
        ))}
        {mayCancel && !cancelling ? (
          <button type="button" className="button-danger" onClick={() => setCancelling(true)}>
            {t('admin.cancel')}
          </button>
        ) : null}
      </div>
      {cancelling ? (
        <div className="alert alert-info" role="group" aria-label={t('admin.cancelAsk')}>
          <p>{t('admin.cancelAsk')}</p>
          <div className="row">
            <button
              type="button"
              className="button-danger"
              disabled={act.isPending}
              onClick={() => act.mutate('cancel')}
            >
              {t('admin.cancelConfirm')}
            </button>
            <button type="button" onClick={() => setCancelling(false)}>
              {t('admin.keep')}
            </button>
          </div>
        </div>
      ) : null}
      <p role="status">{done ?? ''}</p>
      <ErrorMessage error={act.error} />
    </section>
  );
}

/** The board of the term, installed by certification: seats with roles, then substitutes. */
export function Board({ associationId, termId }: { associationId: string; termId: string }) {
  const { t, i18n } = useTranslation('elections');
  const format = useFormat();
  const board = useQuery({
    queryKey: ['association', associationId, 'board', termId],
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/terms/{termId}/board', {
          params: { path: { id: associationId, termId } },
        }),
      ),
  });
  return (
    <section className="panel" aria-labelledby="board-title">
      <h2 id="board-title">{t('board.title')}</h2>
      {board.isPending ? (
        <Loading />
      ) : board.isError ? (
        <ErrorMessage error={board.error} />
      ) : (
        <>
          <p className="muted">{t('board.term', { n: format.number(board.data.term.number) })}</p>
          <ul className="item-list">
            {board.data.members.map((m) => (
              <li key={m.userId}>
                <span className="item-title">{displayName(m, i18n.language)}</span>
                <span className="item-meta">{t(`board.roles.${m.role}`)}</span>
              </li>
            ))}
          </ul>
          {board.data.substitutes.length ? (
            <>
              <h3>{t('board.substitutes')}</h3>
              <ol className="item-list">
                {board.data.substitutes.map((m) => (
                  <li key={m.userId}>{displayName(m, i18n.language)}</li>
                ))}
              </ol>
            </>
          ) : null}
        </>
      )}
    </section>
  );
}
