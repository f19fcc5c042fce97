import { type Locator, expect, test } from '@playwright/test';
import {
  adminToken,
  apiAs,
  expectAccessible,
  expectNoSideScroll,
  inEnglish,
  pdfOf,
  pick,
  screenshot,
  signIn,
  signOut,
} from './helpers';

/**
 * Issue #16's story in the browser: the administrator creates a unit, a user in it who holds its
 * head post, and a two-stage workflow for amounts above 5,000; previews the route the user's
 * document would take (the user is passed over as head of their own unit, so the head above
 * approves); the user submits such a document in the browser and it follows that route. Every new
 * admin page is checked with axe at 360 px and photographed in English and Khmer.
 */
test.describe.configure({ mode: 'serial' });
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const S = String(Date.now() % 100000);
const CODE = `PILOT${S}`;
const UNIT = `Pilot office ${S}`;
const USERNAME = `pilot.head${S}`;
const USER_NAME = `Pilot Head ${S}`;
const USER_PASSWORD = 'Pilot@2026x';
/** The one the pilot head chooses at first sign-in. */
const OWN_PASSWORD = 'Harbour-Lantern-47';
const TEMPLATE = `Pilot purchases ${S}`;
const TEMPLATE_KM = `ការទិញសាកល្បង ${S}`;
const TYPE = `pilot_purchase_${S}`;
const TITLE = `សំណើទិញសម្ភារៈ Pilot purchase ${S}`;
const TYPE_EN = `Pilot purchase request ${S}`;
const TYPE_KM = `សំណើទិញសាកល្បង ${S}`;
let templatePath = '';

/** Selects the option whose text contains `text` (unit options are indented with spaces). */
async function selectContaining(select: Locator, text: string): Promise<void> {
  const option = select.locator('option', { hasText: text });
  await expect(option).toHaveCount(1);
  await select.selectOption((await option.getAttribute('value'))!);
}

test('the administrator creates a unit, a user holding its head post, and ends a holding', async ({
  page,
}) => {
  await signIn(page, 'admin', 'Admin@2026');
  await inEnglish(page);
  await page.getByRole('link', { name: 'Administration' }).first().click();
  await page.getByRole('link', { name: 'Units and posts' }).click();
  await page.getByRole('button', { name: 'New unit' }).click();
  await page.getByRole('textbox', { name: 'Code' }).fill(CODE);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(UNIT);
  await page.getByRole('textbox', { name: 'Name in Khmer' }).fill(`ការិយាល័យសាកល្បង ${S}`);
  await selectContaining(page.getByRole('combobox', { name: 'Parent unit' }), '(ICT)');
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Create unit' }).click();
  await expect(page.getByText(`Unit ${CODE} created.`)).toBeVisible();
  // A second unit with the same code is refused, in words.
  await page.getByRole('button', { name: 'New unit' }).click();
  await page.getByRole('textbox', { name: 'Code' }).fill(CODE);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Duplicate');
  await page.getByRole('button', { name: 'Create unit' }).click();
  await expect(page.getByRole('alert')).toHaveText('Another unit already has this code.');
  await page.getByRole('button', { name: 'Cancel' }).click();

  await page.goto('/admin/users');
  await page.getByRole('button', { name: 'New user' }).click();
  await page.getByRole('textbox', { name: 'Username' }).fill(USERNAME);
  await page.getByRole('textbox', { name: 'Full name', exact: true }).fill(USER_NAME);
  await page.getByRole('textbox', { name: 'Full name in Khmer' }).fill(`ប្រធានសាកល្បង ${S}`);
  await page.getByLabel('Password', { exact: true }).fill(USER_PASSWORD);
  await selectContaining(page.getByRole('combobox', { name: 'Unit' }), `(${CODE})`);
  await page.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText(`User ${USERNAME} created.`)).toBeVisible();

  await page.goto('/admin/org-units');
  await page.locator('summary', { hasText: `(${CODE})` }).click();
  await expect(page.getByText('No posts in this unit.')).toBeVisible();
  // A member post first, then its end: the holding shows its last day and can no longer be ended.
  await page.getByRole('button', { name: `Add a post to ${UNIT}` }).click();
  let form = page.getByRole('form', { name: `Add a post to ${UNIT}` });
  await form.getByRole('textbox', { name: 'Post title', exact: true }).fill('Acting secretary');
  await pick(form, 'Holder', USERNAME);
  await form.getByRole('button', { name: 'Save post' }).click();
  await expect(page.getByText('Post added.')).toBeVisible();
  await page.getByRole('button', { name: `End the appointment of ${USER_NAME} as Acting secretary` }).click();
  await page
    .getByRole('form', { name: `End the appointment of ${USER_NAME} as Acting secretary` })
    .getByRole('button', { name: 'Confirm the end' })
    .click();
  await expect(page.getByText(/Acting secretary.*until/)).toBeVisible();
  await expect(
    page.getByRole('button', { name: `End the appointment of ${USER_NAME} as Acting secretary` }),
  ).toHaveCount(0);

  await page.getByRole('button', { name: `Add a post to ${UNIT}` }).click();
  form = page.getByRole('form', { name: `Add a post to ${UNIT}` });
  await form.getByRole('textbox', { name: 'Post title', exact: true }).fill('Head of the pilot office');
  await form.getByRole('textbox', { name: 'Post title in Khmer' }).fill('ប្រធានការិយាល័យសាកល្បង');
  await form.getByRole('combobox', { name: 'Kind of post' }).selectOption('head');
  await pick(form, 'Holder', USERNAME);
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await form.getByRole('button', { name: 'Save post' }).click();
  await expect(page.getByText('Head of the pilot office')).toBeVisible();
  await expect(
    page.getByRole('button', { name: `End the appointment of ${USER_NAME} as Head of the pilot office` }),
  ).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-units-en');
});

test('the administrator builds a two-stage workflow with an amount condition and previews its route', async ({
  page,
}) => {
  await signIn(page, 'admin', 'Admin@2026');
  await inEnglish(page);
  await page.goto('/admin');
  await page.getByRole('link', { name: 'Workflow templates' }).click();
  // The demo's templates by their English names on the English page.
  await expect(page.getByRole('link', { name: 'Budget plan over 10,000' })).toBeVisible();
  await expectAccessible(page);
  await page.getByRole('link', { name: 'New template' }).click();
  await page.getByRole('textbox', { name: 'Template name' }).fill(TEMPLATE);
  // The template's Khmer name (the first "Name (Khmer)": each stage has one too).
  await page.getByRole('textbox', { name: 'Name (Khmer)' }).first().fill(TEMPLATE_KM);
  await page.getByRole('textbox', { name: 'Document type' }).fill(TYPE);
  await page.getByRole('textbox', { name: 'Type name in Khmer' }).fill(TYPE_KM);
  await page.getByRole('textbox', { name: 'Type name in English' }).fill(TYPE_EN);
  await page.getByRole('combobox', { name: 'Applies when' }).selectOption({ label: 'Amount is more than' });
  await page.getByRole('textbox', { name: 'Amount threshold' }).fill('5000');

  const stage1 = page.getByRole('group', { name: 'Stage 1' });
  await stage1.getByRole('textbox', { name: 'Stage name' }).fill('Head of unit');
  await stage1.getByRole('textbox', { name: 'Name (Khmer)' }).fill('ប្រធានអង្គភាព');
  await expect(stage1.getByRole('combobox', { name: 'Approver type' })).toHaveValue('submitter_unit_head');
  await stage1.getByRole('textbox', { name: 'Hours to decide (SLA)' }).fill('24');
  // Escalation goes to a colleague: the system's administrator account (of no unit) is not offered.
  await stage1.getByRole('searchbox', { name: 'Escalate to: search by name or username' }).fill('adm');
  const escalateTo = stage1.getByRole('combobox', { name: 'Escalate to' });
  await expect(escalateTo.locator('option', { hasText: 'head.adm' })).toHaveCount(1);
  await expect(escalateTo.locator('option', { hasText: '(admin)' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Add stage' }).click();

  const stage2 = page.getByRole('group', { name: 'Stage 2' });
  await stage2.getByRole('textbox', { name: 'Stage name' }).fill('Directors');
  await stage2.getByRole('combobox', { name: 'Rule' }).selectOption('quorum');
  const first = stage2.getByRole('group', { name: 'Approver 1' });
  await first.getByRole('combobox', { name: 'Approver type' }).selectOption('user');
  await pick(first, 'Approver', 'deputy.ict');
  await stage2.getByRole('button', { name: 'Add approver to stage 2' }).click();
  const second = stage2.getByRole('group', { name: 'Approver 2' });
  await second.getByRole('combobox', { name: 'Approver type' }).selectOption('post');
  await selectContaining(second.getByRole('combobox', { name: 'Unit' }), '(GDT)');
  await second.getByRole('combobox', { name: 'Post' }).selectOption('head');
  // k of n larger than n is refused before it is sent, saying where.
  await stage2.getByRole('textbox', { name: 'Approvals required (k)' }).fill('3');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'Stage 2 · more approvals required than there are approvers',
  );
  await stage2.getByRole('textbox', { name: 'Approvals required (k)' }).fill('1');
  // Stages move up and down (the first has no "up", the last no "down"), their fields with them.
  await expect(page.getByRole('button', { name: 'Move stage 1 up' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Move stage 2 down' })).toHaveCount(0);
  await page.getByRole('button', { name: 'Move stage 2 up' }).click();
  await expect(stage1.getByRole('textbox', { name: 'Stage name' })).toHaveValue('Directors');
  await expect(stage1.getByRole('textbox', { name: 'Approvals required (k)' })).toHaveValue('1');
  await expect(stage2.getByRole('textbox', { name: 'Stage name' })).toHaveValue('Head of unit');
  await page.getByRole('button', { name: 'Move stage 1 down' }).click();
  await expect(stage1.getByRole('textbox', { name: 'Stage name' })).toHaveValue('Head of unit');
  await expect(stage2.getByRole('textbox', { name: 'Stage name' })).toHaveValue('Directors');
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByText('Saved as version 1.')).toBeVisible();
  await expect(page).toHaveURL(/\/admin\/workflows\/[0-9a-f-]{36}$/);
  templatePath = new URL(page.url()).pathname;
  await expect(page.getByRole('heading', { level: 1, name: `Template: ${TEMPLATE}` })).toBeVisible();

  // The route the pilot head's document of 8,000 would take.
  const preview = page.getByRole('form', { name: 'Route preview' });
  await pick(preview, 'Submitter', USERNAME);
  await preview.getByRole('textbox', { name: 'Amount' }).fill('8000');
  await preview.getByRole('button', { name: 'Preview route' }).click();
  await expect(
    page.getByText(`A document like this takes this template (${TEMPLATE}, version 1).`),
  ).toBeVisible();
  await expect(
    page.getByText(
      'The submitter would approve their own document: the head above, Meas Visal, approves instead.',
    ),
  ).toBeVisible();
  const route = page.getByRole('region', { name: 'The route' });
  await expect(route.getByText('Stage 2: Directors')).toBeVisible();
  await expect(route.locator('strong', { hasText: 'Sam Chenda' })).toBeVisible();
  await expect(route.locator('strong', { hasText: 'Chea Rithy' })).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-workflow-en');

  // Below the threshold the template would not be taken.
  await preview.getByRole('textbox', { name: 'Amount' }).fill('100');
  await preview.getByRole('button', { name: 'Preview route' }).click();
  await expect(page.getByText(/^No active template of this type applies/)).toBeVisible();

  // An edit saves version 2; the document types and stages carry over into the form.
  await expect(page.getByRole('textbox', { name: 'Amount threshold' })).toHaveValue('5000');
  await expect(
    page.getByRole('group', { name: 'Stage 2' }).getByRole('combobox', { name: 'Approver', exact: true }),
  ).toHaveValue(/[0-9a-f-]{36}/);
  await page.getByRole('textbox', { name: 'Amount threshold' }).fill('4000');
  await page.getByRole('button', { name: 'Save template' }).click();
  await expect(page.getByText('Saved as version 2.')).toBeVisible();
  templatePath = new URL(page.url()).pathname;

  await expect(page.getByRole('textbox', { name: 'Type name in English' })).toHaveValue(TYPE_EN);
  await page.getByRole('link', { name: 'All templates' }).click();
  await expect(page.getByRole('link', { name: TEMPLATE })).toBeVisible();
  await expect(page.getByText(`type ${TYPE_EN}`)).toBeVisible();
  await expectNoSideScroll(page);
  await screenshot(page, 'admin-workflows-en');
});

test('the pilot head submits a document of 8,000 in the browser and it follows the previewed route', async ({
  page,
  baseURL,
}) => {
  await signIn(page, USERNAME, USER_PASSWORD);
  // The administrator made the account with its "choose your own password" box ticked (the
  // default): the first sign-in asks for one before anything else.
  await expect(page).toHaveURL(/\/choose-password$/);
  await inEnglish(page);
  await page.getByLabel('Password you were given').fill(USER_PASSWORD);
  await page.getByLabel('New password', { exact: true }).fill(OWN_PASSWORD);
  await page.getByLabel('Confirm new password').fill(OWN_PASSWORD);
  await page.getByRole('button', { name: 'Save my password' }).click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/documents/new');
  await page.getByRole('textbox', { name: 'Title' }).fill(TITLE);
  // The type is offered by its name, not its code.
  await expect(
    page.getByRole('combobox', { name: 'Document type' }).locator('option', { hasText: TYPE_EN }),
  ).toHaveCount(1);
  await page.getByRole('combobox', { name: 'Document type' }).selectOption(TYPE);
  await page.getByRole('textbox', { name: /amount/i }).fill('8000');
  await page.getByLabel('File').setInputFiles(pdfOf('purchase.pdf', TITLE));
  await page.getByRole('button', { name: 'Submit for approval' }).click();
  await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
  await expect(page.getByText('In review').first()).toBeVisible();
  const id = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByText(TYPE_EN, { exact: true })).toBeVisible();
  await page.goto('/documents');
  await expect(page.getByRole('listitem').filter({ hasText: TITLE }).getByText(TYPE_EN)).toBeVisible();
  // Not an administrator: the template pages do not exist for them.
  await page.goto('/admin/workflows');
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await page.goto(templatePath);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await signOut(page);

  const token = await adminToken(baseURL!);
  const users = await apiAs<{ items: { id: string; username: string }[] }>(
    baseURL!,
    token,
    'GET',
    '/users?search=dir.ict',
  );
  const director = users.items.find((u) => u.username === 'dir.ict')!;
  type Doc = {
    request: { templateId: string };
    stages: {
      name: string;
      nameKm: string | null;
      tasks: { assigneeId: string; actingForId: string | null; status: string }[];
    }[];
  };
  // The worker routes the first stage after the submission commits.
  await expect
    .poll(
      async () => (await apiAs<Doc>(baseURL!, token, 'GET', `/documents/${id}`)).stages[0]?.tasks.length ?? 0,
    )
    .toBeGreaterThan(0);
  const doc = await apiAs<Doc>(baseURL!, token, 'GET', `/documents/${id}`);
  expect(`/admin/workflows/${doc.request.templateId}`).toBe(templatePath);
  expect(doc.stages.map((s) => [s.name, s.nameKm])).toEqual([
    ['Head of unit', 'ប្រធានអង្គភាព'],
    ['Directors', null],
  ]);
  const task = doc.stages[0]!.tasks[0]!;
  expect([task.assigneeId, task.actingForId]).toContain(director.id);
});

test('the new admin pages in Khmer', async ({ page }) => {
  await signIn(page, 'admin', 'Admin@2026');
  await page.getByRole('combobox', { name: 'Language' }).first().selectOption({ label: 'ខ្មែរ' });
  await expect(page.locator('html')).toHaveAttribute('lang', 'km');
  await page.goto('/admin/org-units');
  await expect(page.getByRole('heading', { level: 1, name: 'អង្គភាព និងមុខតំណែង' })).toBeVisible();
  await page.locator('summary', { hasText: `(${CODE})` }).click();
  await expect(page.getByText('ប្រធានការិយាល័យសាកល្បង')).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-units-km');
  await page.goto('/admin/workflows');
  await expect(page.getByRole('heading', { level: 1, name: 'គំរូលំហូរការងារ' })).toBeVisible();
  await expect(page.getByText(TYPE_KM).first()).toBeVisible();
  // Templates by their Khmer names where they have one.
  await expect(page.getByRole('link', { name: TEMPLATE_KM })).toBeVisible();
  await expect(page.getByRole('link', { name: 'ផែនការថវិកាលើស ១០ ០០០' })).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-workflows-km');
  await page.goto(templatePath);
  // Stage numbers in Khmer digits, and the move buttons named in Khmer.
  await expect(page.getByRole('group', { name: 'ដំណាក់កាលទី ២' })).toBeVisible();
  await page.getByRole('button', { name: 'ផ្លាស់ដំណាក់កាលទី ២ ឡើងលើ' }).click();
  await expect(
    page.getByRole('group', { name: 'ដំណាក់កាលទី ១' }).getByRole('textbox', { name: 'ឈ្មោះដំណាក់កាល' }),
  ).toHaveValue('Directors');
  await page.getByRole('button', { name: 'ផ្លាស់ដំណាក់កាលទី ១ ចុះក្រោម' }).click();
  await expect(
    page.getByRole('group', { name: 'ដំណាក់កាលទី ១' }).getByRole('textbox', { name: 'ឈ្មោះ (ខ្មែរ)' }),
  ).toHaveValue('ប្រធានអង្គភាព');
  const preview = page.getByRole('form', { name: 'មើលផ្លូវអនុម័តជាមុន' });
  await preview.getByRole('searchbox', { name: 'អ្នកដាក់ស្នើ៖ ស្វែងរកតាមឈ្មោះ ឬឈ្មោះអ្នកប្រើ' }).fill(USERNAME);
  const select = preview.getByRole('combobox', { name: 'អ្នកដាក់ស្នើ', exact: true });
  await selectContaining(select, `(${USERNAME})`);
  await preview.getByRole('textbox', { name: 'ចំនួនទឹកប្រាក់' }).fill('8000');
  await preview.getByRole('button', { name: 'មើលផ្លូវជាមុន' }).click();
  await expect(page.getByText(/ប្រធានថ្នាក់លើ មាស វិសាល/)).toBeVisible();
  // The previewed stages by their Khmer names (the one without: its English name).
  await expect(page.getByText(/ដំណាក់កាលទី ១៖ ប្រធានអង្គភាព/)).toBeVisible();
  await expect(page.getByText(/ដំណាក់កាលទី ២៖ Directors/)).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'admin-workflow-km');

  // A new document in Khmer: the type by its Khmer name, the file input in Khmer (not the
  // browser's "Choose File"), naming the chosen file.
  await page.goto('/documents/new');
  const types = page.getByRole('combobox', { name: 'ប្រភេទឯកសារ' });
  await expect(types.locator('option', { hasText: TYPE_KM })).toHaveCount(1);
  await expect(page.getByText('ជ្រើសរើសឯកសារ', { exact: true })).toBeVisible();
  await expect(page.getByText('មិនទាន់បានជ្រើសរើសឯកសារ')).toBeVisible();
  await page.getByLabel('ឯកសារភ្ជាប់', { exact: true }).setInputFiles(pdfOf('sample-km.pdf', 'sample'));
  await expect(page.getByText('sample-km.pdf')).toBeVisible();
  await expectNoSideScroll(page);
  await expectAccessible(page);
});
