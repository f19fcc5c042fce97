import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { useSession } from '../../auth/session';
import { todayInPhnomPenh } from '../../i18n/khmer-format';
import { NewMeetingForm } from '../meetings/NewMeetingForm';
import type { Association } from './api';

type Term = Schemas['TermDto'];

/**
 * The association's meetings, as its board leads them: the caller's seat on the board, and "New
 * meeting" for those who schedule them (the board's president, vice-president and secretary, the
 * committee; the server decides: `mayScheduleMeetings`). The president chairs, the board's secretary
 * records, the other seated members are invited; where a role is not given yet, the scheduler.
 */
export function BoardMeetings({
  association: a,
  terms,
}: {
  association: Association;
  terms: Term[] | undefined;
}) {
  // The meetings' words load with the page (NewMeetingForm's), not when the form first shows: a
  // namespace loaded later suspends the whole page, and the forms beside this one lost what was typed.
  const { t } = useTranslation(['elections', 'meetings']);
  const session = useSession();
  const me = session.status === 'signedIn' ? session.user.id : '';
  const seat = a.myMembership?.boardRole ?? null;
  // The board that leads now: of the earliest term not yet ended (the sitting one, else the next).
  const today = todayInPhnomPenh();
  const term = (terms ?? [])
    .filter((x) => x.endsOn >= today)
    .sort((x, y) => x.startsOn.localeCompare(y.startsOn))[0];
  const board = useQuery({
    queryKey: ['association', a.id, 'board', term?.id ?? ''],
    queryFn: () =>
      call(
        api.GET('/api/v1/associations/{id}/terms/{termId}/board', {
          params: { path: { id: a.id, termId: term!.id } },
        }),
      ),
    enabled: !!a.mayScheduleMeetings && !!term,
  });
  if (!seat && !a.mayScheduleMeetings) return null;
  const seated = board.data?.members ?? [];
  const holder = (role: string) => seated.find((m) => m.role === role)?.userId;
  const chair = holder('president') ?? holder('vice_president') ?? me;
  const secretary = holder('secretary') ?? me;
  return (
    <section className="panel" aria-labelledby="assoc-meetings-title">
      <h2 id="assoc-meetings-title">{t('meetings.title')}</h2>
      {seat ? <p>{t('meetings.yourSeat', { role: t(`board.roles.${seat}`) })}</p> : null}
      {a.mayScheduleMeetings ? (
        <>
          <p className="muted">{t('meetings.text')}</p>
          {/* Once it is known who leads (the terms, then the board): the form is filled from them. */}
          {terms === undefined || (term && board.isPending) ? null : (
            <NewMeetingForm
              body={{ associationId: a.id }}
              chairUserId={chair}
              secretaryUserId={secretary}
              participants={seated
                .filter((m) => m.userId !== chair && m.userId !== secretary)
                .map((m) => ({
                  userId: m.userId,
                  role: m.role === 'vice_president' ? ('vice_chair' as const) : ('member' as const),
                }))}
            />
          )}
        </>
      ) : null}
      <p>
        <Link to="/meetings">{t('meetings.all')}</Link>
      </p>
    </section>
  );
}
