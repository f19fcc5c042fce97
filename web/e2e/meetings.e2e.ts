import { type Browser, type Page, expect, test } from '@playwright/test';
import {
  PASSWORD,
  apiAs,
  expectAccessible,
  expectNoSideScroll,
  inEnglish,
  screenshot,
  signIn,
} from './helpers';

/**
 * A working-group meeting in the browser, on a phone-sized screen: the secretary records attendance,
 * writes Khmer minutes, meets a stale save (the chair saved through the API meanwhile) without losing
 * the text, keeps it and saves again, submits the minutes; the chair approves them on the document
 * page the meeting links to.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;
const TITLE = `Progress meeting ${Date.now()}`;
const TITLE_KM = `កិច្ចប្រជុំវឌ្ឍនភាព ${Date.now()}`;
const ITEM = 'របាយការណ៍វឌ្ឍនភាពនៃក្រុមការងាររង';
const SUB_ITEM = 'ហេដ្ឋារចនាសម្ព័ន្ធ';
const NOTES = 'ក្រុមការងាររងបានរាយការណ៍អំពីវឌ្ឍនភាព ៦០%។';
const MORE = ' អង្គប្រជុំបានពិភាក្សាអំពីថវិកា។';
let meetingId = '';

/** Switches the page to Khmer with the "Language" control (whatever the user's profile says). */
async function inKhmer(page: Page): Promise<void> {
  if ((await page.locator('html').getAttribute('lang')) === 'km') return;
  await page.getByRole('combobox', { name: 'Language' }).first().selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
}

async function tokenOf(username: string): Promise<string> {
  const r = await fetch(`${base()}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  expect(r.status).toBe(200);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

async function as(browser: Browser, username: string, run: (page: Page) => Promise<void>): Promise<void> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await signIn(page, username);
    await run(page);
  } finally {
    await context.close();
  }
}

test('the secretary records attendance and writes Khmer minutes', async ({ browser }) => {
  const secretary = await tokenOf('staff.dara');
  const groups = await apiAs<{ id: string; myRoles: string[] }[]>(
    base(),
    secretary,
    'GET',
    '/working-groups',
  );
  const group = groups.find((g) => g.myRoles.includes('secretary'))!;
  const detail = await apiAs<{ members: { userId: string; role: string }[] }>(
    base(),
    secretary,
    'GET',
    `/working-groups/${group.id}`,
  );
  const chair = detail.members.find((m) => m.role === 'chair')!.userId;
  const me = detail.members.find((m) => m.role === 'secretary')!.userId;
  const members = detail.members.filter((m) => m.role === 'member').slice(0, 2);
  const meeting = await apiAs<{ id: string }>(base(), secretary, 'POST', '/meetings', {
    title: TITLE,
    titleKm: TITLE_KM,
    workingGroupId: group.id,
    // Started a few minutes ago: attendance is recorded at a meeting that has begun.
    startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    location: 'បន្ទប់ប្រជុំជាន់ទី៣',
    chairUserId: chair,
    secretaryUserId: me,
    agenda: [
      { title: ITEM, durationMinutes: 30, children: [{ title: SUB_ITEM, durationMinutes: 10 }] },
      { title: 'ផ្សេងៗ', durationMinutes: 15 },
    ],
    participants: members.map((m) => ({ userId: m.userId, role: 'member' })),
  });
  meetingId = meeting.id;

  await as(browser, 'staff.dara', async (page) => {
    // staff.dara works in Khmer.
    await inKhmer(page);
    await page.getByRole('link', { name: 'កិច្ចប្រជុំ', exact: true }).click();
    await page.getByRole('link', { name: TITLE_KM }).click();
    await expect(page.getByRole('heading', { level: 1, name: TITLE_KM })).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'meeting-km');
    await inEnglish(page);
    await expect(page.getByRole('heading', { name: 'Agenda' })).toBeVisible();
    await expect(page.getByText('30 min')).toBeVisible();
    const selects = page.getByRole('region', { name: 'Attendance' }).getByRole('combobox');
    const n = await selects.count();
    expect(n).toBe(4);
    for (let i = 0; i < n; i++) await selects.nth(i).selectOption(i === n - 1 ? 'excused' : 'present');
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect(page.getByText(/^Quorum met: 3 present/)).toBeVisible();

    const item = page.getByRole('group', { name: `1 ${ITEM}` });
    await item.getByRole('textbox', { name: 'Notes' }).fill(NOTES);
    await item.getByRole('button', { name: 'Add a decision' }).click();
    const decision = item.getByRole('group', { name: 'Decision 1' });
    await decision.getByRole('textbox', { name: 'Decision' }).fill('អនុម័តផែនការសកម្មភាព');
    await decision.getByRole('spinbutton', { name: 'For' }).fill('3');
    await decision.getByRole('spinbutton', { name: 'Against' }).fill('0');
    await decision.getByRole('spinbutton', { name: 'Abstentions' }).fill('0');
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByText(/^Revision 1 by/)).toBeVisible();

    // Meanwhile the chair saves from the same revision (through the API).
    const chairToken = await tokenOf('uss.ly');
    const theirs = await apiAs<{ items: { agendaItemId: string; notes: string }[] }>(
      base(),
      chairToken,
      'GET',
      `/meetings/${meetingId}/minutes`,
    );
    await apiAs(base(), chairToken, 'PUT', `/meetings/${meetingId}/minutes`, {
      baseRevision: 1,
      items: theirs.items.map((i) => ({ ...i, notes: `${i.notes} (ប្រធានបានកែ)` })),
      decisions: [],
      actionItems: [],
    });

    const notes = item.getByRole('textbox', { name: 'Notes' });
    await notes.fill(NOTES + MORE);
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByText('Someone else saved these minutes first')).toBeVisible();
    await expect(notes).toHaveValue(NOTES + MORE);
    await expect(page.getByRole('button', { name: 'Reload' })).toBeVisible();
    await expect(page.getByText(`${NOTES} (ប្រធានបានកែ)`)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'meeting-stale-save-en');
    await page.getByRole('button', { name: 'Keep my text' }).click();
    await page.getByRole('button', { name: 'Save minutes' }).click();
    // The revision list is the lasting proof of the save (the transient "saved" line can be gone
    // by the time the list has reloaded).
    await expect(page.getByText(/^Revision 3 by សុខ ដារ៉ា/)).toBeVisible();
    await expect(item.getByRole('textbox', { name: 'Notes' })).toHaveValue(NOTES + MORE);

    await page.getByRole('button', { name: 'Submit minutes for approval' }).click();
    await expect(page.getByText('Minutes waiting for approval').first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Minutes approval document' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Print' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'PDF' })).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'meeting-submitted-en');
  });
});

test('the print link opens without a token', async ({ request }) => {
  const token = await tokenOf('staff.dara');
  const m = await apiAs<{ minutesPrintUrl?: string }>(base(), token, 'GET', `/meetings/${meetingId}`);
  expect(m.minutesPrintUrl).toBeTruthy();
  const r = await request.get(m.minutesPrintUrl!);
  expect(r.status()).toBe(200);
  expect(await r.text()).toContain('ក្រុមការងាររងបានរាយការណ៍');
});

test('the chair approves the minutes on the document page', async ({ browser }) => {
  await as(browser, 'uss.ly', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}`);
    await page.getByRole('link', { name: 'Minutes approval document' }).click();
    await expect(page).toHaveURL(/\/documents\//);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    // The worker signs the minutes off (rendering their PDF) after the decision: wait for it through
    // the API, then open the page once. (Reloading in a tight loop raced the refresh-token rotation.)
    const chairToken = await tokenOf('uss.ly');
    await expect
      .poll(
        async () =>
          (await apiAs<{ minutesStatus: string }>(base(), chairToken, 'GET', `/meetings/${meetingId}`))
            .minutesStatus,
        { timeout: 60_000 },
      )
      .toBe('approved');
    await page.goto(`/meetings/${meetingId}`);
    await expect(page.getByText('Minutes approved').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save minutes' })).toHaveCount(0);
    await expect(page.getByText(NOTES + MORE)).toBeVisible();
  });
});
