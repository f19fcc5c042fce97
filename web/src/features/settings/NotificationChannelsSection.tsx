import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, call, type Schemas } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Loading';
import { i18n } from '../../i18n';
import { useFormat } from '../../i18n/format';
import './channels.css';

type Settings = Schemas['NotificationSettingsDto'];
type KindChannels = Schemas['KindChannelsDto'];

const SETTINGS = ['notification-settings'] as const;

// This section's words load with the settings page's code, not after it renders.
void i18n.loadNamespaces('channels');

/**
 * Settings: linking Telegram (a one-time deep link to the bot; hidden when the server has no bot)
 * and, per kind of notification, the channels it goes to, with the approvers' daily digest.
 */
export function NotificationChannelsSection() {
  const settings = useQuery({
    queryKey: SETTINGS,
    queryFn: () => call(api.GET('/api/v1/me/notification-settings')),
  });
  if (settings.isPending) return <Loading />;
  if (settings.isError) return <ErrorMessage error={settings.error} />;
  return (
    <>
      {settings.data.telegram.available ? <TelegramPanel telegram={settings.data.telegram} /> : null}
      <ChannelsForm settings={settings.data} />
    </>
  );
}

function TelegramPanel({ telegram }: { telegram: Settings['telegram'] }) {
  const { t } = useTranslation('channels');
  const format = useFormat();
  const client = useQueryClient();
  const [link, setLink] = useState<Schemas['TelegramLinkDto'] | null>(null);
  const create = useMutation({
    mutationFn: () => call(api.POST('/api/v1/me/telegram-link')),
    onSuccess: setLink,
  });
  const unlink = useMutation({
    mutationFn: () => call(api.DELETE('/api/v1/me/telegram-link')),
    onSuccess: () => {
      setLink(null);
      void client.invalidateQueries({ queryKey: SETTINGS });
    },
  });
  // While a link waits to be confirmed in Telegram, the settings are read again every few seconds.
  useQuery({
    queryKey: SETTINGS,
    queryFn: () => call(api.GET('/api/v1/me/notification-settings')),
    refetchInterval: link !== null && !telegram.linked ? 3000 : false,
  });
  return (
    <section className="panel" aria-labelledby="telegram-title">
      <h2 id="telegram-title">{t('telegram.title')}</h2>
      <ErrorMessage error={create.error ?? unlink.error} />
      {telegram.linked ? (
        <>
          <p role="status">
            {telegram.username
              ? t('telegram.linkedAs', {
                  name: `@${telegram.username}`,
                  date: format.date(telegram.linkedAt),
                })
              : t('telegram.linked', { date: format.date(telegram.linkedAt) })}
          </p>
          <button type="button" onClick={() => unlink.mutate()} disabled={unlink.isPending}>
            {t('telegram.unlink')}
          </button>
        </>
      ) : (
        <>
          <p>{t('telegram.text')}</p>
          {link ? (
            <p className="alert alert-info" role="status">
              <a href={link.url} target="_blank" rel="noopener noreferrer">
                {t('telegram.open')}
              </a>{' '}
              {t('telegram.expires', { time: format.dateTime(link.expiresAt) })}
            </p>
          ) : null}
          <button
            type="button"
            className="button-primary"
            onClick={() => create.mutate()}
            disabled={create.isPending}
          >
            {link ? t('telegram.again') : t('telegram.link')}
          </button>
        </>
      )}
    </section>
  );
}

function ChannelsForm({ settings }: { settings: Settings }) {
  const { t } = useTranslation('channels');
  const client = useQueryClient();
  const [kinds, setKinds] = useState<KindChannels[]>(settings.kinds);
  const [digest, setDigest] = useState(settings.dailyDigest);
  const save = useMutation({
    mutationFn: () =>
      call(api.PUT('/api/v1/me/notification-settings', { body: { kinds, dailyDigest: digest } })),
    onSuccess: (saved) => client.setQueryData(SETTINGS, saved),
  });
  const telegram = settings.telegram.available;
  const set = (kind: string, channel: 'inApp' | 'email' | 'telegram', on: boolean) =>
    setKinds((all) => all.map((k) => (k.kind === kind ? { ...k, [channel]: on } : k)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  const channels: ('inApp' | 'email' | 'telegram')[] = telegram
    ? ['inApp', 'email', 'telegram']
    : ['inApp', 'email'];
  return (
    <section className="panel" aria-labelledby="channels-title">
      <h2 id="channels-title">{t('channels.title')}</h2>
      <p>{t(telegram ? 'channels.textTelegram' : 'channels.text')}</p>
      <ErrorMessage error={save.error} />
      {save.isSuccess ? (
        <p className="alert alert-info" role="status">
          {t('channels.saved')}
        </p>
      ) : null}
      <form className="form" onSubmit={submit}>
        <label className="channel-choice">
          <input type="checkbox" checked={digest} onChange={(e) => setDigest(e.target.checked)} />
          <span>
            {t(telegram ? 'channels.digestTelegram' : 'channels.digest', { hour: settings.digestHour })}
          </span>
        </label>
        {kinds.map((k) => (
          <fieldset key={k.kind} className="channel-kind">
            <legend>{t(`kinds.${k.kind}`, { defaultValue: k.kind })}</legend>
            <div className="channel-choices">
              {channels.map((channel) => (
                <label key={channel} className="channel-choice">
                  <input
                    type="checkbox"
                    checked={k[channel]}
                    onChange={(e) => set(k.kind, channel, e.target.checked)}
                  />
                  <span>{t(`channels.${channel}`)}</span>
                </label>
              ))}
            </div>
          </fieldset>
        ))}
        <button type="submit" className="button-primary" disabled={save.isPending}>
          {t('channels.save')}
        </button>
      </form>
    </section>
  );
}
