import { randomBytes } from 'node:crypto';
import { type Page, expect, test } from '@playwright/test';
import { adminToken, apiAs, signIn, signOut, tokenOf } from './helpers';

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
  const accessToken = await tokenOf(baseURL!, 'staff.sophea');
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

/**
 * The signed-in pages are rendered on the server by the app's own components
 * (web/src/entry-server.tsx), and the app hydrates them: the nodes painted from the HTML stay (the
 * page does not paint twice, so its largest paint is the first one), and nothing differs between
 * the two renders (React would say so on the console and render anew). Until the app is there, its
 * buttons wait, disabled.
 */
async function expectHydrated(
  page: Page,
  path: string,
  heading: string,
  alsoShown?: { link: string },
): Promise<void> {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(String(e)));
  // The app's code is held back, as on a slow network: what shows comes from the server's HTML.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/assets\/app-[^/]*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  await page.goto(path, { waitUntil: 'domcontentloaded' });
  const h1 = page.getByRole('heading', { level: 1 });
  await expect(h1).toHaveText(heading);
  if (alsoShown) await expect(page.getByRole('link', { name: alsoShown.link })).toBeVisible();
  await expect(page.locator('.app-header button').last()).toBeDisabled();
  await h1.evaluate((node) => ((node as HTMLElement).dataset.paintedBy = 'server'));
  const header = page.locator('.app-header');
  const headerHeight = (await header.boundingBox())!.height;
  expect(await h1.evaluate((node) => Object.keys(node).some((k) => k.startsWith('__react')))).toBe(false);

  release();
  // Hydrated: React now holds the very node the server painted (a new render would have made a new one).
  await expect
    .poll(() => h1.evaluate((node) => Object.keys(node).some((k) => k.startsWith('__reactFiber'))))
    .toBe(true);
  expect(await h1.evaluate((node) => (node as HTMLElement).dataset.paintedBy)).toBe('server');
  await expect(page.locator('.app-header button').last()).toBeEnabled();
  // The header was drawn whole (its notifications badge too): once the app's first requests are
  // answered, it has not grown and pushed the page down.
  await page.waitForLoadState('networkidle');
  expect((await header.boundingBox())!.height).toBe(headerHeight);
  // And it is the app: its navigation works without a page load.
  await page.evaluate(() => ((window as unknown as { sameDocument: boolean }).sameDocument = true));
  await page.getByRole('navigation').getByRole('link').last().click();
  await expect(page).not.toHaveURL(path);
  expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(
    true,
  );
  expect(problems).toEqual([]);
  await page.unrouteAll();
}

test('the home, document, election and inbox pages are the app’s own render, which the app hydrates', async ({
  page,
  baseURL,
}) => {
  const token = (username: string) => tokenOf(baseURL!, username);
  const staff = await token('staff.sophea');
  const title = `ប្រតិបត្តិការ hydrated ${randomBytes(3).toString('hex')}`;
  const doc = await apiAs<{ id: string }>(baseURL!, staff, 'POST', '/documents', {
    title,
    documentType: 'letter',
    body: 'A letter for the hydrated page',
  });
  await signIn(page, 'staff.sophea');
  await expectHydrated(page, '/', 'Welcome, Chan Sophea');
  await expectHydrated(page, `/documents/${doc.id}`, title);
  await signOut(page);

  const member = await token('official01');
  const associations = await apiAs<{ items: { id: string }[] }>(baseURL!, member, 'GET', '/associations');
  const elections = await apiAs<{
    items: { id: string; title: string; titleKm: string | null; status: string }[];
  }>(baseURL!, member, 'GET', `/associations/${associations.items[0]!.id}/elections`);
  await signIn(page, 'official01');
  await expectHydrated(page, `/elections/${elections.items[0]!.id}`, elections.items[0]!.title);
  await signOut(page);
  // The association's administrator sees the committee's controls there too: separate code the
  // server's render waits for, so that they are in the HTML the app hydrates (not rendered anew).
  await signIn(page, 'head.adm');
  // In the administrator's language (Khmer in the demo; other files may have switched it): in
  // Khmer the election's Khmer title.
  const election = elections.items[0]!;
  const { locale } = await apiAs<{ locale: string }>(baseURL!, await token('head.adm'), 'GET', '/me');
  const heading = locale === 'km' ? (election.titleKm ?? election.title) : election.title;
  await expectHydrated(page, `/elections/${election.id}`, heading);
  // Those controls are in the HTML before their code has come: disabled until it has, not there and
  // dead (a click on them was lost in CI when their code came late).
  let releaseControls = () => {};
  const controlsHeld = new Promise<void>((resolve) => (releaseControls = resolve));
  await page.route(/\/assets\/AdminControls-[^/]*\.js$/, async (route) => {
    await controlsHeld;
    await route.continue();
  });
  // An election still run by hand (other tests close theirs), so that its controls have buttons.
  const running = elections.items.find((e) => ['draft', 'nominations', 'voting'].includes(e.status));
  expect(running, 'an election in draft, nominations or voting').toBeDefined();
  await page.goto(`/elections/${running!.id}`);
  const control = page.locator('section[aria-labelledby="admin-title"] button:visible').first();
  await expect(control).toBeVisible();
  await expect(control).toBeDisabled();
  releaseControls();
  await expect(control).toBeEnabled();
  await page.unrouteAll();
  // A new browser for the approver (head.adm's language stays with this one).
  await page.context().clearCookies();

  // Submitted, it waits in its approver's inbox: drawn by the server, with the document in it.
  const submitted = await apiAs<{ tasks: { assigneeId: string }[] }>(
    baseURL!,
    staff,
    'POST',
    `/documents/${doc.id}/submit`,
    {},
  );
  // Whose account it is (its sign-in name and language) is the administrators' to read.
  const approver = await apiAs<{ username: string; locale: string }>(
    baseURL!,
    await adminToken(baseURL!),
    'GET',
    `/users/${submitted.tasks[0]!.assigneeId}`,
  );
  await signIn(page, approver.username);
  await expectHydrated(page, '/inbox', approver.locale === 'km' ? 'ប្រអប់ការងារ' : 'Inbox', { link: title });
});
