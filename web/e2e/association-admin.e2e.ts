import { type Page, expect, test } from '@playwright/test';
import {
  expectSaid,
  adminToken,
  apiAs,
  as,
  expectAccessible,
  expectFieldRowsFit,
  expectNoSideScroll,
  expectTablesFit,
  fileOf,
  inEnglish,
  inKhmer,
  PASSWORD,
  screenshot,
  signIn,
  tokenOf,
  unfold,
} from './helpers';

/**
 * Issue 16's story, in the browser on a phone-sized screen: the association's admin imports a CSV
 * of members with one bad row and reads the row-by-row report, creates a term and an election,
 * adds and withdraws candidates, opens voting (after confirming), two members find the election
 * in "My elections" and vote, the admin closes voting, breaks the tie by lot and certifies, and
 * the board page of the term shows the winner. Then the trial's findings: an election of another
 * size than the term's board says what certifying will do and asks first; after a missed quorum
 * the admin is offered a new election for the term, filled in.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;
const tag = Date.now().toString(36);
const TERM = 100 + (Date.now() % 800);
/** The term of the election that misses its quorum. */
const TERM2 = TERM + 1000;
const TITLE = `Board election of term ${TERM} ${tag}`;
const people = ['cand.a', 'cand.b', 'cand.c', 'voter.a', 'voter.b'].map((p) => `${p}.${tag}`);
const [candA, candB, candC, voterA, voterB] = people as [string, string, string, string, string];
const fullName = (username: string) => `Member ${username}`;
const STATEMENT = 'ខ្ញុំនឹងការពារផលប្រយោជន៍សមាជិក។\nI will report to the members every quarter.';
let associationId = '';
let associationName = '';
let electionId = '';

/** A `datetime-local` value `days` from now, in the browser's (and this process's) local time. */
function localIn(days: number): string {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** The members table fits a phone, each username and member number whole on one line (they broke letter by letter). */
async function expectMembersFit(page: Page): Promise<void> {
  const usernames = page.getByRole('table', { name: /^(Members|សមាជិក)$/ }).locator('.person-id');
  await expect(usernames.first()).toBeVisible();
  const broken = await usernames.evaluateAll((spans) =>
    spans
      .filter((span) => {
        const range = document.createRange();
        range.selectNodeContents(span);
        return range.getClientRects().length !== 1;
      })
      .map((span) => span.textContent),
  );
  expect(broken).toEqual([]);
  await expectTablesFit(page);
}

test.beforeAll(async () => {
  // The people of the CSV have accounts (the ministry's staff); the association does not know them yet.
  const admin = await adminToken(base());
  for (const username of people) {
    await apiAs(base(), admin, 'POST', '/users', {
      username,
      password: PASSWORD,
      fullName: fullName(username),
      fullNameKm: `សមាជិក ${username}`,
      mustChangePassword: false,
    });
  }
  const list = await apiAs<{ items: { id: string; name: string }[] }>(base(), admin, 'GET', '/associations');
  associationId = list.items[0]!.id;
  associationName = list.items[0]!.name;
});

test('the association admin imports members from a CSV with a bad row', async ({ browser }) => {
  await as(browser, 'head.adm', async (page) => {
    await page.getByRole('link', { name: 'Elections', exact: true }).click();
    await expect(page.getByRole('heading', { name: 'My associations' })).toBeVisible();
    await page.getByRole('link', { name: associationName }).click();
    await expect(page.getByRole('heading', { level: 1, name: associationName })).toBeVisible();
    const csv = [
      'username,status,memberNo,joinedOn,role',
      ...people.map((u, i) => `${u},active,X-${tag}-${i},2015-03-0${i + 1},member`),
      `nobody.${tag},active,,,`,
    ].join('\n');
    const form = await unfold(page, 'Import members from CSV');
    await form.getByLabel('CSV file').setInputFiles({ ...fileOf('members.csv', csv), mimeType: 'text/csv' });
    await form.getByRole('button', { name: 'Import' }).click();
    await expect(form.getByText('5 imported, 0 already members, 1 rejected.')).toBeVisible();
    await expect(form.getByRole('progressbar', { name: 'Import progress' })).toHaveAttribute('value', '6');
    const report = form.getByRole('table', { name: 'Row-by-row report' });
    await expect(report.getByRole('row')).toHaveCount(7);
    const bad = report.getByRole('row', { name: new RegExp(`nobody\\.${tag}`) });
    await expect(bad.getByRole('cell').nth(0)).toHaveText('7');
    await expect(bad.getByRole('cell').nth(2)).toHaveText('Rejected');
    await expect(bad.getByRole('cell').nth(3)).toContainText('unknown username');
    await expect(
      report
        .getByRole('row', { name: new RegExp(candA) })
        .getByRole('cell')
        .nth(2),
    ).toHaveText('Imported');
    await form.getByRole('checkbox', { name: 'Show only rejected rows' }).check();
    await expect(report.getByRole('row')).toHaveCount(2);
    // The members list shows them, filtered by status and found by name.
    await page.getByRole('searchbox', { name: 'Search members' }).fill(candB);
    const members = page.getByRole('table', { name: 'Members' });
    await expect(members.getByRole('row')).toHaveCount(2);
    await expect(members.getByText(fullName(candB))).toBeVisible();
    // The association's admin sees sign-in names; the list says how many it shows.
    await expect(members.getByText(candB, { exact: true })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: /^1 member\.$/ })).toBeVisible();
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Retired' });
    await expect(page.getByText('No members found.')).toBeVisible();
    await page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'All' });
    await page.getByRole('searchbox', { name: 'Search members' }).fill('');
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await expectMembersFit(page);
    await screenshot(page, 'association-import-en');
    await inKhmer(page);
    await expect(await unfold(page, 'នាំចូលសមាជិកពី CSV')).toBeVisible();
    await expectNoSideScroll(page);
    await expectMembersFit(page);
    await screenshot(page, 'association-km');
    await inEnglish(page);
  });
});

test("the association admin changes one member's status and role; the only admin may not step down", async ({
  browser,
}) => {
  await as(browser, 'head.adm', async (page) => {
    await page.goto(`/associations/${associationId}`);
    await page.getByRole('searchbox', { name: 'Search members' }).fill(candC);
    const members = page.getByRole('table', { name: 'Members' });
    await expect(members.getByRole('row')).toHaveCount(2);
    await members.getByRole('button', { name: `Change ${fullName(candC)}` }).click();
    const dialog = page.getByRole('dialog', { name: `Change the membership of ${fullName(candC)}` });
    await dialog.getByLabel('Status', { exact: true }).selectOption({ label: 'Retired' });
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Election committee' });
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expect(dialog).toBeHidden();
    await expectSaid(page, `Saved: ${fullName(candC)}, Retired, Election committee.`);
    await expect(members.getByRole('row').nth(1)).toContainText('Retired');
    await expect(members.getByRole('row').nth(1)).toContainText('Election committee');
    // And back, for the election below (a candidate is an active member).
    await members.getByRole('button', { name: `Change ${fullName(candC)}` }).click();
    await dialog.getByLabel('Status', { exact: true }).selectOption({ label: 'Active' });
    await dialog.getByLabel('Role', { exact: true }).selectOption({ label: 'Member' });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await expectSaid(page, `Saved: ${fullName(candC)}, Active, Member.`);

    // The association's only admin may not make themself a plain member: the dialog says why,
    // and nothing changes.
    await page.getByRole('searchbox', { name: 'Search members' }).fill('head.adm');
    await expect(members.getByRole('row')).toHaveCount(2);
    await members.getByRole('button', { name: /^Change / }).click();
    const own = page.getByRole('dialog', { name: /^Change the membership of / });
    await own.getByLabel('Role', { exact: true }).selectOption({ label: 'Member' });
    await expect(own.getByText(/^This is your own role/)).toBeVisible();
    await own.getByRole('button', { name: 'Save' }).click();
    await expect(own.getByRole('alert')).toHaveText(
      'The association keeps an admin: make another member its admin first.',
    );
    await own.getByRole('button', { name: 'Cancel' }).click();
    await expect(members.getByRole('row').nth(1)).toContainText('Association admin');
  });
  // A member sees the list, but no way to change it.
  await as(browser, voterA, async (page) => {
    await page.goto(`/associations/${associationId}`);
    await expect(page.getByRole('table', { name: 'Members' })).toBeVisible();
    await expect(page.getByRole('button', { name: /^Change / })).toHaveCount(0);
  });
});

/**
 * A phone set to US English writes a date and time wide ("12/12/2026, 09:08 PM"): the election's
 * "Voting opens" and "Voting closes" stack rather than run off the screen.
 */
test('on a phone in US English the election date and time fields fit the screen', async ({ browser }) => {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'en-US',
  });
  const page = await context.newPage();
  try {
    await page.goto('/login');
    await signIn(page, 'head.adm');
    await inEnglish(page);
    await page.goto(`/associations/${associationId}`);
    const form = await unfold(page, 'New election');
    await form.getByLabel('Voting opens', { exact: true }).fill(localIn(1));
    const closes = form.getByLabel('Voting closes', { exact: true });
    // Closing when it opens is refused by the browser, as the server would refuse it.
    await closes.fill(localIn(1));
    expect(await closes.evaluate((el: HTMLInputElement) => el.validity.rangeUnderflow)).toBe(true);
    await closes.fill(localIn(2));
    expect(await closes.evaluate((el: HTMLInputElement) => el.validity.valid)).toBe(true);
    await expectNoSideScroll(page);
    // The demo election, before voting: its schedule has both times.
    const elections = await apiAs<{ items: { id: string; status: string }[] }>(
      base(),
      await tokenOf(base(), 'head.adm'),
      'GET',
      `/associations/${associationId}/elections`,
    );
    const before = elections.items.find((e) => e.status === 'nominations' || e.status === 'draft')!;
    await page.goto(`/elections/${before.id}`);
    const schedule = page.getByRole('form', { name: 'Schedule' });
    await expect(schedule.getByLabel('Voting closes', { exact: true })).toBeVisible();
    await expectNoSideScroll(page);
    await expectFieldRowsFit(page);
    // Dates alone ("mm/dd/yyyy" and its calendar button) stay inside their cards too: a term's
    // dates on the association page, a delegation's on the settings page.
    await page.goto(`/associations/${associationId}`);
    await expect(await unfold(page, 'New election')).toBeVisible();
    await expectFieldRowsFit(page);
    await page.goto('/settings');
    await expect(page.getByRole('heading', { name: 'Delegation' })).toBeVisible();
    await expectFieldRowsFit(page);
  } finally {
    await context.close();
  }
});

test('the admin creates a term and an election, with candidates, and opens voting after confirming', async ({
  browser,
}) => {
  await as(browser, 'head.adm', async (page) => {
    await page.goto(`/associations/${associationId}`);
    const term = await unfold(page, 'New term');
    await term.getByLabel('Term number', { exact: true }).fill(String(TERM));
    await term.getByLabel('Board seats', { exact: true }).fill('1');
    await term.getByLabel('Starts on', { exact: true }).fill('2027-01-01');
    await term.getByLabel('Ends on', { exact: true }).fill('2028-12-31');
    await term.getByRole('button', { name: 'Create term' }).click();
    await expect(term.getByText('The term is created.')).toBeVisible();
    await expect(page.getByRole('link', { name: `Board of term ${TERM}` })).toBeVisible();
    // Its board page says why it is empty (it showed a bare heading).
    await page.getByRole('link', { name: `Board of term ${TERM}` }).click();
    await expect(
      page.getByRole('status').filter({
        hasText: "No board yet: the elected take their seats when the term's election is certified.",
      }),
    ).toBeVisible();
    await page.goBack();

    const form = await unfold(page, 'New election');
    await form.getByLabel('Term', { exact: true }).selectOption({ label: `Term ${TERM}` });
    await form.getByLabel('Title in English').fill(TITLE);
    await form.getByLabel('Seats', { exact: true }).fill('1');
    await form.getByLabel(/^Most choices/).fill('1');
    await form.getByLabel('Voting opens', { exact: true }).fill(localIn(1));
    await form.getByLabel('Voting closes', { exact: true }).fill(localIn(2));
    await form.getByLabel('Tie-break', { exact: true }).selectOption({ label: 'By lot' });
    await form.getByRole('button', { name: 'Create election' }).click();
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    electionId = page.url().split('/elections/')[1]!;

    // Candidates: three added, one withdrawn.
    const add = page.getByRole('form', { name: 'Add candidate' });
    for (const u of [candA, candB, candC]) {
      await add.getByRole('searchbox', { name: 'Find a member' }).fill(u);
      await expect(add.getByRole('option', { name: `${fullName(u)} (${u})` })).toBeAttached();
      await add.getByLabel('Member', { exact: true }).selectOption({ label: `${fullName(u)} (${u})` });
      if (u === candA) await add.getByLabel('Statement (optional)').fill(STATEMENT);
      await add.getByRole('button', { name: 'Add candidate' }).click();
      await expect(page.getByRole('button', { name: `Withdraw ${fullName(u)}` })).toBeVisible();
    }
    await page.getByRole('button', { name: `Withdraw ${fullName(candC)}` }).click();
    await expect(page.getByRole('button', { name: `Withdraw ${fullName(candC)}` })).toHaveCount(0);
    await expect(page.getByText('withdrawn')).toBeVisible();

    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'election-admin-en');
    // "Open voting" asks first, in a dialog named by its question.
    await page.getByRole('button', { name: 'Open voting' }).click();
    const ask = page.getByRole('dialog', { name: 'Open voting now?' });
    await expect(ask).toBeVisible();
    await expect(ask.getByText(/2 candidates for 1 seat\)/)).toBeVisible();
    await expectAccessible(page);
    await ask.getByRole('button', { name: 'Open voting' }).click();
    await expect(page.getByText('Voting is open.')).toBeVisible();
    await expect(page.getByText('Voting open', { exact: true })).toBeVisible();
  });
});

test('members find the election in "My elections" and vote: a tie', async ({ browser }) => {
  for (const [voter, choice] of [
    [voterA, candA],
    [voterB, candB],
  ] as const) {
    await as(browser, voter, async (page) => {
      await page.getByRole('link', { name: 'Elections', exact: true }).click();
      const item = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: TITLE }) });
      await expect(item.getByText('You may vote')).toBeVisible();
      if (voter === voterA) {
        await expectNoSideScroll(page);
        await expectAccessible(page);
        await screenshot(page, 'elections-mine-en');
      }
      await item.getByRole('link', { name: TITLE }).click();
      // The candidate's statement is on the ballot, folded under their name.
      const statement = page.getByRole('group').filter({ hasText: `Statement of ${fullName(candA)}` });
      await expect(statement.getByText(STATEMENT.split('\n')[1]!)).toBeHidden();
      await statement.getByText(`Statement of ${fullName(candA)}`).click();
      await expect(statement.getByText(STATEMENT.split('\n')[1]!)).toBeVisible();
      await page.getByRole('checkbox', { name: fullName(choice) }).check();
      await page.getByRole('button', { name: 'Cast ballot' }).click();
      await page
        .getByRole('dialog', { name: 'Cast this ballot?' })
        .getByRole('button', { name: 'Confirm' })
        .click();
      await expect(page.getByText('Receipt', { exact: true })).toBeVisible();
      await page.getByRole('link', { name: 'Elections', exact: true }).click();
      // Not copied: the page asks before it lets the receipt go.
      await page.getByRole('alertdialog').getByRole('button', { name: 'Leave the page' }).click();
      await expect(item.getByText('You have voted')).toBeVisible();
      if (voter === voterB) {
        await inKhmer(page);
        await expect(item.getByText('អ្នកបានបោះឆ្នោតហើយ')).toBeVisible();
        await expectNoSideScroll(page);
        await screenshot(page, 'elections-mine-km');
      }
    });
  }
});

test('the admin closes voting, breaks the tie by lot, certifies; the board page shows the winner', async ({
  browser,
}) => {
  await as(browser, 'head.adm', async (page) => {
    await page.goto(`/elections/${electionId}`);
    await page.getByRole('button', { name: 'Close voting' }).click();
    await page
      .getByRole('dialog', { name: 'Close voting now?' })
      .getByRole('button', { name: 'Close voting' })
      .click();
    await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible({ timeout: 30_000 });
    await expect(page.getByText(/A tie: .* have 1 vote each for 1 seat left\./)).toBeVisible();
    await page.getByRole('button', { name: 'Break the tie by lot' }).click();
    const lot = page.getByRole('dialog', { name: 'Break the tie by lot?' });
    await expect(lot).toBeVisible();
    await lot.getByRole('button', { name: 'Draw the lot' }).click();
    await expect(page.getByRole('heading', { name: 'How the tie was broken' })).toBeVisible();
    await page.getByRole('button', { name: 'Certify the results' }).click();
    await page
      .getByRole('dialog', { name: 'Certify the results?' })
      .getByRole('button', { name: 'Certify' })
      .click();
    await expect(page.getByText('Certified', { exact: true })).toBeVisible();

    const token = await tokenOf(base(), 'head.adm');
    const results = await apiAs<{
      elected: string[];
      candidates: { candidateId: string; fullName: string }[];
    }>(base(), token, 'GET', `/elections/${electionId}/results`);
    const winner = results.candidates.find((c) => c.candidateId === results.elected[0])!.fullName;
    const loser = [fullName(candA), fullName(candB)].find((n) => n !== winner)!;

    await page.goto(`/associations/${associationId}`);
    await page.getByRole('link', { name: `Board of term ${TERM}` }).click();
    await expect(
      page.getByRole('heading', { level: 1, name: `The board: ${associationName}` }),
    ).toBeVisible();
    const board = page.getByRole('region', { name: 'The board' });
    await expect(board.getByRole('listitem').filter({ hasText: winner })).toContainText('Member');
    await expect(board.getByRole('heading', { name: 'Substitutes' })).toBeVisible();
    await expect(board.getByText(loser)).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'board-en');
    await inKhmer(page);
    // The board is ក្រុមប្រឹក្សាភិបាល everywhere (as the server's messages say it); គណៈកម្មការ is the
    // election committee's word, and the board's page no longer uses it.
    await expect(page.getByRole('heading', { level: 2, name: 'ក្រុមប្រឹក្សាភិបាល' })).toBeVisible();
    await expect(page.getByText(/គណៈកម្មការ/)).toHaveCount(0);
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'board-km');
  });
});

test("an election of another size than the term's board says what certifying does, and asks first", async ({
  browser,
}) => {
  await as(browser, 'head.adm', async (page) => {
    await page.goto(`/associations/${associationId}`);
    const form = await unfold(page, 'New election');
    await form.getByLabel('Term', { exact: true }).selectOption({ label: `Term ${TERM}` });
    // A Khmer title alone is enough (the election's one title field used to hold both languages).
    await form.getByLabel('Title in Khmer').fill(`ការបោះឆ្នោតទំហំផ្សេង ${tag}`);
    await form.getByLabel('Seats', { exact: true }).fill('3');
    await form.getByLabel('Voting opens', { exact: true }).fill(localIn(1));
    await form.getByLabel('Voting closes', { exact: true }).fill(localIn(2));
    const note = `Term ${TERM} has 1 board seat, but this election fills 3 seats. Certifying it installs the 3 people elected here as the whole board of term ${TERM}.`;
    await expect(form.getByText(note)).toBeVisible();
    await form.getByRole('button', { name: 'Create election' }).click();
    const ask = page.getByRole('dialog', { name: 'Elect a board of another size?' });
    await expect(ask.getByText(note)).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'election-board-size-en');
    // "Cancel" leaves the form as it was; confirming creates the election.
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    await expect(form.getByLabel('Seats', { exact: true })).toHaveValue('3');
    await form.getByRole('button', { name: 'Create election' }).click();
    await ask.getByRole('button', { name: 'Yes, create the election' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `ការបោះឆ្នោតទំហំផ្សេង ${tag}` })).toBeVisible();
    // The admin panel keeps saying it until the election is certified (the certify dialog says it too).
    await expect(page.getByRole('region', { name: 'Running this election' }).getByText(note)).toBeVisible();
    await inKhmer(page);
    await expect(page.getByText(new RegExp(`អាណត្តិទី .* មានអាសនៈក្រុមប្រឹក្សាភិបាល`))).toBeVisible();
    await expectNoSideScroll(page);
    await screenshot(page, 'election-board-size-km');
    await inEnglish(page);
    await page.getByRole('button', { name: 'Cancel election' }).click();
    await page
      .getByRole('dialog', { name: 'Cancel this election?' })
      .getByRole('button', { name: 'Yes, cancel the election' })
      .click();
    await expect(page.getByText('The election is cancelled.')).toBeVisible();
  });
});

test('after a missed quorum the admin is offered a new election for the term, filled in', async ({
  browser,
}) => {
  // An election of a new term that closes below its quorum (set up through the API).
  const token = await tokenOf(base(), 'head.adm');
  const term = await apiAs<{ id: string }>(base(), token, 'POST', `/associations/${associationId}/terms`, {
    number: TERM2,
    startsOn: '2029-01-01',
    endsOn: '2030-12-31',
    boardSeats: 1,
  });
  const title = `No quorum ${tag}`;
  const election = await apiAs<{ id: string }>(
    base(),
    token,
    'POST',
    `/associations/${associationId}/elections`,
    {
      termId: term.id,
      title,
      seats: 1,
      quorumPercent: 100,
      votingOpensAt: new Date(Date.now() + 3_600_000).toISOString(),
      votingClosesAt: new Date(Date.now() + 7_200_000).toISOString(),
      tieBreak: 'lot',
    },
  );
  const members = await apiAs<{ items: { userId: string }[] }>(
    base(),
    token,
    'GET',
    `/associations/${associationId}/members?search=${encodeURIComponent(candA)}`,
  );
  await apiAs(base(), token, 'POST', `/elections/${election.id}/candidates`, {
    userId: members.items[0]!.userId,
  });
  await apiAs(base(), token, 'POST', `/elections/${election.id}/open-voting`);
  await apiAs(base(), token, 'POST', `/elections/${election.id}/close-voting`);

  await as(browser, 'head.adm', async (page) => {
    await page.goto(`/elections/${election.id}`);
    const next = page.getByRole('region', { name: 'The quorum was not met: what next?' });
    await expect(next).toBeVisible({ timeout: 30_000 });
    await expect(next.getByText(/below the quorum of 100%, so nobody is elected/)).toBeVisible();
    await expect(next.getByText(/cannot be cancelled or reopened/)).toBeVisible();
    await expect(page.getByRole('button', { name: 'Certify the results' })).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel election' })).toHaveCount(0);
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'election-quorum-missed-en');
    await inKhmer(page);
    await expect(page.getByRole('region', { name: 'មិនគ្រប់កូរ៉ុម៖ តើត្រូវធ្វើអ្វីបន្ត?' })).toBeVisible();
    await expectNoSideScroll(page);
    await screenshot(page, 'election-quorum-missed-km');
    await inEnglish(page);
    await next.getByRole('link', { name: `New election for term ${TERM2.toLocaleString('en-GB')}` }).click();
    const form = await unfold(page, 'New election');
    await expect(form.getByLabel('Term', { exact: true })).toHaveValue(term.id);
    await expect(form.getByLabel('Title in English')).toHaveValue(title);
    await expect(form.getByLabel('Seats', { exact: true })).toHaveValue('1');
    await expect(form.getByLabel(/^Quorum/)).toHaveValue('100');
    await expect(form.getByLabel('Voting opens', { exact: true })).toHaveValue('');
  });
});
