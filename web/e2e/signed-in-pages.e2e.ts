import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { PASSWORD, apiAs, signIn } from './helpers';

test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

/**
 * The signed-in pages come from the server with their content (the page cookie,
 * src/auth/page-session.service.ts): a returning user's reload paints the document's title from the
 * HTML, before any script; then the app takes the page over and works as before.
 */
test('a reload of a document page shows its title before any script, then the app works', async ({
  page,
  browser,
  baseURL,
}) => {
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'staff.sophea', password: PASSWORD }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const title = `ប្រតិបត្តិការ server page ${randomBytes(3).toString('hex')} <b>`;
  const doc = await apiAs<{ id: string }>(baseURL!, accessToken, 'POST', '/documents', {
    title,
    documentType: 'letter',
    body: 'A letter for the server-rendered page',
  });

  await signIn(page, 'staff.sophea');
  const cookies = await page.context().cookies();
  const pageCookie = cookies.find((c) => c.name === 'page_session');
  expect(pageCookie).toMatchObject({ path: '/', httpOnly: true, secure: true, sameSite: 'Strict' });
  expect(cookies.find((c) => c.name === 'refresh_token')?.path).toBe('/api/v1/auth');

  // Without JavaScript, in a browser carrying the same cookies: only the server's HTML can show it.
  const noScript = await browser.newContext({
    javaScriptEnabled: false,
    storageState: await page.context().storageState(),
    viewport: { width: 360, height: 800 },
  });
  const bare = await noScript.newPage();
  const answer = await bare.goto(`/documents/${doc.id}`);
  expect(await answer!.text()).toContain('&lt;b&gt;');
  await expect(bare.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(bare.locator('.badge-draft')).toContainText('Draft');
  await expect(bare.getByRole('link', { name: 'Documents' })).toHaveAttribute('aria-current', 'page');
  await noScript.close();

  // With JavaScript: the same page, then the app renders over it and works.
  await page.goto(`/documents/${doc.id}`);
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Sign out' })).toBeEnabled();
  await expect(page.getByRole('heading', { name: 'Versions' })).toBeVisible();
  await page.getByRole('link', { name: 'Documents' }).click();
  await expect(page).toHaveURL(/\/documents$/);
  await expect(page.getByRole('link', { name: title })).toBeVisible();

  // Signed out, the page cookie is gone and the same address is the plain app (sign-in).
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  expect((await page.context().cookies()).find((c) => c.name === 'page_session')).toBeUndefined();
});
