import { expect, test } from '@playwright/test';
import { expectAccessible, expectNoSideScroll, inEnglish, screenshot, signIn } from './helpers';

test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

/** What Telegram posts to the webhook when the user presses Start in the bot's chat. */
async function pressStart(baseURL: string, url: string, chatId: number): Promise<void> {
  const secret = process.env.E2E_TELEGRAM_SECRET!;
  const code = new URL(url).searchParams.get('start');
  const r = await fetch(`${baseURL}/api/v1/telegram/webhook/${secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
    body: JSON.stringify({
      update_id: chatId,
      message: {
        message_id: 1,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: 'private', first_name: 'Visal' },
        from: { id: chatId, is_bot: false, first_name: 'Visal', username: 'meas_visal' },
        text: `/start ${code}`,
      },
    }),
  });
  expect(r.status).toBe(200);
}

test('settings link Telegram through the bot and save the channels of each kind of notification', async ({
  page,
  baseURL,
}) => {
  await page.goto('/login');
  await signIn(page, 'dir.ict');
  await inEnglish(page);
  await page.evaluate(() => {
    window.history.pushState({}, '', '/settings');
    window.dispatchEvent(new PopStateEvent('popstate'));
  });
  await expect(page.getByRole('heading', { name: 'Telegram', level: 2 })).toBeVisible();
  await page.getByRole('button', { name: 'Link Telegram' }).click();
  const open = page.getByRole('link', { name: 'Open Telegram and press Start' });
  await expect(open).toHaveAttribute('href', /^https:\/\/t\.me\/dwf_test_bot\?start=[A-Za-z0-9_-]+$/);
  await pressStart(baseURL!, (await open.getAttribute('href'))!, 777001);
  // The page looks again while the link waits, and shows it linked.
  await expect(page.getByText('Telegram is linked as @meas_visal', { exact: false })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Unlink Telegram' })).toBeVisible();

  const approvals = page.getByRole('group', { name: 'A document awaits my approval' });
  await expect(approvals.getByRole('checkbox', { name: 'Telegram' })).toBeChecked();
  await approvals.getByRole('checkbox', { name: 'E-mail' }).uncheck();
  await page
    .getByRole('checkbox', {
      name: /one daily digest at 7:00 instead of one e-mail or Telegram message each/,
    })
    .check();
  await page.getByRole('button', { name: 'Save notification choices' }).click();
  await expect(
    page.getByRole('status').filter({ hasText: 'Your notification choices are saved.' }),
  ).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'settings-telegram-en');

  await page.reload();
  const again = page.getByRole('group', { name: 'A document awaits my approval' });
  await expect(again.getByRole('checkbox', { name: 'E-mail' })).not.toBeChecked();
  await expect(again.getByRole('checkbox', { name: 'Telegram' })).toBeChecked();
  await expect(page.getByRole('checkbox', { name: /one daily digest/ })).toBeChecked();

  await page.getByRole('button', { name: 'Unlink Telegram' }).click();
  await expect(page.getByRole('button', { name: 'Link Telegram' })).toBeVisible();
});
