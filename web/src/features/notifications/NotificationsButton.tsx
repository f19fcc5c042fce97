import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { api, call } from '../../api/client';
import { NotificationList } from './NotificationList';
import { formatNumber } from '../../i18n/khmer-format';
import { useHydrated } from '../../components/hydrated';

export const unreadCountKey = ['notifications', 'unread-count'];

/** The header's "Notifications" button with the unread count; opens the latest ones. */
export function NotificationsButton() {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const hydrated = useHydrated();
  const location = useLocation();
  const ref = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const unread = useQuery({
    queryKey: unreadCountKey,
    queryFn: () => call(api.GET('/api/v1/notifications/unread-count')),
    refetchInterval: 60_000,
  });
  useEffect(() => setOpen(false), [location.pathname]);
  // A page opened is news taken in: the notices that lead to it are read (the one announcing an
  // election's voting stayed unread after the member had voted).
  const client = useQueryClient();
  const { mutate: readPage } = useMutation({
    mutationFn: (page: string) => call(api.POST('/api/v1/notifications/read-page', { body: { page } })),
    onSuccess: ({ updated }) => {
      if (updated > 0) void client.invalidateQueries({ queryKey: ['notifications'] });
    },
  });
  const anyUnread = (unread.data?.count ?? 0) > 0;
  useEffect(() => {
    if (anyUnread) readPage(location.pathname);
  }, [anyUnread, location.pathname, readPage]);
  useEffect(() => {
    if (!open) return;
    const outside = (target: EventTarget | null) => !ref.current?.contains(target as Node);
    const close = (e: KeyboardEvent | MouseEvent | FocusEvent) => {
      if (e instanceof KeyboardEvent) {
        if (e.key !== 'Escape') return;
        setOpen(false);
        // Escape inside the panel: back to the button that opened it (the panel and its focus go).
        if (!outside(document.activeElement)) button.current?.focus();
      } else if (outside(e.target)) {
        // A click elsewhere, or the focus tabbed out: the open panel would cover what gets it.
        setOpen(false);
      }
    };
    document.addEventListener('keydown', close);
    document.addEventListener('mousedown', close);
    document.addEventListener('focusin', close);
    return () => {
      document.removeEventListener('keydown', close);
      document.removeEventListener('mousedown', close);
      document.removeEventListener('focusin', close);
    };
  }, [open]);
  const count = unread.data?.count ?? 0;
  return (
    <div className="notifications" ref={ref}>
      <button
        ref={button}
        type="button"
        className="button-quiet"
        disabled={!hydrated}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen(!open)}
      >
        {t('notifications.button')}
        {count > 0 ? (
          <span className="count">
            {' '}
            <span aria-hidden="true">{formatNumber(count, i18n.language)}</span>
            <span className="visually-hidden">{t('notifications.unread', { count })}</span>
          </span>
        ) : null}
      </button>
      {open ? (
        <div id={panelId} className="notifications-panel">
          <NotificationList limit={8} />
          <p>
            <Link to="/notifications">{t('notifications.all')}</Link>
          </p>
        </div>
      ) : null}
    </div>
  );
}
