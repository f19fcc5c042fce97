import { type Page, expect, test } from '@playwright/test';
import {
  apiAs,
  as,
  expectAccessible,
  expectNoSideScroll,
  expectSaid,
  inEnglish,
  inKhmer,
  pdfOf,
  screenshot,
  secretarysGroup,
  tokenOf,
} from './helpers';

/**
 * A working-group meeting in the browser, on a phone-sized screen: the secretary schedules a meeting
 * on the group page, moves it, attaches a file, writes an action item its owner then updates; at a
 * meeting that has begun the secretary records attendance, writes Khmer minutes, meets a stale save
 * (the chair saved through the API meanwhile) without losing the text, keeps it and saves again,
 * compares revisions, prints the draft, submits the minutes; the chair approves them on the document
 * page the meeting links to, after following its link to the minutes' print view; the minutes are locked and print with their code and QR code; an
 * erratum goes through the chair's approval and gets its own PDF.
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

/** In English, from the menu to the demo's project working group (staff.dara is its secretary). */
async function toProjectGroup(page: Page): Promise<void> {
  await inEnglish(page);
  await page.getByRole('link', { name: 'Working groups', exact: true }).click();
  await page.getByRole('link', { name: 'Digital Government Project Working Group' }).click();
}

test("the demo's meeting of yesterday is ready for its record: the secretary marks who came", async ({
  browser,
}) => {
  await as(browser, 'staff.dara', async (page) => {
    await toProjectGroup(page);
    await page.getByRole('link', { name: 'Digital Government Project: progress meeting' }).click();
    const attendance = page.getByRole('region', { name: 'Attendance' });
    await attendance.getByRole('combobox', { name: 'Meas Visal' }).selectOption('present');
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect(attendance.getByText(/^Quorum not met: 1 present/)).toBeVisible();
  });
});

test('the secretary records attendance and writes Khmer minutes', async ({ browser }) => {
  const { token: secretary, groupId, members: people } = await secretarysGroup(base());
  const chair = people.find((m) => m.role === 'chair')!.userId;
  const me = people.find((m) => m.role === 'secretary')!.userId;
  const members = people.filter((m) => m.role === 'member').slice(0, 2);
  const meeting = await apiAs<{ id: string }>(base(), secretary, 'POST', '/meetings', {
    title: TITLE,
    titleKm: TITLE_KM,
    workingGroupId: groupId,
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
    // staff.dara works in Khmer. The meeting has begun: its minutes are hers to write, and her
    // home page and the list say so (it read "Scheduled · No minutes yet", as next week's did).
    await inKhmer(page);
    await expect(
      page.getByRole('region', { name: 'កំណត់ហេតុដែលត្រូវសរសេរ' }).getByRole('link', { name: TITLE_KM }),
    ).toBeVisible();
    await page.getByRole('link', { name: 'កិច្ចប្រជុំ', exact: true }).click();
    await expect(
      page.getByRole('listitem').filter({ hasText: TITLE_KM }).getByText('ត្រូវសរសេរកំណត់ហេតុ'),
    ).toBeVisible();
    await page.getByRole('link', { name: TITLE_KM }).click();
    await expect(page.getByRole('heading', { level: 1, name: TITLE_KM })).toBeVisible();
    // The agenda's numbers in Khmer digits, as the dates and counts beside them.
    await expect(page.locator('.agenda-number')).toHaveText(['១', '១.១', '២']);
    await expect(page.getByRole('group', { name: `១ ${ITEM}` })).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'meeting-km');
    await inEnglish(page);
    await expect(page.getByRole('heading', { name: 'Agenda' })).toBeVisible();
    await expect(page.getByText('30 min')).toBeVisible();
    // No minutes saved yet: nothing to print (the PDF was an empty "revision 0" draft).
    await expect(page.getByRole('link', { name: 'PDF' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Print' })).toHaveCount(0);
    const selects = page.getByRole('region', { name: 'Attendance' }).getByRole('combobox');
    const n = await selects.count();
    expect(n).toBe(4);
    // The exception first, then one tap for the rest of the room.
    await selects.nth(n - 1).selectOption('excused');
    await page.getByRole('button', { name: 'Mark the 3 not recorded as present' }).click();
    for (let i = 0; i < n - 1; i++) await expect(selects.nth(i)).toHaveValue('present');
    await expect(page.getByRole('button', { name: /not recorded as present/ })).toHaveCount(0);
    // Its button went: the focus went on to the next step, not to the page's body.
    await expect(page.getByRole('button', { name: 'Save attendance' })).toBeFocused();
    // The quorum line reads the marks before they are saved, and says they are not saved yet.
    const quorumLine = page.getByRole('region', { name: 'Attendance' }).getByText(/^Quorum met: 3 present/);
    await expect(quorumLine).toHaveText(/\(Not saved yet\.\)$/);
    await page.getByRole('button', { name: 'Save attendance' }).click();
    await expect(page.getByText(/^Quorum met: 3 present/)).toBeVisible();
    await expect(quorumLine).not.toHaveText(/Not saved yet/);
    // Said under the button, with the quorum (its line above is off a phone's screen by now).
    await expect(
      page.getByRole('status').filter({ hasText: /^Attendance saved\. Quorum met: 3 present/ }),
    ).toBeFocused();

    const item = page.getByRole('group', { name: `1 ${ITEM}` });
    await item.getByRole('textbox', { name: 'Notes' }).fill(NOTES);
    // A reload (a phone's pull-to-refresh) before saving loses nothing: the text comes back, said so.
    await page.reload();
    await expect(
      page.getByRole('status').filter({ hasText: /^Your minutes typed here and not saved were kept/ }),
    ).toBeVisible();
    await expect(item.getByRole('textbox', { name: 'Notes' })).toHaveValue(NOTES);
    // Every agenda item has an "Add a decision": its name says which (a screen reader lists them).
    await expect(page.getByRole('button', { name: `Add a decision: 1 ${ITEM}`, exact: true })).toHaveCount(1);
    await item.getByRole('button', { name: 'Add a decision' }).click();
    const decision = item.getByRole('group', { name: 'Decision 1' });
    // Added by its button, the decision's words are what comes next: they have the focus.
    await expect(decision.getByRole('textbox', { name: 'Decision' })).toBeFocused();
    await decision.getByRole('textbox', { name: 'Decision' }).fill('អនុម័តផែនការសកម្មភាព');
    // Typed in Khmer digits (a number box dropped them: the count was not sent).
    await decision.getByRole('textbox', { name: 'For' }).fill('៣');
    await expect(decision.getByRole('textbox', { name: 'For' })).toHaveValue('៣');
    await decision.getByRole('textbox', { name: 'Against' }).fill('0');
    await decision.getByRole('textbox', { name: 'Abstentions' }).fill('0');
    // A decision begun without its words (spaces, and a count) is not dropped on saving: the save
    // waits and says why. Added by mistake, it is removed again; the first stays as written.
    await item.getByRole('button', { name: 'Add a decision' }).click();
    const second = item.getByRole('group', { name: 'Decision 2' });
    await second.getByRole('textbox', { name: 'Decision' }).fill('   ');
    await second.getByRole('textbox', { name: 'For' }).fill('២');
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByRole('alert')).toHaveText(/^Each decision needs its words/);
    await expect(second.getByRole('textbox', { name: 'Decision' })).toBeFocused();
    await expect(second.getByRole('textbox', { name: 'Decision' })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByText(/^Revision 1 by/)).toHaveCount(0);
    await item.getByRole('button', { name: `Remove decision 2: 1 ${ITEM}`, exact: true }).click();
    await expect(item.getByRole('group', { name: /^Decision \d/ })).toHaveCount(1);
    // Its button went with it: the focus is on "Add a decision", not lost.
    await expect(item.getByRole('button', { name: 'Add a decision' })).toBeFocused();
    await expect(decision.getByRole('textbox', { name: 'Decision' })).toHaveValue('អនុម័តផែនការសកម្មភាព');
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByText(/^Revision 1 by/)).toBeVisible();

    // Meanwhile the chair saves from the same revision (through the API).
    const chairToken = await tokenOf(base(), 'uss.ly');
    const theirs = await apiAs<{
      items: { agendaItemId: string; notes: string }[];
      decisions: { votesFor: number | null }[];
    }>(base(), chairToken, 'GET', `/meetings/${meetingId}/minutes`);
    expect(theirs.decisions.map((d) => d.votesFor)).toEqual([3]);
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

    // The chair's revision 2 against the kept text of revision 3: removed and added text marked.
    await page.getByRole('combobox', { name: 'From revision' }).selectOption({ label: 'Revision 2' });
    await page.getByRole('combobox', { name: 'To revision' }).selectOption({ label: 'Revision 3' });
    await page.getByRole('button', { name: 'Compare' }).click();
    const changed = page.getByRole('region', { name: `1. ${ITEM}` });
    await expect(changed.locator('ins').first()).toBeVisible();
    await expect(changed.locator('del').first()).toBeVisible();
    await expect(changed.locator('del')).toContainText(['ប្រធានបានកែ']);
    await expectAccessible(page);
    await screenshot(page, 'meeting-revisions-en');

    await page.getByRole('button', { name: 'Submit minutes for approval' }).click();
    // The editor is gone with the submission: what it did is said in its place, with focus on it.
    await expectSaid(page, 'The minutes are submitted: the chair is asked to approve them.');
    await expect(page.getByText('Minutes waiting for approval').first()).toBeVisible();
    await expect(page.getByRole('link', { name: 'Minutes approval document' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'Print' })).toBeVisible();
    await expect(page.getByRole('link', { name: 'PDF' })).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'meeting-submitted-en');
    // Submitted: no longer among the minutes to write.
    await page.goto('/');
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    await expect(page.getByRole('link', { name: TITLE })).toHaveCount(0);
  });
});

test('attendance is read-only while the minutes wait for approval', async ({ browser }) => {
  await as(browser, 'staff.dara', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}`);
    const attendance = page.getByRole('region', { name: 'Attendance' });
    await expect(attendance.getByText(/^Quorum met: 3 present/)).toBeVisible();
    // The server refuses attendance once the minutes are submitted: no controls to change it, and why.
    await expect(attendance.getByRole('combobox')).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Save attendance' })).toHaveCount(0);
    await expect(
      attendance.getByText(
        'Attendance is part of the minutes: it cannot change while they wait for approval.',
      ),
    ).toBeVisible();
    await expect(attendance.getByText('· Present')).toHaveCount(3);
    await expect(attendance.getByText('· Excused')).toHaveCount(1);
  });
});

test('the draft prints from the app, marked DRAFT', async ({ browser }) => {
  await as(browser, 'staff.dara', async (page) => {
    const blocked: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) blocked.push(m.text());
    });
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}`);
    await page.getByRole('link', { name: 'Print' }).click();
    await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}/print$`));
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('heading', { level: 1, name: `Minutes: ${TITLE}` })).toBeVisible();
    await expect(page.getByText(/^DRAFT — not approved/)).toBeVisible();
    await expect(page.getByText(NOTES + MORE)).toBeVisible();
    await expect(page.getByRole('columnheader', { name: 'Signature' })).toBeVisible();
    // Printed without the app's header and buttons.
    await expect(page.getByRole('button', { name: 'Print this page' })).toBeHidden();
    await expect(page.getByRole('link', { name: 'Inbox' })).toBeHidden();
    expect(blocked).toEqual([]);
    await page.emulateMedia({ media: 'screen' });
    await expectNoSideScroll(page);
    await expectAccessible(page);
  });
});

test('the print link opens without a token', async ({ request }) => {
  const token = await tokenOf(base(), 'staff.dara');
  const m = await apiAs<{ minutesPrintUrl?: string }>(base(), token, 'GET', `/meetings/${meetingId}`);
  expect(m.minutesPrintUrl).toBeTruthy();
  const r = await request.get(m.minutesPrintUrl!);
  expect(r.status()).toBe(200);
  expect(await r.text()).toContain('ក្រុមការងាររងបានរាយការណ៍');
});

test('minutes the chair returns say why on the meeting page, and go again as the same document', async ({
  browser,
}) => {
  const chairToken = await tokenOf(base(), 'uss.ly');
  const minutes = await apiAs<{ minutesDocumentId: string }>(
    base(),
    chairToken,
    'GET',
    `/meetings/${meetingId}`,
  );
  const documentId = minutes.minutesDocumentId;
  const inbox = await apiAs<{ items: { id: string; documentId: string }[] }>(
    base(),
    chairToken,
    'GET',
    '/approvals/inbox',
  );
  const task = inbox.items.find((i) => i.documentId === documentId)!;
  await apiAs(base(), chairToken, 'POST', `/approval-tasks/${task.id}/return`, {
    reason: 'Please record who sent apologies.',
  });
  await expect
    .poll(
      async () =>
        (await apiAs<{ minutesStatus: string }>(base(), chairToken, 'GET', `/meetings/${meetingId}`))
          .minutesStatus,
      { timeout: 30_000 },
    )
    .toBe('draft');
  await as(browser, 'staff.dara', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}`);
    // Why, and by whom, where the secretary corrects them (it was only in a notification).
    const returned = page.getByRole('region', { name: 'The chair returned the minutes for revision' });
    await expect(returned).toContainText('Please record who sent apologies.');
    await expect(returned).toContainText('Returned by');
    await expectAccessible(page);
    // The returned document is not sent again by hand (it was, unchanged, and signed beside the
    // corrected minutes): its page leads back to the meeting.
    await page.getByRole('link', { name: 'Minutes approval document' }).click();
    await expect(page).toHaveURL(new RegExp(`/documents/${documentId}$`));
    await expect(page.getByText(/^Correct the minutes on the meeting’s page/)).toBeVisible();
    await expect(page.getByRole('button', { name: /^Resubmit/ })).toHaveCount(0);
    await page.goBack();
    await page.getByRole('button', { name: 'Submit minutes for approval' }).click();
    await expectSaid(page, 'The minutes are submitted: the chair is asked to approve them.');
    await expect(returned).toHaveCount(0);
    // The same document, its next version, is what the chair is asked to approve.
    await expect(page.getByRole('link', { name: 'Minutes approval document' })).toHaveAttribute(
      'href',
      `/documents/${documentId}`,
    );
  });
});

test('the chair approves the minutes on the document page', async ({ browser }) => {
  const minutesTitle = `កំណត់ហេតុប្រជុំ ${TITLE_KM}`;
  await as(browser, 'uss.ly', async (page) => {
    await inEnglish(page);
    // The inbox names the type, not the code "minutes".
    await page.goto('/inbox');
    const waiting = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: minutesTitle }) });
    await expect(waiting.getByText('Meeting minutes', { exact: true })).toBeVisible();

    await page.goto(`/meetings/${meetingId}`);
    await page.getByRole('link', { name: 'Minutes approval document' }).click();
    await expect(page).toHaveURL(/\/documents\//);
    const documentPath = new URL(page.url()).pathname;
    await expect(page.getByText('Meeting minutes', { exact: true })).toBeVisible();
    const subject = page.getByRole('region', { name: 'The meeting' });
    await expect(subject).toHaveText(/minutes of a meeting\. Read them before you decide\./);
    // The document leads to its meeting and to the minutes themselves, in the app: the chair
    // reads them before deciding, then comes back to approve.
    await expect(page.getByRole('link', { name: 'Open the meeting' })).toHaveAttribute(
      'href',
      `/meetings/${meetingId}`,
    );
    await expectAccessible(page);
    await expectNoSideScroll(page);
    await screenshot(page, 'minutes-document-en');
    await page.getByRole('link', { name: 'Read the minutes' }).click();
    await expect(page).toHaveURL(new RegExp(`/meetings/${meetingId}/print$`));
    await expect(page.getByRole('heading', { level: 1, name: `Minutes: ${TITLE}` })).toBeVisible();
    await expect(page.getByText(NOTES + MORE)).toBeVisible();
    // Each decision names the agenda item it was taken on, as the PDF does.
    await expect(page.locator('.print-decisions li').first()).toContainText('(agenda item 1)');
    await page.goBack();
    await expect(page).toHaveURL(new RegExp(`${documentPath}$`));
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
    await expectSaid(page, 'You approved this document.');
    // Decided: the page no longer asks the chair to read them first, while they are signed off.
    await expect(subject).not.toContainText('before you decide');
    // The worker signs the minutes off (rendering their PDF) after the decision: wait for it through
    // the API, then open the page once. (Reloading in a tight loop raced the refresh-token rotation.)
    const chairToken = await tokenOf(base(), 'uss.ly');
    await expect
      .poll(
        async () =>
          (await apiAs<{ minutesStatus: string }>(base(), chairToken, 'GET', `/meetings/${meetingId}`))
            .minutesStatus,
        { timeout: 60_000 },
      )
      .toBe('approved');
    // Decided: the document no longer asks to read before deciding.
    await page.goto(documentPath);
    await expect(subject).toContainText('This document is the minutes of a meeting.');
    await expect(subject).not.toContainText('before you decide');
    await page.goto(`/meetings/${meetingId}`);
    await expect(page.getByText('Minutes approved').first()).toBeVisible();
    await expect(page.getByRole('button', { name: 'Save minutes' })).toHaveCount(0);
    await expect(page.getByText(NOTES + MORE)).toBeVisible();
    // Approved minutes lock the attendance with them.
    await expect(page.getByRole('region', { name: 'Attendance' }).getByRole('combobox')).toHaveCount(0);
    await expect(
      page.getByText(/they are approved and locked; corrections are made as errata\.$/),
    ).toBeVisible();

    // In Khmer, the type is named in Khmer on the document page and in the documents I decided.
    await inKhmer(page);
    await page.goto(documentPath);
    await expect(page.getByText('កំណត់ហេតុប្រជុំ', { exact: true })).toBeVisible();
    await expect(page.getByRole('link', { name: 'អានកំណត់ហេតុ' })).toBeVisible();
    await page.goto('/documents');
    await page.getByRole('button', { name: 'ដែលខ្ញុំ ឬអ្នកជំនួសខ្ញុំបានសម្រេច' }).click();
    const decided = page
      .getByRole('listitem')
      .filter({ has: page.getByRole('link', { name: minutesTitle }) });
    await expect(decided.getByText('កំណត់ហេតុប្រជុំ', { exact: true })).toBeVisible();
    await inEnglish(page);
  });
});

test('the approved minutes print with their code and QR code; an erratum goes through the chair', async ({
  browser,
  request,
}) => {
  const ERRATUM = 'កែតម្រូវ៖ សំឡេងគាំទ្រគឺ ៣ មិនមែន ២ ទេ';
  await as(browser, 'staff.dara', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}/print`);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByRole('heading', { level: 1, name: `Minutes: ${TITLE}` })).toBeVisible();
    await expect(page.getByText(/^DRAFT/)).toHaveCount(0);
    await expect(page.getByText(/^Verification code: [0-9A-Z]{4}-/)).toBeVisible();
    const qr = page.getByRole('img', { name: 'QR code of the verification page' });
    await expect(qr).toBeVisible();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
    await page.emulateMedia({ media: 'screen' });
    // The printable minutes the chair approved (the document's version, HTML) are what the signed
    // PDF was made from: the public page says so (it said "does not match").
    const code = (await page.getByText(/^Verification code: /).textContent())!
      .replace('Verification code:', '')
      .trim();
    const token = await tokenOf(base(), 'staff.dara');
    const { minutesDocumentId } = await apiAs<{ minutesDocumentId: string }>(
      base(),
      token,
      'GET',
      `/meetings/${meetingId}`,
    );
    const doc = await apiAs<{ currentVersionNo: number }>(
      base(),
      token,
      'GET',
      `/documents/${minutesDocumentId}`,
    );
    const html = await fetch(
      `${base()}/api/v1/documents/${minutesDocumentId}/versions/${doc.currentVersionNo}/file`,
      { headers: { authorization: `Bearer ${token}` } },
    );
    await page.goto(`/verify/${encodeURIComponent(code)}`);
    await page.getByLabel('Check a file').setInputFiles({
      name: 'minutes.html',
      mimeType: 'text/html',
      buffer: Buffer.from(await html.arrayBuffer()),
    });
    await expect(page.getByText('The file matches')).toBeVisible();
    await expect(page.getByText(/^It is the approved text of the minutes/)).toBeVisible();
    // Its SHA-256 is on the page too, beside the PDF's (a reader compared them by hand).
    await expect(page.getByText(/^SHA-256 of the approved text it was made from/)).toBeVisible();
    await page.goto(`/meetings/${meetingId}/print`);
    await expect(page.getByRole('heading', { level: 1, name: `Minutes: ${TITLE}` })).toBeVisible();
    await screenshot(page, 'meeting-print-approved-en');

    // Locked: corrections are errata, proposed by the secretary.
    await page.goto(`/meetings/${meetingId}`);
    await expect(page.getByRole('button', { name: 'Save minutes' })).toHaveCount(0);
    await page.getByRole('textbox', { name: 'Correction' }).fill(ERRATUM);
    await page.getByRole('button', { name: 'Propose an erratum' }).click();
    await expect(page.getByText("Waiting for the chair's approval")).toBeVisible();
    await expect(page.getByText(ERRATUM)).toBeVisible();
    await expectAccessible(page);
  });
  await as(browser, 'uss.ly', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}`);
    await page.getByRole('link', { name: 'Erratum approval document' }).click();
    await expect(page).toHaveURL(/\/documents\//);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect(page.getByRole('button', { name: 'Approve' })).toHaveCount(0);
  });
  const token = await tokenOf(base(), 'official03');
  await expect
    .poll(
      async () =>
        (
          await apiAs<{ errata: { status: string; pdfUrl: string | null }[] }>(
            base(),
            token,
            'GET',
            `/meetings/${meetingId}/minutes`,
          )
        ).errata[0],
      { timeout: 60_000 },
    )
    .toMatchObject({ status: 'approved', pdfUrl: expect.any(String) });
  // A participant opens the erratum's own PDF from the meeting page, as a plain link.
  await as(browser, 'official03', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meetingId}`);
    const link = page.getByRole('link', { name: 'Erratum PDF' });
    await expect(link).toBeVisible();
    const pdf = await request.get((await link.getAttribute('href'))!);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    await expect(page.getByRole('textbox', { name: 'Correction' })).toHaveCount(0);
    // The minutes' approval document is the secretary's and the chair's: no link a participant
    // would follow to "Page not found".
    await expect(page.getByRole('link', { name: 'Minutes approval document' })).toHaveCount(0);
  });
});

test('scheduled on the group page: moved, a file attached, errors clear on the next save, an action item its owner updates', async ({
  browser,
  request,
}) => {
  const title = `Planning meeting ${Date.now()}`;
  const ACTION = 'រៀបចំរបាយការណ៍ថវិកា';
  const owner = await apiAs<{ fullName: string }>(base(), await tokenOf(base(), 'official01'), 'GET', '/me');
  let id = '';
  await as(browser, 'staff.dara', async (page) => {
    await toProjectGroup(page);
    await page.getByRole('button', { name: 'New meeting' }).click();
    const form = page.getByRole('form', { name: 'New meeting' });
    await form.getByRole('textbox', { name: 'Title in English' }).fill(title);
    await form.getByLabel('Starts at').fill('2027-06-15T09:00');
    await form.getByRole('textbox', { name: 'Place' }).fill('បន្ទប់ប្រជុំជាន់ទី៣');
    await form.getByRole('textbox', { name: /^Agenda/ }).fill(`${ITEM} | 30\nផ្សេងៗ | 10`);
    await form.getByRole('button', { name: 'Schedule meeting' }).click();
    await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}$/);
    id = page.url().split('/').pop()!;
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

    // The agenda numbers its items once ("1 ...", not "1. 1 ...").
    const agenda = page.getByRole('region', { name: 'Agenda' }).locator('ol').first();
    expect(await agenda.evaluate((ol) => getComputedStyle(ol).listStyleType)).toBe('none');
    await expect(agenda.locator('li').first()).toHaveText(new RegExp(`^1 ${ITEM}`));
    // The group's vice-chair is invited as the vice-chair, not as a member.
    await expect(
      page
        .getByRole('region', { name: 'Attendance' })
        .getByRole('listitem')
        .filter({ hasText: 'Meas Visal' }),
    ).toContainText('Vice-chair');

    // Before the start only apologies can be recorded: attendance offers "Excused" alone, and says why
    // (a "Present" offered here used to be refused by the server, with the whole save).
    const attendance = page.getByRole('region', { name: 'Attendance' });
    const mark = attendance.getByRole('combobox').first();
    await expect(mark.locator('option')).toHaveText(['Not recorded', 'Excused']);
    await expect(mark).toHaveAccessibleDescription(/^The meeting has not begun: only apologies/);

    // A refused move (it would end before it starts) shows its reason ...
    await page.getByText('Move the meeting').click();
    // The form shows the start as typed: Phnom Penh time, whatever the device's zone (here UTC).
    await expect(page.getByLabel('New start')).toHaveValue('2027-06-15T09:00');
    await page.getByLabel('New start').fill('2027-06-16T10:00');
    await page.getByLabel('New end').fill('2027-06-16T09:00');
    await page.getByRole('button', { name: 'Move meeting' }).click();
    const refusal = page.getByText(/^Check the times/);
    await expect(refusal).toBeVisible();
    // ... until the next save goes through; "saved" then stays after the revision list reloads.
    const item = page.getByRole('group', { name: `1 ${ITEM}` });
    await item.getByRole('textbox', { name: 'Notes' }).fill(NOTES);
    await page.getByRole('button', { name: 'Add an action item' }).click();
    const action = page.getByRole('group', { name: 'Action item 1' });
    await action.getByRole('textbox', { name: 'What is to be done' }).fill(ACTION);
    // Without an owner and a due date the item is not dropped on saving: the save waits and says why.
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByText(/^Each action item needs its words, an owner and a due date/)).toBeVisible();
    await expect(action.getByRole('textbox', { name: 'What is to be done' })).toHaveValue(ACTION);
    // The fields still empty are marked and described by the message; the first has the focus.
    const ownerField = action.getByRole('combobox', { name: 'Owner' });
    await expect(ownerField).toBeFocused();
    await expect(ownerField).toHaveAttribute('aria-invalid', 'true');
    await expect(action.getByLabel('Due on')).toHaveAttribute('aria-invalid', 'true');
    await expect(action.getByRole('textbox', { name: 'What is to be done' })).not.toHaveAttribute(
      'aria-invalid',
    );
    await expect(ownerField).toHaveAccessibleDescription(/^Each action item needs its words/);
    await action.getByRole('combobox', { name: 'Owner' }).selectOption({ label: owner.fullName });
    await action.getByRole('combobox', { name: 'Agenda item' }).selectOption({ label: `1. ${ITEM}` });
    // A date before the meeting (a mistyped month) is said, not refused.
    await action.getByLabel('Due on').fill('2027-05-01');
    await expect(action.getByLabel('Due on')).toHaveAccessibleDescription(/^Due before the meeting/);
    await action.getByLabel('Due on').fill('2027-07-01');
    await expect(page.getByText(/^Due before the meeting/)).toHaveCount(0);
    // One too many, removed before saving.
    await page.getByRole('button', { name: 'Add an action item' }).click();
    await page
      .getByRole('group', { name: 'Action item 2' })
      .getByRole('textbox', { name: 'What is to be done' })
      .fill('ខុស');
    await page.getByRole('button', { name: 'Remove action item 2' }).click();
    await expect(page.getByRole('group', { name: 'Action item 2' })).toHaveCount(0);
    await page.getByRole('button', { name: 'Save minutes' }).click();
    await expect(page.getByText(/^Revision 1 by/)).toBeVisible();
    await expect(refusal).toHaveCount(0);
    await expect(page.getByText('The minutes are saved.')).toBeVisible();
    await expect(page.getByRole('region', { name: 'Action items' }).getByText(ACTION)).toBeVisible();
    await expect(page.getByText(/^Each action item needs/)).toHaveCount(0);

    // Moved a day later, without an end: the participants get an updated invitation.
    await page.getByLabel('New end').fill('');
    await page.getByRole('button', { name: 'Move meeting' }).click();
    await expect(
      page.getByText('The meeting is moved; the participants get an updated invitation.'),
    ).toBeVisible();
    const moved = await apiAs<{ startsAt: string }>(
      base(),
      await tokenOf(base(), 'staff.dara'),
      'GET',
      `/meetings/${id}`,
    );
    expect(moved.startsAt).toBe('2027-06-16T03:00:00.000Z');

    // Before the meeting nobody is present yet: the page says what it will need, not "not met".
    await expect(
      page
        .getByRole('region', { name: 'Attendance' })
        .getByText(/^Quorum: \d+ of the \d+ voting participants must be present\.$/),
    ).toBeVisible();
    // Minutes prepared ahead are not submitted before the meeting is held: the page says why.
    const submit = page.getByRole('button', { name: 'Submit minutes for approval' });
    await expect(submit).toBeDisabled();
    await expect(submit).toHaveAccessibleDescription(/^Submitting opens once the meeting has begun/);
    // Marked, not removed from the keyboard's way: Tab reaches it and its reason is read.
    await expect(submit).toHaveAttribute('aria-disabled', 'true');
    await submit.focus();
    await expect(submit).toBeFocused();
    await item.getByRole('textbox', { name: 'Notes' }).fill(NOTES + MORE);
    await expect(page.getByText('The minutes are saved.')).toHaveCount(0);

    // A file for the meeting (the files module checks that it is what it claims).
    const files = page.getByRole('region', { name: 'Photos and files' });
    await files.getByLabel('File').setInputFiles(pdfOf('agenda.pdf', 'agenda'));
    await files.getByRole('textbox', { name: 'Caption' }).fill('របៀបវារៈលម្អិត');
    await files.getByRole('button', { name: 'Upload' }).click();
    await expect(files.getByRole('link', { name: 'របៀបវារៈលម្អិត' })).toBeVisible();
    await expectNoSideScroll(page);
    await expectAccessible(page);
    await screenshot(page, 'meeting-planning-en');
  });
  const saved = await apiAs<{ actionItems: { agendaItemId?: string | null }[] }>(
    base(),
    await tokenOf(base(), 'staff.dara'),
    'GET',
    `/meetings/${id}/minutes`,
  );
  expect(saved.actionItems).toHaveLength(1);
  expect(saved.actionItems[0]!.agendaItemId).toBeTruthy();

  // The owner updates it from the meeting page (reached from the home page).
  await as(browser, 'official01', async (page) => {
    await inEnglish(page);
    await page.goto('/');
    await page.getByRole('link', { name: ACTION }).click();
    await expect(page).toHaveURL(new RegExp(`/meetings/${id}`));
    const row = page.getByRole('region', { name: 'Action items' }).getByRole('group', { name: ACTION });
    await row.getByRole('combobox', { name: 'Status' }).selectOption('in_progress');
    await row.getByRole('textbox', { name: 'Progress note' }).fill('សេចក្តីព្រាងរួចរាល់ ៥០%');
    await row.getByRole('button', { name: 'Update' }).click();
    await expect(row.getByText('Updated.')).toBeVisible();
    await expect(row.getByText(/· In progress/)).toBeVisible();
    await expect(row.getByText('Updated.')).toBeVisible();
    // A participant sees the file and opens it as a plain link.
    const file = page
      .getByRole('region', { name: 'Photos and files' })
      .getByRole('link', { name: 'របៀបវារៈលម្អិត' });
    const r = await request.get((await file.getAttribute('href'))!);
    expect(r.status()).toBe(200);
    await expect(page.getByRole('button', { name: 'Upload' })).toHaveCount(0);
    await expect(page.getByText('Move the meeting')).toHaveCount(0);
  });
  // Another member sees the item but may not update it.
  const me = await apiAs<{ fullName: string }>(base(), await tokenOf(base(), 'official02'), 'GET', '/me');
  await as(browser, 'official02', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${id}`);
    const row = page.getByRole('region', { name: 'Action items' }).getByRole('group', { name: ACTION });
    await expect(row.getByText('សេចក្តីព្រាងរួចរាល់ ៥០%')).toBeVisible();
    await expect(row.getByRole('button', { name: 'Update' })).toHaveCount(0);
    // They cannot come: they send their own apologies (only the secretary could mark them before),
    // then find they can after all.
    const attendance = page.getByRole('region', { name: 'Attendance' });
    await expect(attendance.getByRole('combobox')).toHaveCount(0);
    await attendance.getByRole('button', { name: 'Send my apologies' }).click();
    await expect(attendance.getByRole('status').filter({ hasText: 'You sent your apologies' })).toBeVisible();
    await expect(attendance.getByRole('listitem').filter({ hasText: me.fullName })).toContainText('Excused');
    await attendance.getByRole('button', { name: 'I can come after all' }).click();
    await expect(attendance.getByRole('button', { name: 'Send my apologies' })).toBeVisible();
    await expect(attendance.getByRole('listitem').filter({ hasText: me.fullName })).toContainText(
      'Not recorded',
    );
  });
});

test('minutes with someone’s attendance not recorded ask before they are submitted', async ({ browser }) => {
  const { token, groupId, members: people } = await secretarysGroup(base());
  const meeting = await apiAs<{
    id: string;
    agenda: { id: string }[];
    participants: { id: string; role: string }[];
  }>(base(), token, 'POST', '/meetings', {
    title: 'Attendance not recorded',
    workingGroupId: groupId,
    startsAt: new Date(Date.now() - 60 * 60_000).toISOString(),
    chairUserId: people.find((m) => m.role === 'chair')!.userId,
    secretaryUserId: people.find((m) => m.role === 'secretary')!.userId,
    agenda: [{ title: 'Opening' }],
    participants: people
      .filter((m) => m.role === 'member')
      .slice(0, 2)
      .map((m) => ({ userId: m.userId, role: 'member' })),
  });
  // The chair and the secretary are recorded present; the two members are not recorded.
  await apiAs(
    base(),
    token,
    'PUT',
    `/meetings/${meeting.id}/attendance`,
    meeting.participants
      .filter((p) => p.role === 'chair' || p.role === 'secretary')
      .map((p) => ({ participantId: p.id, status: 'present' })),
  );
  await apiAs(base(), token, 'PUT', `/meetings/${meeting.id}/minutes`, {
    baseRevision: 0,
    items: [{ agendaItemId: meeting.agenda[0]!.id, notes: 'Opened by the chair.' }],
    decisions: [],
    actionItems: [],
  });
  const status = async () =>
    (await apiAs<{ minutesStatus: string }>(base(), token, 'GET', `/meetings/${meeting.id}`)).minutesStatus;
  await as(browser, 'staff.dara', async (page) => {
    await inEnglish(page);
    await page.goto(`/meetings/${meeting.id}`);
    const submit = page.getByRole('button', { name: 'Submit minutes for approval' });
    await submit.click();
    // Submitted so, the chair returned them: asked first, "Cancel" in focus.
    const ask = page.getByRole('dialog', { name: '2 participants’ attendance is not recorded' });
    await expect(ask).toContainText('Attendance is part of the minutes');
    await expect(ask.getByRole('button', { name: 'Cancel' })).toBeFocused();
    await expectAccessible(page);
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toHaveCount(0);
    await expect(submit).toBeFocused();
    expect(await status()).toBe('draft');
    // Nobody knows: submitted as they are.
    await submit.click();
    await ask.getByRole('button', { name: 'Submit as they are' }).click();
    await expectSaid(page, 'The minutes are submitted: the chair is asked to approve them.');
    expect(await status()).toBe('in_approval');
  });
  // Out of the chair's inbox again, for the tests after this one.
  const { minutesDocumentId } = await apiAs<{ minutesDocumentId: string }>(
    base(),
    token,
    'GET',
    `/meetings/${meeting.id}`,
  );
  await apiAs(base(), token, 'POST', `/documents/${minutesDocumentId}/withdraw`, {});
});
