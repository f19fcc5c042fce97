import { expect, test } from '@playwright/test';
import { as, inKhmer, pdfOf } from './helpers';

/**
 * The new document's route, asked as the amount is typed: never before the amount it depends on
 * (the first key typed used to send the request of a moment before, without it: a 400 each time).
 */
test.use({ viewport: { width: 360, height: 800 } });

test('typing an amount asks for the route only with the amount', async ({ browser }) => {
  await as(
    browser,
    'staff.dara',
    async (page) => {
      const refused: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/route-preview') && r.status() >= 400) refused.push(`${r.status()}`);
      });
      await page.goto('/documents/new');
      await page.locator('#doc-type').selectOption('budget_plan');
      // The route depends on the amount: the form asks for it before anything is sent.
      await expect(page.locator('#field-amount')).toHaveJSProperty('required', true);
      await page.locator('#doc-type').selectOption('letter');
      await expect(page.locator('#field-amount')).toHaveCount(0);
      await page.locator('#doc-type').selectOption('budget_plan');
      // Longer than the page waits before it asks (300 ms): the type alone has settled.
      await page.waitForTimeout(800);
      const answered = page.waitForResponse((r) => r.url().includes('/route-preview') && r.status() === 200);
      await page.locator('#field-amount').pressSequentially('៥០០០', { delay: 120 });
      await answered;
      await page.locator('#field-amount').fill('');
      await page.locator('#field-amount').pressSequentially('12000', { delay: 120 });
      await page.waitForTimeout(800);
      expect(refused).toEqual([]);
    },
    false,
  );
});

test('leaving a new document half-written asks first; once submitted, it does not', async ({ browser }) => {
  await as(browser, 'staff.sophea', async (page) => {
    const nav = page.getByRole('navigation');
    // Nothing typed: the menu goes where it says.
    await page.goto('/documents/new');
    await nav.getByRole('link', { name: 'Inbox', exact: true }).click();
    await expect(page).toHaveURL(/\/inbox$/);

    await page.goto('/documents/new');
    const title = page.getByRole('textbox', { name: 'Title' });
    await title.pressSequentially('សំណើទិញសម្ភារៈ');
    await nav.getByRole('link', { name: 'Inbox', exact: true }).click();
    const ask = page.getByRole('alertdialog', { name: /not submitted yet/ });
    await expect(ask).toBeVisible();
    await expect(ask.getByRole('button', { name: 'Stay' })).toBeFocused();
    await ask.getByRole('button', { name: 'Stay' }).click();
    await expect(page).toHaveURL(/\/documents\/new$/);
    await expect(title).toHaveValue('សំណើទិញសម្ភារៈ');
    // A reload asks too: the browser's own question.
    const asked = page.waitForEvent('dialog');
    // Answered "stay": the reload does not happen (and its wait ends without a page).
    const reloading = page.reload({ timeout: 5_000 }).catch(() => null);
    const dialog = await asked;
    expect(dialog.type()).toBe('beforeunload');
    await dialog.dismiss();
    await reloading;
    await expect(title).toHaveValue('សំណើទិញសម្ភារៈ');
    await nav.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Leave the page' }).click();
    await expect(page).toHaveURL(/\/inbox$/);

    // Submitted: the page goes to the new document without a question.
    await page.goto('/documents/new');
    const sent = `Leave guard ${Date.now()}`;
    await title.fill(sent);
    await page.getByRole('combobox', { name: 'Document type' }).selectOption({ label: 'Letter' });
    await page.getByLabel('File').setInputFiles(pdfOf('letter.pdf', sent));
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    await expect(page).toHaveURL(/\/documents\/[0-9a-f-]{36}$/);
    await expect(page.getByRole('alertdialog')).toHaveCount(0);
    // Said on the document's page, with the focus on it; once: a reload does not say it again.
    const said = page.getByRole('status').filter({ hasText: 'Your document is sent for approval' });
    await expect(said).toBeFocused();
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: sent })).toBeVisible();
    await expect(said).toHaveCount(0);
    // The document's page took the form's place: Back does not return to an empty form.
    await page.goBack();
    await expect(page).not.toHaveURL(/\/documents\/new$/);
  });
});

test('a file the server would refuse is said so when chosen, and nothing is sent', async ({ browser }) => {
  await as(browser, 'staff.sophea', async (page) => {
    const sent: string[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && /\/api\/v1\/documents/.test(r.url())) sent.push(r.url());
    });
    await page.goto('/documents/new');
    await page.getByRole('textbox', { name: 'Title' }).fill(`Too large ${Date.now()}`);
    await page.locator('#doc-type').selectOption('letter');
    const file = page.getByLabel('File');
    // The limit is said before a file is chosen: the test server's is 4 MB (e2e/global-setup.ts).
    await expect(file).toHaveAccessibleDescription('At most 4 MB.');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    await file.setInputFiles({ name: 'scan.pdf', mimeType: 'application/pdf', buffer: big });
    await expect(file).toHaveAttribute('aria-invalid', 'true');
    await expect(page.locator('.field-error')).toHaveText(
      'This file is 5 MB: at most 4 MB can be sent. Choose a smaller one (a scan at a lower resolution, say).',
    );
    await page.getByRole('button', { name: 'Submit for approval' }).click();
    // The browser holds the form back at the file (its own bubble says the same words).
    expect(await file.evaluate((i: HTMLInputElement) => i.validationMessage)).toMatch(/^This file is 5 MB/);
    // A kind the server does not take is said too; a good file clears it and is sent.
    await file.setInputFiles({
      name: 'setup.exe',
      mimeType: 'application/octet-stream',
      buffer: Buffer.from('MZ'),
    });
    await expect(page.locator('.field-error')).toHaveText(/^This kind of file is not accepted/);
    expect(sent).toEqual([]);
    await file.setInputFiles({
      name: 'letter.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await expect(file).not.toHaveAttribute('aria-invalid');
    await expect(page.locator('.field-error')).toHaveCount(0);
  });
});

test('in Khmer the limit and a refused file are said in Khmer', async ({ browser }) => {
  await as(browser, 'staff.dara', async (page) => {
    await inKhmer(page);
    await page.goto('/documents/new');
    const file = page.locator('#doc-file');
    await expect(file).toHaveAccessibleDescription('យ៉ាងច្រើន ៤ មេហ្គាបៃ។');
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(5 * 1024 * 1024, 0x20)]);
    await file.setInputFiles({ name: 'ស្កេន.pdf', mimeType: 'application/pdf', buffer: big });
    await expect(page.locator('.field-error')).toHaveText(
      /^ឯកសារនេះមានទំហំ ៥ មេហ្គាបៃ៖ អាចផ្ញើបានយ៉ាងច្រើន ៤ មេហ្គាបៃ។/,
    );
  });
});
