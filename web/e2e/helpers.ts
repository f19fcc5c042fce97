import { execFileSync } from 'node:child_process';
import pg from 'pg';
import AxeBuilder from '@axe-core/playwright';
import { type Browser, type Locator, type Page, expect } from '@playwright/test';

export const PASSWORD = 'Demo@2026';
/** The demo administrator's (`admin`). */
export const ADMIN_PASSWORD = 'Admin@2026';

/** Signs in through the login page (the page's language stays whatever it is). */
export async function signIn(page: Page, username: string, password = PASSWORD, names = EN): Promise<void> {
  await submitSignIn(page, username, password, names);
  await expect(page).not.toHaveURL(/\/login/);
}

/** Fills the sign-in form and sends it, without waiting to leave the page (a sign-in meant to fail). */
export async function submitSignIn(
  page: Page,
  username: string,
  password: string,
  names = EN,
): Promise<void> {
  if (!page.url().includes('/login')) await page.goto('/login');
  await page.getByRole('textbox', { name: names.username }).fill(username);
  await page.getByLabel(names.password, { exact: true }).fill(password);
  await page.getByRole('button', { name: names.signIn }).click();
}

/** An action's result, said where its button was, with focus on it (web/src/components/Outcome.tsx). */
export async function expectSaid(page: Page, text: string): Promise<Locator> {
  const said = page.getByRole('status').filter({ hasText: text });
  await expect(said).toBeFocused();
  return said;
}

export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

export const EN = { username: 'Username', password: 'Password', signIn: 'Sign in' };
export const KM = { username: 'ឈ្មោះអ្នកប្រើ', password: 'ពាក្យសម្ងាត់', signIn: 'ចូល' };

/**
 * No serious or critical accessibility violations on the page as it is now; and each label of a
 * list of facts is held with its value (bare pairs were laid out apart on a wide screen, a value
 * under the next label).
 */
export async function expectAccessible(page: Page): Promise<void> {
  const loose = await page.evaluate(() =>
    [...document.querySelectorAll('dl.facts > dt, dl.facts > dd')].map((e) => e.textContent),
  );
  expect(loose).toEqual([]);
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual(
    [],
  );
}

/** Nothing scrolls sideways. */
export async function expectNoSideScroll(page: Page): Promise<void> {
  const { scrollWidth, clientWidth } = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
}

/**
 * Every field of a row of fields (`.field-row`) stays inside the row, beside the others without
 * covering them: a date field wider than its column pokes out of its card though the page does not
 * scroll sideways.
 */
export async function expectFieldRowsFit(page: Page): Promise<void> {
  const misfits = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.field-row')].flatMap((row) => {
      const edge = row.getBoundingClientRect().right;
      const inputs = [...row.querySelectorAll<HTMLElement>('input, select, textarea')].map((el) => ({
        name: el.id || el.getAttribute('name') || el.tagName,
        box: el.getBoundingClientRect(),
      }));
      return inputs.flatMap(({ name, box }, i) => [
        ...(box.right > edge + 0.5 ? [`${name} ends at ${box.right}, its row at ${edge}`] : []),
        ...inputs
          .slice(i + 1)
          .filter((o) => o.box.top < box.bottom && box.top < o.box.bottom)
          .filter((o) => o.box.left < box.right - 0.5 && box.left < o.box.right - 0.5)
          .map((o) => `${name} and ${o.name} overlap`),
      ]);
    }),
  );
  expect(misfits).toEqual([]);
}

/** Every table in a scrolling wrapper fits it whole (none hides a column behind a sideways scroll). */
export async function expectTablesFit(page: Page): Promise<void> {
  const overflowing = await page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>('.table-wrap')]
      .filter((w) => w.scrollWidth > w.clientWidth)
      .map((w) => `${w.getAttribute('aria-label')}: ${w.scrollWidth} > ${w.clientWidth}`),
  );
  expect(overflowing).toEqual([]);
}

/** A small file to upload, with a line that makes each one different. */
/** A text file (a CSV import, say). */
export function fileOf(name: string, text: string): { name: string; mimeType: string; buffer: Buffer } {
  return { name, mimeType: 'text/plain', buffer: Buffer.from(`${text}\n`, 'utf8') };
}

/**
 * A one-page PDF (uploads must be what they claim: PDF, Office, OpenDocument or an image), made
 * distinct by `text`, which it carries in a comment (any Unicode) with a valid cross-reference table.
 */
export function pdfOf(name: string, text: string): { name: string; mimeType: string; buffer: Buffer } {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>',
    '<< /Length 0 >>\nstream\n\nendstream',
  ];
  let body = `%PDF-1.4\n% ${text.replace(/[\r\n]/g, ' ')}\n`;
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(Buffer.byteLength(body, 'utf8'));
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'utf8');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) body += `${String(offset).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return { name, mimeType: 'application/pdf', buffer: Buffer.from(body, 'utf8') };
}

/**
 * A person of a test's own, made by the administrator through the API (the demo's people are
 * other stories' voters and approvers): `<prefix><number>`, with a password they keep.
 */
export async function newPerson(
  baseURL: string,
  prefix: string,
  fullName: string,
  password: string,
): Promise<{ id: string; username: string }> {
  const username = `${prefix}${Date.now() % 100000}`;
  const user = await apiAs<{ id: string }>(baseURL, await adminToken(baseURL), 'POST', '/users', {
    username,
    password,
    fullName,
    mustChangePassword: false,
  });
  return { id: user.id, username };
}

/** Signs this page in as the administrator, the app in English. */
export async function signInAsAdmin(page: Page): Promise<void> {
  await page.goto('/login');
  await signIn(page, 'admin', ADMIN_PASSWORD);
  await inEnglish(page);
}

/** The admin's token, for setting things up the way an administrator would. */
export async function adminToken(baseURL: string): Promise<string> {
  return tokenOf(baseURL, 'admin', ADMIN_PASSWORD);
}

export async function apiAs<T>(
  baseURL: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const r = await fetch(`${baseURL}/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  // The refusal's body in the message: which field, which code.
  if (r.status >= 300) expect(r.status, `${method} ${path}: ${await r.text()}`).toBeLessThan(300);
  return (await r.json()) as T;
}

/**
 * A new election of the demo's officials' association, made by its admin (`adminToken`) through
 * the API: `seats` seats (as many choices), voting planned for tomorrow, ties broken by lot, the
 * active members voting, the given members standing (their names as the election lists them).
 */
export async function newDemoElection(
  baseURL: string,
  adminToken: string,
  title: string,
  seats: number,
  candidateUsernames: string[],
  titleKm?: string,
): Promise<{
  associationId: string;
  electionId: string;
  candidates: Record<string, { fullName: string; fullNameKm: string }>;
}> {
  const associations = await apiAs<{ items: { id: string }[] }>(baseURL, adminToken, 'GET', '/associations');
  const associationId = associations.items[0]!.id;
  const path = `/associations/${associationId}`;
  const terms = await apiAs<{ items: { id: string }[] }>(baseURL, adminToken, 'GET', `${path}/terms`);
  const members = await apiAs<{ items: { userId: string; username: string }[] }>(
    baseURL,
    adminToken,
    'GET',
    `${path}/members?limit=100`,
  );
  const day = 86_400_000;
  const election = await apiAs<{ id: string }>(baseURL, adminToken, 'POST', `${path}/elections`, {
    termId: terms.items[0]!.id,
    title,
    ...(titleKm ? { titleKm } : {}),
    seats,
    maxChoices: seats,
    eligibleStatuses: ['active'],
    votingOpensAt: new Date(Date.now() + day).toISOString(),
    votingClosesAt: new Date(Date.now() + 2 * day).toISOString(),
    tieBreak: 'lot',
  });
  const candidates: Record<string, { fullName: string; fullNameKm: string }> = {};
  for (const username of candidateUsernames) {
    const userId = members.items.find((m) => m.username === username)!.userId;
    candidates[username] = await apiAs<{ fullName: string; fullNameKm: string }>(
      baseURL,
      adminToken,
      'POST',
      `/elections/${election.id}/candidates`,
      { userId },
    );
  }
  return { associationId, electionId: election.id, candidates };
}

/** How many pages a PDF has (poppler's pdfinfo). */
export function pdfPages(pdfPath: string): number {
  const info = execFileSync('pdfinfo', [pdfPath], { encoding: 'utf8' });
  return Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
}

/** The last page of a PDF as a picture for the README (docs/screenshots/<name>.png), by poppler. */
export function pdfLastPageImage(pdfPath: string, name: string): void {
  const last = String(pdfPages(pdfPath));
  const out = new URL(`../../docs/screenshots/${name}`, import.meta.url).pathname;
  execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', '-f', last, '-l', last, pdfPath, out]);
}

/** Takes a screenshot for the README (docs/screenshots/<name>.png). */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: new URL(`../../docs/screenshots/${name}.png`, import.meta.url).pathname,
    fullPage: true,
  });
}

/** Switches the page to Khmer with the "Language" control (whatever the user's profile says). */
export async function inKhmer(page: Page): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === 'km') return;
  await page.getByRole('combobox', { name: 'Language' }).first().selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
}

/** An access token from the API's login (a demo user's, by default with the demo password). */
export async function tokenOf(baseURL: string, username: string, password = PASSWORD): Promise<string> {
  const r = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

/** Switches the page to English with the "Language" control (named ភាសា in Khmer). */
export async function inEnglish(page: Page): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === 'en') return;
  await page.getByRole('combobox', { name: 'ភាសា' }).first().selectOption({ label: 'English' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
}

/** The committee breaks the tie by lot on the election page, confirming in its dialog. */
export async function breakTieByLot(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Break the tie by lot' }).click();
  await page
    .getByRole('dialog', { name: 'Break the tie by lot?' })
    .getByRole('button', { name: 'Draw the lot' })
    .click();
  await expect(page.getByRole('heading', { name: 'How the tie was broken' })).toBeVisible();
}

/**
 * One statement on the test's database (as its owner), for a state the app has no route to make or
 * to check what was stored; its rows.
 */
export async function e2eQuery<T = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const db = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL });
  await db.connect();
  try {
    return (await db.query(sql, params)).rows as T[];
  } finally {
    await db.end();
  }
}

/**
 * Runs `run` in a browser context of its own, signed in as `username` (in English unless told
 * otherwise), and closes the context after.
 */
export async function as(
  browser: Browser,
  username: string,
  run: (page: Page) => Promise<void>,
  english = true,
): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await signIn(page, username, username === 'admin' ? ADMIN_PASSWORD : PASSWORD);
    if (english) await inEnglish(page);
    await run(page);
  } finally {
    await context.close();
  }
}

/**
 * The form folded under the title `name` (components/Fold.tsx), unfolded: its title is clicked
 * unless it is open already (a user sent to it). `nth` picks among several of one name.
 */
export async function unfold(page: Page, name: string, nth = 0): Promise<Locator> {
  const title = new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const fold = page
    .locator('details.fold')
    .filter({ has: page.locator('summary h3', { hasText: title }) })
    .nth(nth);
  if (!(await fold.evaluate((d) => (d as HTMLDetailsElement).open))) await fold.locator('summary').click();
  return fold.getByRole('form', { name });
}

/** Chooses a person in a UserPicker: types in its search box, waits for them, selects them. */
export async function pick(scope: Page | Locator, label: string, username: string): Promise<void> {
  await scope.getByRole('searchbox', { name: `${label}: search by name or username` }).fill(username);
  const select = scope.getByRole('combobox', { name: label, exact: true });
  const option = select.locator('option', { hasText: `(${username})` });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute('value'))!);
}

/**
 * The demo's working group whose secretary is `username` (staff.dara's project group), as its
 * secretary reads it: their token, the group's id and its members with their roles.
 */
export async function secretarysGroup(
  baseURL: string,
  username = 'staff.dara',
): Promise<{ token: string; groupId: string; members: { userId: string; role: string }[] }> {
  const token = await tokenOf(baseURL, username);
  const groups = await apiAs<{ id: string; myRoles: string[] }[]>(baseURL, token, 'GET', '/working-groups');
  const group = groups.find((g) => g.myRoles.includes('secretary'))!;
  const detail = await apiAs<{ members: { userId: string; role: string }[] }>(
    baseURL,
    token,
    'GET',
    `/working-groups/${group.id}`,
  );
  return { token, groupId: group.id, members: detail.members };
}

/**
 * A letter staff.sophea submits and the head of office approves: its second stage, the director's,
 * is activated by the worker after that decision; this waits until a task of it is pending.
 * Returns the document and that task.
 */
export async function letterAtDirector(
  baseURL: string,
  title: string,
): Promise<{ doc: { id: string }; sophea: string; directorTask: { id: string; assignee_id: string } }> {
  const sophea = await tokenOf(baseURL, 'staff.sophea');
  const doc = await apiAs<{ id: string }>(baseURL, sophea, 'POST', '/documents', {
    title,
    documentType: 'letter',
    body: 'A letter.',
  });
  await apiAs(baseURL, sophea, 'POST', `/documents/${doc.id}/submit`, {});
  const [first] = await e2eQuery<{ id: string }>(
    `SELECT id FROM approval_tasks WHERE document_id = $1 AND status = 'pending'`,
    [doc.id],
  );
  await apiAs(
    baseURL,
    await tokenOf(baseURL, 'head.sys'),
    'POST',
    `/approval-tasks/${first!.id}/approve`,
    {},
  );
  let directorTask: { id: string; assignee_id: string } | undefined;
  await expect
    .poll(
      async () =>
        (directorTask = (
          await e2eQuery<{ id: string; assignee_id: string }>(
            `SELECT id, assignee_id FROM approval_tasks WHERE document_id = $1 AND status = 'pending' AND id <> $2`,
            [doc.id, first!.id],
          )
        )[0]),
      { timeout: 30_000 },
    )
    .toBeTruthy();
  return { doc, sophea, directorTask: directorTask! };
}
