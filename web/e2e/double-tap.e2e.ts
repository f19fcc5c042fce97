import { expect, test } from '@playwright/test';
import { apiAs, as, e2eQuery, expectSaid, pdfOf, tokenOf } from './helpers';

/**
 * A double tap on a form's button sends it once. The button is disabled while its request runs;
 * a second tap came before the page showed that (TanStack Query tells React a macrotask later by
 * default), so each tap sent the form: two documents with two reference numbers, two identical
 * versions, a delegation saved and refused at once.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

test('a double tap on "Submit for approval" makes one document', async ({ browser }) => {
  const title = `Double tap letter ${Date.now()}`;
  await as(browser, 'staff.dara', async (page) => {
    await page.goto('/documents/new');
    await page.getByRole('textbox', { name: 'Title' }).fill(title);
    await page.getByRole('combobox', { name: 'Document type' }).selectOption('letter');
    await expect(page.getByLabel('File')).toBeEnabled();
    await page.getByLabel('File').setInputFiles(pdfOf('letter.pdf', title));
    await page.getByRole('button', { name: 'Submit for approval' }).dblclick();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await expect(page.getByText('In review').first()).toBeVisible();
  });
  const docs = await e2eQuery<{ reference_number: string | null }>(
    `SELECT reference_number FROM documents WHERE title = $1`,
    [title],
  );
  expect(docs).toHaveLength(1);
});

test('a double tap on "Upload and resubmit" makes one new version', async ({ browser }) => {
  const dara = await tokenOf(base(), 'staff.dara');
  const created = await apiAs<{ id: string }>(base(), dara, 'POST', '/documents', {
    title: `Double tap resubmit ${Date.now()}`,
    documentType: 'letter',
    body: 'លិខិត',
  });
  await apiAs(base(), dara, 'POST', `/documents/${created.id}/submit`, {});
  const [task] = await e2eQuery<{ id: string; username: string }>(
    `SELECT t.id, u.username FROM approval_tasks t JOIN users u ON u.id = t.assignee_id
      WHERE t.document_id = $1 AND t.status = 'pending'`,
    [created.id],
  );
  const holder = task!;
  await apiAs(base(), await tokenOf(base(), holder.username), 'POST', `/approval-tasks/${holder.id}/return`, {
    reason: 'Please attach the signed letter.',
  });
  await as(browser, 'staff.dara', async (page) => {
    await page.goto(`/documents/${created.id}`);
    // A letter has no details to correct: the panel asks only for a file, under the approver's words.
    const panel = page.getByRole('region', { name: 'Your document' });
    await expect(panel.getByText('Please attach the signed letter.')).toBeVisible();
    await expect(panel.getByText(/read the comment below, choose a corrected file if needed/)).toBeVisible();
    // The page comes drawn by the server: its file input takes a file once the app runs it.
    const file = page.getByLabel(/^New version/);
    await expect(file).toBeEnabled();
    await file.setInputFiles(pdfOf('letter-v2.pdf', 'version 2'));
    await page.getByRole('button', { name: 'Upload and resubmit' }).dblclick();
    await expectSaid(page, 'The document is sent for approval.');
  });
  const versions = await e2eQuery(`SELECT no FROM document_versions WHERE document_id = $1`, [created.id]);
  expect(versions).toHaveLength(2);
});

test('a double tap on "Save delegation" saves it once and says only that', async ({ browser }) => {
  await as(browser, 'uss.ly', async (page) => {
    await page.goto('/settings');
    await page.getByRole('searchbox', { name: 'Find a colleague' }).fill('Sam Chenda');
    await page.getByRole('combobox', { name: 'Delegate' }).selectOption({
      label: 'Sam Chenda (Department of Information and Communication Technology)',
    });
    await page.getByLabel('From', { exact: true }).fill('2027-03-01');
    await page.getByLabel('Until', { exact: true }).fill('2027-03-05');
    await page.getByRole('button', { name: 'Save delegation' }).dblclick();
    await expectSaid(page, 'The delegation is saved.');
    await expect(page.getByRole('alert')).toHaveCount(0);
  });
  const saved = await e2eQuery<{ id: string }>(
    `SELECT d.id FROM delegations d JOIN users u ON u.id = d.from_user_id
      WHERE u.username = 'uss.ly' AND d.starts_at >= '2027-02-28'`,
  );
  expect(saved).toHaveLength(1);
  await e2eQuery(`DELETE FROM delegations WHERE id = $1`, [saved[0]!.id]);
});
