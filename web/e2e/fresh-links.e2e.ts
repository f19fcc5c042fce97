import { expect, test } from '@playwright/test';
import { apiAs, as, tokenOf } from './helpers';

/**
 * Download links are signed for ten minutes. A document page left open longer held dead links (the
 * download failed; opened in a tab, the server's JSON refusal). The page asks again for its
 * document a minute before its first link expires, so its links stay alive.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;
const expiryOf = (href: string | null) => Number(new URL(href ?? '', base()).searchParams.get('exp'));

test('a document page left open renews its download links before they expire', async ({ browser }) => {
  const dara = await tokenOf(base(), 'staff.dara');
  const created = await apiAs<{ id: string }>(base(), dara, 'POST', '/documents', {
    title: `Left open ${Date.now()}`,
    documentType: 'letter',
    body: 'លិខិតដែលបើកទុក',
  });
  await as(browser, 'staff.dara', async (page) => {
    await page.clock.install();
    await page.goto(`/documents/${created.id}`);
    const link = page.getByRole('link', { name: /^Version 1/ });
    const first = expiryOf(await link.getAttribute('href'));
    expect(first).toBeGreaterThan(Date.now() / 1000);
    // Links carry whole seconds: a renewed one differs only a second later.
    await page.waitForTimeout(1100);
    // Nine and a half minutes on the page's clock: past a minute before the expiry.
    await page.clock.fastForward('09:30');
    await expect.poll(async () => expiryOf(await link.getAttribute('href'))).toBeGreaterThan(first);
  });
});
