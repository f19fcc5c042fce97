import { type Download, expect, test } from '@playwright/test';
import {
  apiAs,
  as,
  breakTieByLot,
  expectAccessible,
  expectNoSideScroll,
  expectSaid,
  expectTablesFit,
  inEnglish,
  inKhmer,
  newDemoElection,
  screenshot,
  signIn,
  tokenOf,
} from './helpers';

/**
 * A board election in the browser, on a phone-sized screen: the association's admin opens voting, a
 * member votes with a confirmation step and keeps the receipt, a second visit says "You have voted",
 * a retired member sees why they may not vote; after closing, the results table agrees with the
 * API's results, the tie is broken by lot, "Check my receipt" finds the ballot, and the admin
 * certifies the board.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;
const NOW = Date.now();
const TITLE = `Board election ${NOW}`;
/** Its title for Khmer readers (one field held both languages before). */
const TITLE_KM = `ការបោះឆ្នោតក្រុមប្រឹក្សាភិបាល ${NOW}`;
let electionPath = '';
let electionId = '';
let associationId = '';
let receipt = '';
/** The board's president, as the certification test gives the role (a candidate's username). */
let president = '';
const candidates: Record<string, string> = {};
const candidatesKm: Record<string, string> = {};

async function readDownload(download: Download): Promise<string> {
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

test('the association admin sets up an election; voting opens in the browser', async ({ browser }) => {
  const made = await newDemoElection(
    base(),
    await tokenOf(base(), 'head.adm'),
    TITLE,
    2,
    ['dir.fin', 'head.bud', 'dir.pst'],
    TITLE_KM,
  );
  associationId = made.associationId;
  electionId = made.electionId;
  electionPath = `/elections/${made.electionId}`;
  for (const [username, c] of Object.entries(made.candidates)) {
    candidates[username] = c.fullName;
    candidatesKm[username] = c.fullNameKm;
  }

  await as(browser, 'head.adm', async (page) => {
    await page.getByRole('link', { name: 'Elections', exact: true }).click();
    await page.getByRole('link', { name: TITLE }).click();
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText('Draft', { exact: true })).toBeVisible();
    // Withdrawing a candidate is a button that looks like one (it read as plain text).
    const withdraw = page.getByRole('button', { name: /^Withdraw / }).first();
    expect(await withdraw.evaluate((b) => getComputedStyle(b).borderTopColor)).not.toBe('rgba(0, 0, 0, 0)');
    // On a desktop the admin's next step is in view on arrival (it sat at the bottom of a page
    // 5,500 px tall), the candidates are listed once (the public list and the editor's list showed
    // them twice), and a withdraw button is as wide as its words, not the card.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await expect(page.getByRole('button', { name: 'Open voting' })).toBeInViewport();
    for (const name of Object.values(candidates)) {
      await expect(page.getByText(name, { exact: true })).toHaveCount(1);
    }
    const widths = await withdraw.evaluate((b) => [
      b.getBoundingClientRect().width,
      b.parentElement!.getBoundingClientRect().width,
    ]);
    expect(widths[0]!, JSON.stringify(widths)).toBeLessThan(widths[1]! / 2);
    await page.setViewportSize({ width: 360, height: 800 });
    await page.getByRole('button', { name: 'Open voting' }).click();
    // It asks first: nothing happens until the dialog is confirmed; it opens on "Cancel", so that
    // Enter pressed out of habit does not take the step.
    const ask = page.getByRole('dialog', { name: 'Open voting now?' });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    await expect(page.getByText('Draft', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Open voting' }).click();
    await ask.getByRole('button', { name: 'Open voting' }).click();
    // The button went with the step: the result is said, with focus on it.
    await expectSaid(page, 'Voting is open.');
    await expect(page.getByText('Voting open', { exact: true })).toBeVisible();
  });
});

test('a member votes with a confirmation step and keeps the receipt', async ({ browser }) => {
  await as(browser, 'staff.sophea', async (page) => {
    // A ballot waiting: the home page shows the election first, and leads to it.
    const firstCard = page.locator('.cards > .card').first();
    await expect(firstCard.getByRole('heading', { level: 2 })).toHaveText('Open elections');
    await firstCard.getByRole('link', { name: TITLE }).click();
    await expect(page).toHaveURL(new RegExp(`${electionPath}$`));
    await expect(page.getByRole('heading', { level: 1, name: TITLE })).toBeVisible();
    await expect(page.getByText('Up to 2 candidates', { exact: true })).toBeVisible();
    const a = page.getByRole('checkbox', { name: candidates['dir.fin'] });
    const b = page.getByRole('checkbox', { name: candidates['head.bud'] });
    const c = page.getByRole('checkbox', { name: candidates['dir.pst'] });
    await a.check();
    await b.check();
    // The limit: a third choice cannot be ticked.
    await expect(c).toBeDisabled();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'election-ballot-en');
    await page.getByRole('button', { name: 'Cast ballot' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cast this ballot?' });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByText(candidates['dir.fin']!)).toBeVisible();
    await expect(dialog.getByText(candidates['head.bud']!)).toBeVisible();
    await expect(dialog.getByText(candidates['dir.pst']!)).toHaveCount(0);
    // It opens on "Cancel", and lists the choices in ballot order (not in the order ticked, which
    // reads as a ranking), numbered 1..n: by their places on the ballot ("1. 3.") it read as if a
    // line were missing.
    await expect(dialog.getByRole('button', { name: 'Cancel' })).toBeFocused();
    const onBallot = (await page.locator('.ballot-choice').allTextContents()).map((s) => s.trim());
    const numbered = [candidates['dir.fin']!, candidates['head.bud']!]
      .sort((x, y) => onBallot.indexOf(x) - onBallot.indexOf(y))
      .map((name, i) => `${i + 1}. ${name}`);
    await expect(dialog.getByRole('listitem')).toHaveText(numbered);
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    await page.getByRole('button', { name: 'Cast ballot' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Confirm' }).click();
    await expect(page.getByText('Receipt', { exact: true })).toBeVisible();
    // The ballot went with the vote: focus is on the thanks above the receipt.
    await expect(page.getByRole('heading', { level: 2, name: 'Your ballot is cast' })).toBeFocused();
    receipt = (await page.locator('.receipt-code').textContent())!.trim();
    expect(receipt.length).toBeGreaterThan(5);
    // On a phone the code is read on one line, not broken in two.
    const code = await page.locator('.receipt-code').evaluate((el) => ({
      height: el.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(el).lineHeight) || parseFloat(getComputedStyle(el).fontSize) * 1.5,
    }));
    expect(code.height, JSON.stringify(code)).toBeLessThan(code.line * 1.5);
    await expect(page.getByRole('button', { name: 'Copy receipt' })).toBeVisible();
    // Beside the code, plainly: it is shown only this once, and what it is kept for.
    const receiptPanel = page.getByRole('region', { name: 'Your ballot is cast' });
    await expect(receiptPanel.getByText(/shown only this once/)).toBeVisible();
    await expect(
      receiptPanel.getByText(/check after voting closes that your ballot was counted/),
    ).toBeVisible();
    await expectAccessible(page);
    await screenshot(page, 'election-receipt-en');
    // Shown this once: a link away first asks; "Stay" keeps the receipt on the screen.
    await page.getByRole('link', { name: 'Elections', exact: true }).click();
    const leaving = page.getByRole('alertdialog', { name: /shown only this once/ });
    await expect(leaving).toBeVisible();
    // Modal, in view wherever the page was scrolled, "Stay" in focus.
    expect(await leaving.evaluate((dialog) => dialog.matches(':modal'))).toBe(true);
    await expect(leaving).toBeInViewport();
    await expect(leaving.getByRole('button', { name: 'Stay' })).toBeFocused();
    await expectAccessible(page);
    await leaving.getByRole('button', { name: 'Stay' }).click();
    await expect(leaving).toBeHidden();
    await expect(page).toHaveURL(new RegExp(`${electionPath}$`));
    await expect(page.locator('.receipt-code')).toHaveText(receipt);
    // Stayed: the focus back on the link that was followed.
    await expect(page.getByRole('link', { name: 'Elections', exact: true })).toBeFocused();
    // Back, pressed with the receipt out of sight, asks in view too.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.goBack();
    await expect(leaving).toBeInViewport();
    await leaving.getByRole('button', { name: 'Stay' }).click();
    await expect(page).toHaveURL(new RegExp(`${electionPath}$`));
    // Copied, the page may be left without a question.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.getByRole('button', { name: 'Copy receipt' }).click();
    await expect(page.getByText('Copied.')).toBeVisible();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(receipt);

    // Saved as a small text file: the code, and what it is for.
    const saving = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Save receipt as a file' }).click();
    const file = await saving;
    expect(file.suggestedFilename()).toBe(`receipt-${receipt}.txt`);
    const saved = await readDownload(file);
    expect(saved).toContain(`Receipt: ${receipt}`);
    expect(saved).toContain(TITLE);

    await page.reload();
    await expect(page.getByRole('heading', { name: 'You have voted' })).toBeVisible();
    // Voting is still open: the ballot is recorded, not yet counted.
    await expect(page.getByText(/Your ballot is recorded; it is counted when voting closes\./)).toBeVisible();
    await expect(page.getByText(/ballot is counted/)).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cast ballot' })).toHaveCount(0);
    // Voted: the election goes back to its place at the end of the home page.
    await page.getByRole('link', { name: 'Home', exact: true }).or(page.locator('a.brand')).first().click();
    await expect(page.locator('.cards > .card').last().getByRole('heading', { level: 2 })).toHaveText(
      'Open elections',
    );
  });
});

test('a member votes in Khmer; a retired member sees why they may not vote', async ({ browser }) => {
  await as(
    browser,
    'staff.dara',
    async (page) => {
      await inKhmer(page);
      await page.goto(electionPath);
      await expect(page.locator('html')).toHaveAttribute('lang', 'km');
      await expect(page.getByRole('heading', { level: 1, name: TITLE_KM })).toBeVisible();
      await page.getByRole('checkbox', { name: candidatesKm['dir.fin'] }).check();
      await page.getByRole('checkbox', { name: candidatesKm['dir.pst'] }).check();
      await expectNoSideScroll(page);
      await screenshot(page, 'election-ballot-km');
      await page.getByRole('button', { name: 'បោះឆ្នោត', exact: true }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'បញ្ជាក់' }).click();
      await expect(page.getByText('បង្កាន់ដៃ', { exact: true })).toBeVisible();
      // The note and the ways to keep the receipt, in Khmer.
      await expect(page.getByText(/បង្ហាញតែម្ដងនេះប៉ុណ្ណោះ៖/)).toBeVisible();
      await expect(page.getByRole('button', { name: 'ចម្លងបង្កាន់ដៃ' })).toBeVisible();
      await expect(page.getByRole('button', { name: 'រក្សាទុកបង្កាន់ដៃជាឯកសារ' })).toBeVisible();
      // The warning before the receipt is left behind, in Khmer.
      await page.getByRole('link', { name: 'ការបោះឆ្នោត', exact: true }).click();
      const leaving = page.getByRole('alertdialog', { name: /បង្ហាញតែម្ដងនេះប៉ុណ្ណោះ/ });
      await expect(leaving.getByRole('button', { name: 'នៅទំព័រនេះ' })).toBeVisible();
      await expectNoSideScroll(page);
      await screenshot(page, 'election-receipt-leave-km');
      await leaving.getByRole('button', { name: 'នៅទំព័រនេះ' }).click();
      await expect(page.locator('.receipt-code')).toBeVisible();
    },
    false,
  );
  await as(browser, 'retired.rotha', async (page) => {
    // A retired member's home holds what concerns them: no approvals inbox, no documents of theirs.
    await expect(page.getByRole('heading', { level: 2, name: 'Open elections' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Waiting for my decision' })).toHaveCount(0);
    await expect(page.getByRole('heading', { name: 'My documents in review' })).toHaveCount(0);
    await page.goto(electionPath);
    await expect(page.getByRole('heading', { name: 'You may not vote in this election' })).toBeVisible();
    await expect(page.getByText(/registered as one of the retired members/)).toBeVisible();
    await expect(page.getByRole('checkbox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cast ballot' })).toHaveCount(0);
  });
});

test('after closing: the table agrees with the API, the tie is broken by lot, the board certified', async ({
  browser,
}) => {
  await as(browser, 'head.adm', async (page) => {
    await page.goto(electionPath);
    await page.getByRole('button', { name: 'Close voting' }).click();
    await page
      .getByRole('dialog', { name: 'Close voting now?' })
      .getByRole('button', { name: 'Close voting' })
      .click();
    await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible({ timeout: 30_000 });
    // Until certified, the results say they are not final (they read as final to members).
    const notFinal = page.getByRole('status').filter({ hasText: /^Not final yet: / });
    await expect(notFinal).toBeVisible();
    // Two ballots for dir.fin, one each for head.bud and dir.pst: a tie for the second seat.
    const token = await tokenOf(base(), 'head.adm');
    const results = await apiAs<{
      candidates: { fullName: string; votes: number; rank: number }[];
      tie: unknown;
      final: boolean;
    }>(base(), token, 'GET', `/elections/${electionId}/results`);
    const table = page.getByRole('table', { name: 'Votes per candidate, by rank' });
    for (const c of results.candidates) {
      const row = table.getByRole('row', { name: new RegExp(c.fullName) });
      await expect(row.getByRole('cell').nth(1)).toHaveText(String(c.votes));
      await expect(row.getByRole('cell').nth(0)).toHaveText(String(c.rank));
    }
    await expect(page.getByRole('img', { name: 'Votes per candidate' })).toBeVisible();
    expect(results.final).toBe(false);
    await expect(page.getByText(/A tie: .* have 1 vote each for 1 seat left\./)).toBeVisible();
    // No substitutes' order while the tie waits: the tied who lose the lot come first (a walk read a
    // wrong order on this page before the lot).
    await expect(
      page.getByText('Ranked once the tie for the last seat is broken', { exact: false }),
    ).toBeVisible();
    await expect(page.getByText(/^2 of \d+ voted/)).toBeVisible();
    // After closing, on a desktop, the next step (here the tie-break) is in view on arrival, above
    // the results and the published lists, not under them.
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Break the tie by lot' })).toBeInViewport();
    await page.setViewportSize({ width: 360, height: 800 });
    await breakTieByLot(page);
    // The values to check the draw are folded away; the seats' winners are said in words.
    await expect(page.getByText('Published seed')).toBeHidden();
    await page.getByText('Check the draw yourself', { exact: false }).first().click();
    await expect(page.getByText('Published seed')).toBeVisible();
    // How it was drawn, in words, with the values it names: the commitment published when voting
    // opened (the election's), the seed, each tied candidate's number (the draw).
    await expect(page.getByText(/^How the lot was drawn: when voting opened/)).toBeVisible();
    const { lotCommitment } = await apiAs<{ lotCommitment: string }>(
      base(),
      await tokenOf(base(), 'head.adm'),
      'GET',
      `/elections/${electionPath.split('/').pop()}`,
    );
    await expect(page.locator('dt:text-is("Commitment, published when voting opened") + dd')).toHaveText(
      lotCommitment,
    );
    await expect(
      page.getByRole('list', { name: 'The draw, smallest number first' }).getByRole('listitem'),
    ).toHaveCount(2);
    // The server's procedure text (English, for the record) is not the page's explanation.
    await expect(page.getByText(/lotCommitment|seatsLeft/)).toHaveCount(0);
    await expectNoSideScroll(page);
    await expectTablesFit(page);
    await expectAccessible(page);
    await screenshot(page, 'election-results-en');
    await page.getByRole('button', { name: 'Certify the results' }).click();
    await page
      .getByRole('dialog', { name: 'Certify the results?' })
      .getByRole('button', { name: 'Certify' })
      .click();
    await expect(page.getByRole('heading', { name: 'The board' })).toBeVisible();
    await expect(page.getByText('Certified', { exact: true })).toBeVisible();
    // The association's admin gives the board its roles; a role another holds is refused, saying why.
    const roles = page.getByRole('region', { name: 'The board' }).getByRole('combobox');
    await expect(roles).toHaveCount(2);
    const first = (await roles.first().getAttribute('aria-label'))!.replace(/^Role of /, '');
    await roles.first().selectOption('president');
    await expect(page.getByText(`${first} is now: President.`)).toBeVisible();
    president = Object.keys(candidates).find((u) => candidates[u] === first)!;
    const second = (await roles.nth(1).getAttribute('aria-label'))!.replace(/^Role of /, '');
    await roles.nth(1).selectOption('president');
    // Said beside the row whose role was refused, naming who holds it (it appeared under the whole
    // list, rows away, as 'Another board member already holds this role.').
    const refused = page
      .getByRole('region', { name: 'The board' })
      .getByRole('listitem')
      .filter({ has: page.getByRole('combobox', { name: `Role of ${second}` }) })
      .getByRole('alert');
    await expect(refused).toHaveText(
      `${first} is already President: give ${first} another role first, then give it to ${second}.`,
    );
    await expect(refused).toBeInViewport();
    await expect(roles.nth(1)).toHaveValue('member');
    await expect(roles.first()).toHaveValue('president');
    // The substitutes are numbered as the results number them ('1. name').
    const certified = await apiAs<{
      substitutes: { candidateId: string }[];
      candidates: { candidateId: string; fullName: string }[];
    }>(base(), token, 'GET', `/elections/${electionId}/results`);
    const substitutes = certified.substitutes.map(
      (s, i) => `${i + 1}. ${certified.candidates.find((c) => c.candidateId === s.candidateId)!.fullName}`,
    );
    await expect(
      page
        .getByRole('region', { name: 'The board' })
        .getByRole('list', { name: 'Substitutes' })
        .getByRole('listitem'),
    ).toHaveText(substitutes);
    // Certified, nothing is left to run: no panel for it (a committee member saw a heading alone).
    await page.reload();
    await expect(page.getByRole('heading', { name: 'The board' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Running this election' })).toHaveCount(0);
    await expect(notFinal).toHaveCount(0);

    // The lists say when voting really opened and closed (today, by hand), as this page does, not
    // the planned window (tomorrow to the day after).
    const actual = (await page.locator('dt:text-is("Voting") + dd').textContent())!.trim();
    expect(actual).toMatch(/ – /);
    const listed = () =>
      page.locator('.item-list li').filter({ has: page.getByRole('link', { name: TITLE }) });
    await page.goto('/elections');
    await expect(listed()).toContainText(`Voting ${actual}`);
    await page.goto(`/associations/${associationId}`);
    await expect(listed()).toContainText(`Voting ${actual}`);
  });
});

test("the audit log: the election's ballots on one line with who voted; the certification names the elected", async ({
  page,
}) => {
  await page.goto('/login');
  await signIn(page, 'admin', 'Admin@2026');
  await inEnglish(page);
  await page.goto('/admin/audit');
  const activity = page.getByRole('list', { name: 'Activity' });
  const ofThisElection = () =>
    activity.getByRole('listitem').filter({ has: page.locator(`a[href="${electionPath}"]`) });
  // Every ballot was an entry of its own, and an election's voting filled the log's first page.
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Voted' });
  await expect(ofThisElection()).toHaveCount(1);
  await expect(ofThisElection().locator('.item-title')).toHaveText('2 members voted');
  await ofThisElection().getByText('Who voted').click();
  await expect(ofThisElection().getByRole('listitem')).toHaveCount(2);
  // The details name the elected, not only their ids.
  await page.getByRole('combobox', { name: 'Kind' }).selectOption({ label: 'Results certified' });
  await ofThisElection().getByText('Details').click();
  const details = ofThisElection().locator('pre');
  await expect(details).toContainText(`"${candidates[president]} (`);
  await expectAccessible(page);
});

test("the board's president schedules the association's meeting; a member may not", async ({ browser }) => {
  // In the president's own language (Khmer): the Language menu would change a demo profile.
  await as(
    browser,
    president,
    async (page) => {
      await page.goto(`/associations/${associationId}`);
      const meetings = page.getByRole('region', { name: 'កិច្ចប្រជុំ' });
      await expect(meetings).toContainText('តួនាទីរបស់អ្នកក្នុងក្រុមប្រឹក្សាភិបាល៖ ប្រធាន។');
      await meetings.getByRole('button', { name: 'កិច្ចប្រជុំថ្មី' }).click();
      // A Khmer title alone is enough (the English one used to be required, under a bare "Title").
      await meetings.getByRole('textbox', { name: 'ចំណងជើងជាភាសាខ្មែរ' }).fill('កិច្ចប្រជុំក្រុមប្រឹក្សាភិបាល');
      await meetings.getByLabel('ចាប់ផ្តើមនៅ').fill('2027-01-15T09:00');
      await expectAccessible(page);
      await meetings.getByRole('button', { name: 'កំណត់ពេលកិច្ចប្រជុំ' }).click();
      await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}$/);
      await expect(page.getByRole('heading', { level: 1, name: 'កិច្ចប្រជុំក្រុមប្រឹក្សាភិបាល' })).toBeVisible();
    },
    false,
  );
  await as(browser, 'staff.sophea', async (page) => {
    await page.goto(`/associations/${associationId}`);
    // (The members table is a region of the same name too, when it scrolls.)
    await expect(page.getByRole('heading', { level: 2, name: 'Members' })).toBeVisible();
    await expect(page.getByRole('button', { name: 'New meeting' })).toHaveCount(0);
    // Members a page at a time; a member sees names, units and numbers, not others' sign-in names.
    const table = page.getByRole('table', { name: 'Members' });
    await expect(table.getByRole('row')).toHaveCount(26);
    await expect(page.getByText('Showing 25 members; there are more.')).toBeVisible();
    await expect(table.getByText(/^official\d\d$/)).toHaveCount(0);
    await page.getByRole('button', { name: 'Show more' }).click();
    await expect(table.getByRole('row')).toHaveCount(51);
  });
});

test('"Check my receipt" finds the ballot in the published receipts', async ({ browser }) => {
  await as(browser, 'staff.sophea', async (page) => {
    await page.goto(electionPath);
    await page.getByRole('textbox', { name: 'Your receipt' }).fill('not-a-receipt');
    await page.getByRole('button', { name: 'Check my receipt' }).click();
    await expect(page.getByText('Not found.', { exact: false })).toBeVisible();
    await page.getByRole('textbox', { name: 'Your receipt' }).fill(receipt);
    await page.getByRole('button', { name: 'Check my receipt' }).click();
    await expect(page.getByText('Found: your ballot', { exact: false })).toBeVisible();
    // As a voter may type it from paper: lower case, no dashes.
    await page.getByRole('textbox', { name: 'Your receipt' }).fill('not-a-receipt');
    await page.getByRole('button', { name: 'Check my receipt' }).click();
    await expect(page.getByText('Not found.', { exact: false })).toBeVisible();
    await page.getByRole('textbox', { name: 'Your receipt' }).fill(receipt.toLowerCase().replace(/-/g, ''));
    await page.getByRole('button', { name: 'Check my receipt' }).click();
    await expect(page.getByText('Found: your ballot', { exact: false })).toBeVisible();
    // A verdict is the checked code's: once the field says something else (or nothing), it goes.
    await page.getByRole('textbox', { name: 'Your receipt' }).fill('   ');
    await expect(page.getByText('Found: your ballot', { exact: false })).toHaveCount(0);
    await page.getByRole('button', { name: 'Check my receipt' }).click();
    await expect(page.getByText('Found: your ballot', { exact: false })).toHaveCount(0);
    await expect(page.getByText('Not found.', { exact: false })).toHaveCount(0);
    await page.getByRole('textbox', { name: 'Your receipt' }).fill(receipt);
    await page.getByRole('button', { name: 'Check my receipt' }).click();
    await expect(page.getByText('Found: your ballot', { exact: false })).toBeVisible();
    // The published ballots, for a recount with one's own tools: a download of the API's list.
    const downloading = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download the published ballots (JSON)' }).click();
    const download = await downloading;
    const published = JSON.parse(await readDownload(download)) as { ballots: { choices: string[] }[] };
    expect(published.ballots).toHaveLength(2);
    // A recount here, in the browser, from the same published ballots: it agrees with the results.
    await page.getByRole('button', { name: 'Recount the published ballots' }).click();
    await expect(page.getByRole('status').filter({ hasText: /^The 2 published ballots give/ })).toHaveText(
      /^The 2 published ballots give the published results: the same votes for every candidate, \d+ blank\.$/,
    );
    // A plain link signed for the reader: it opens in a new tab too, without the session.
    const receiptsLink = page.getByRole('link', { name: 'Download the published receipts (JSON)' });
    const href = (await receiptsLink.getAttribute('href'))!;
    expect(href).toMatch(/\/receipts\?exp=\d+&uid=/);
    const opened = await page.context().request.get(href, { headers: { authorization: '' } });
    expect(opened.status()).toBe(200);
    // The field and its button stand apart (they touched).
    const field = (await page.getByRole('textbox', { name: 'Your receipt' }).boundingBox())!;
    const button = (await page.getByRole('button', { name: 'Check my receipt' }).boundingBox())!;
    expect(button.y - (field.y + field.height)).toBeGreaterThanOrEqual(8);
    await expectAccessible(page);
    // Printed, the results are the page: the receipt check and the published lists are screen
    // tools, the chart says what the table says, the candidates' statements are not results; and
    // the table is whole (its scroll box had cut off the votes and outcomes on paper).
    await expect(page.getByRole('img', { name: 'Votes per candidate' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Candidates', exact: true })).toBeVisible();
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('textbox', { name: 'Your receipt' })).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Check my receipt' })).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Results' })).toBeVisible();
    await expect(page.getByRole('img', { name: 'Votes per candidate' })).toBeHidden();
    await expect(page.getByRole('heading', { name: 'Candidates', exact: true })).toBeHidden();
    const table = page.getByRole('table', { name: 'Votes per candidate, by rank' });
    await expect(table.getByRole('columnheader', { name: 'Outcome' })).toBeVisible();
    expect(
      await table.evaluate((t) => getComputedStyle(t.parentElement!).overflowX),
      'the table is not in a scroll box on paper',
    ).toBe('visible');
    await page.emulateMedia({ media: 'screen' });
  });
  await as(
    browser,
    'staff.dara',
    async (page) => {
      await inKhmer(page);
      await page.goto(electionPath);
      await expect(page.getByRole('heading', { name: 'លទ្ធផល' })).toBeVisible();
      await expectNoSideScroll(page);
      await expectTablesFit(page);
      await expectAccessible(page);
      await screenshot(page, 'election-results-km');
    },
    false,
  );
});
