import { expect, test } from '@playwright/test';
import { as } from './helpers';

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
