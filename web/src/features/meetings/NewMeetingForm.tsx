import { useMutation } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { type Schemas, api, call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Field, FormButtons } from '../../components/Field';
import { ministryInstant } from '../../i18n/khmer-format';
import { parseAgenda } from './agenda';
import { useFocusBack } from '../../components/focusBack';

type MeetingBody = Schemas['CreateMeetingDto'];

export interface NewMeetingProps {
  /** The body the meeting belongs to: a working group or an association. */
  body: Pick<MeetingBody, 'workingGroupId'> | Pick<MeetingBody, 'associationId'>;
  chairUserId: string;
  secretaryUserId: string;
  /** Invited besides the chair and the secretary. */
  participants: MeetingBody['participants'];
}

/**
 * "New meeting", for whoever schedules a body's meetings (a working group's chair or secretary, an
 * association's board officers or committee): title, time, place and the agenda (agenda.ts). Opens
 * the meeting's page once scheduled.
 */
export function NewMeetingForm({ body, chairUserId, secretaryUserId, participants }: NewMeetingProps) {
  const { t } = useTranslation('meetings');
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [title, setTitle] = useState('');
  const [titleKm, setTitleKm] = useState('');
  const [startsAt, setStartsAt] = useState('');
  const [endsAt, setEndsAt] = useState('');
  const [location, setLocation] = useState('');
  const [agenda, setAgenda] = useState('');
  const [untitled, setUntitled] = useState(false);
  const untitledId = useId();
  const titleBox = useRef<HTMLDivElement>(null);
  // Cancelled, the form gives the focus back to the button that opened it.
  const opener = useRef<HTMLButtonElement>(null);
  useFocusBack(open, opener);
  const create = useMutation({
    mutationFn: () =>
      call(
        api.POST('/api/v1/meetings', {
          body: {
            // One title is enough, in either language: a Khmer one alone is the title for everyone.
            title: title.trim() || titleKm.trim(),
            titleKm: titleKm.trim() || undefined,
            ...body,
            startsAt: ministryInstant(startsAt),
            endsAt: endsAt ? ministryInstant(endsAt) : undefined,
            location: location.trim() || undefined,
            chairUserId,
            secretaryUserId,
            agenda: parseAgenda(agenda),
            participants,
          },
        }),
      ),
    onSuccess: (m) => navigate(`/meetings/${m.id}`),
  });
  if (!open) {
    return (
      <button type="button" ref={opener} className="button-primary" onClick={() => setOpen(true)}>
        {t('newMeeting.button')}
      </button>
    );
  }
  return (
    <form
      className="form"
      aria-label={t('newMeeting.button')}
      onSubmit={(e) => {
        e.preventDefault();
        const none = !title.trim() && !titleKm.trim();
        setUntitled(none);
        // Said at the title, with the focus there: on a phone the form's top is a screen away
        // from its button, and a message there went unseen.
        if (none) titleBox.current?.querySelector('input')?.focus();
        else create.mutate();
      }}
    >
      <div ref={titleBox}>
        <Field
          label={t('newMeeting.titleKm')}
          // Opened by its button: the form is what comes next.
          autoFocus
          lang="km"
          help={t('newMeeting.titlesHelp')}
          aria-invalid={untitled || undefined}
          aria-describedby={untitled ? untitledId : undefined}
          value={titleKm}
          onChange={(v) => {
            setTitleKm(v);
            setUntitled(false);
          }}
        />
        {untitled ? (
          <p id={untitledId} className="field-error" role="alert">
            {t('newMeeting.untitled')}
          </p>
        ) : null}
      </div>
      <Field label={t('newMeeting.title')} lang="en" value={title} onChange={setTitle} />
      <Field
        label={t('newMeeting.startsAt')}
        type="datetime-local"
        required
        value={startsAt}
        onChange={setStartsAt}
      />
      <Field
        label={t('newMeeting.endsAt')}
        type="datetime-local"
        min={startsAt || undefined}
        value={endsAt}
        onChange={setEndsAt}
      />
      <Field label={t('newMeeting.location')} value={location} onChange={setLocation} />
      <Field label={t('newMeeting.agenda')} rows={4} value={agenda} onChange={setAgenda} />
      <ErrorMessage error={create.error} />
      <FormButtons
        submit={t('newMeeting.schedule')}
        cancel={t('newMeeting.cancel')}
        pending={create.isPending}
        onCancel={() => setOpen(false)}
      />
    </form>
  );
}
