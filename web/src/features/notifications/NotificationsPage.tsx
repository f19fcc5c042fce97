import { useTranslation } from 'react-i18next';
import { Page } from '../../components/Page';
import { NotificationList } from './NotificationList';

export function NotificationsPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('notifications.title')}>
      <NotificationList />
    </Page>
  );
}
