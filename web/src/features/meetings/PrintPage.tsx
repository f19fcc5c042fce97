import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, call, text } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { Page } from '../../components/Page';
import { displayName } from '../../components/names';
import { useFormat } from '../../i18n/format';
import { flatten, meetingKey } from './MeetingPage';
import { useVoteText } from './votes';

/**
 * The minutes as a page to print from the browser (File > Print, or "Save as PDF"): the app's own
 * page with print styles (meetings.css hides the app's header and the buttons), no inline style
 * and no Authorization header anywhere (the QR code is a plain signed link). A draft is marked
 * DRAFT; approved minutes show their verification code and QR code.
 */
export function PrintPage() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation('meetings');
  const format = useFormat();
  const voteText = useVoteText();
  const meeting = useQuery({
    queryKey: meetingKey(id),
    queryFn: () => call(api.GET('/api/v1/meetings/{id}', { params: { path: { id } } })),
  });
  const minutes = useQuery({
    queryKey: [...meetingKey(id), 'minutes'],
    queryFn: () => call(api.GET('/api/v1/meetings/{id}/minutes', { params: { path: { id } } })),
  });
  if (meeting.isPending || minutes.isPending) return <Loading />;
  if (meeting.isError || minutes.isError) {
    return (
      <Page title={t('print.title')}>
        <ErrorMessage error={meeting.error ?? minutes.error} />
      </Page>
    );
  }
  const m = meeting.data;
  const mins = minutes.data;
  const lang = i18n.language;
  const title = lang === 'km' && text(m.titleKm) ? text(m.titleKm)! : m.title;
  const numberOf = new Map(flatten(m.agenda).map(({ item }) => [item.id, item.number]));
  const approved = mins.status === 'approved';
  const person = (userId: string) =>
    displayName(
      m.participants.find((p) => p.userId === userId),
      lang,
    );
  const notes = new Map(mins.items.map((i) => [i.agendaItemId, i.notes]));
  const code = text(mins.verificationCode);
  const qr = text(m.minutesQrUrl);
  const errata = mins.errata.filter((e) => e.status === 'approved');
  return (
    <div className="print-page">
      <p className="row no-print">
        <button type="button" className="button-primary" onClick={() => window.print()}>
          {t('print.print')}
        </button>
        <Link to={`/meetings/${m.id}`}>{t('print.back')}</Link>
      </p>
      <p className="print-kingdom">
        ព្រះរាជាណាចក្រកម្ពុជា
        <br />
        ជាតិ សាសនា ព្រះមហាក្សត្រ
      </p>
      {approved ? null : (
        <p className="print-draft" role="note">
          {t('print.draft', { n: format.number(mins.revision) })}
        </p>
      )}
      <Page title={t('print.headingOf', { title })}>
        <table className="print-table">
          <tbody>
            <tr>
              <th scope="row">{t('detail.when')}</th>
              <td>
                {format.dateTime(m.startsAt)}
                {text(m.endsAt) ? ` – ${format.dateTime(m.endsAt)}` : ''}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('detail.where')}</th>
              <td>{text(m.location) ?? '—'}</td>
            </tr>
            <tr>
              <th scope="row">{t('roles.chair')}</th>
              <td>{person(m.chairUserId)}</td>
            </tr>
            <tr>
              <th scope="row">{t('roles.secretary')}</th>
              <td>{person(m.secretaryUserId)}</td>
            </tr>
            <tr>
              <th scope="row">{t('print.quorum')}</th>
              <td>
                {t(m.quorum.met ? 'attendance.quorumMet' : 'attendance.quorumNotMet', {
                  present: format.number(m.quorum.present),
                  required: format.number(m.quorum.required),
                  eligible: format.number(m.quorum.eligible),
                })}
              </td>
            </tr>
          </tbody>
        </table>

        <h2>{t('attendance.title')}</h2>
        <table className="print-table">
          <thead>
            <tr>
              <th scope="col">{t('print.no')}</th>
              <th scope="col">{t('print.name')}</th>
              <th scope="col">{t('print.role')}</th>
              <th scope="col">{t('attendance.title')}</th>
              <th scope="col" className="print-sign">
                {t('print.signature')}
              </th>
            </tr>
          </thead>
          <tbody>
            {m.participants.map((p, i) => (
              <tr key={p.id}>
                <td>{format.number(i + 1)}</td>
                <td>{displayName(p, lang)}</td>
                <td>{t(`roles.${p.role}`)}</td>
                <td>{t(`attendance.${p.attendance}`)}</td>
                <td className="print-sign" />
              </tr>
            ))}
          </tbody>
        </table>

        <h2>{t('print.agendaAndNotes')}</h2>
        {flatten(m.agenda).map(({ item, depth }) => (
          <section key={item.id} className={`print-item depth-${depth}`}>
            <h3>
              {format.digits(item.number)}. {item.title}
            </h3>
            {notes.get(item.id) ? <p className="compare-text">{notes.get(item.id)}</p> : null}
          </section>
        ))}

        <h2>{t('print.decisions')}</h2>
        {mins.decisions.length ? (
          <ol className="print-decisions">
            {mins.decisions.map((d, i) => (
              <li key={i}>
                <span className="compare-text">{d.text}</span> {voteText(d)}
                {/* The item it was taken on, as the PDF names it. */}
                {d.agendaItemId && numberOf.get(d.agendaItemId) ? (
                  <span className="muted">
                    {' '}
                    ({t('print.onItem', { number: format.digits(numberOf.get(d.agendaItemId)!) })})
                  </span>
                ) : null}
              </li>
            ))}
          </ol>
        ) : (
          <p>—</p>
        )}

        <h2>{t('minutes.actionItems')}</h2>
        {mins.actionItems.length ? (
          <table className="print-table">
            <thead>
              <tr>
                <th scope="col">{t('print.no')}</th>
                <th scope="col">{t('minutes.actionText')}</th>
                <th scope="col">{t('minutes.owner')}</th>
                <th scope="col">{t('minutes.dueOn')}</th>
              </tr>
            </thead>
            <tbody>
              {mins.actionItems.map((a, i) => (
                <tr key={a.id}>
                  <td>{format.number(i + 1)}</td>
                  <td>{a.text}</td>
                  <td>{person(a.ownerUserId)}</td>
                  <td>{format.date(a.dueOn)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        ) : (
          <p>—</p>
        )}

        {errata.length ? (
          <>
            <h2>{t('errata.title')}</h2>
            <ol>
              {errata.map((e) => (
                <li key={e.id}>
                  <span className="compare-text">{e.text}</span> ({text(e.verificationCode) ?? ''})
                </li>
              ))}
            </ol>
          </>
        ) : null}

        <div className="print-signatures">
          <div>
            {t('roles.secretary')}
            <br />
            <br />
            {person(m.secretaryUserId)}
          </div>
          <div>
            {t('roles.chair')}
            <br />
            <br />
            {person(m.chairUserId)}
          </div>
        </div>

        <div className="print-verification">
          {approved && code ? (
            <>
              {qr ? (
                <img className="print-qr" src={qr} alt={t('print.qrAlt')} width={128} height={128} />
              ) : null}
              <p>
                {t('print.code')}
                {t('common:colon')} <strong>{code}</strong>
              </p>
              <p>{`${window.location.origin}/verify/${code}`}</p>
              {text(m.minutesApprovedAt) ? (
                <p>{t('print.approvedAt', { when: format.dateTime(m.minutesApprovedAt) })}</p>
              ) : null}
            </>
          ) : (
            <p>{t('print.noCode')}</p>
          )}
        </div>
      </Page>
    </div>
  );
}
