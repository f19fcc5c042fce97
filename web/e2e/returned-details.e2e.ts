import { expect, test } from '@playwright/test';
import { apiAs, as, expectAccessible, expectSaid, tokenOf } from './helpers';

/**
 * A budget plan returned because of its amount: the submitter corrects the amount on the document's
 * page, without a new file. An amount past the threshold that adds the Minister is refused (the
 * document started on the shorter route) and nothing changes; a corrected amount within it goes back.
 */
test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

interface Doc {
  id: string;
  status: string;
  stages: { tasks: { id: string; assigneeId: string; status: string }[] }[];
}

test('the submitter corrects the amount of a returned budget plan', async ({ browser }) => {
  const sophea = await tokenOf(base(), 'staff.sophea');
  const head = await tokenOf(base(), 'head.sys');
  const created = await apiAs<Doc>(base(), sophea, 'POST', '/documents', {
    title: `Budget plan to correct ${Date.now()}`,
    documentType: 'budget_plan',
    body: 'ផែនការថវិកា',
    metadata: { amount: 5000 },
  });
  await apiAs(base(), sophea, 'POST', `/documents/${created.id}/submit`, {});
  const me = await apiAs<{ id: string }>(base(), head, 'GET', '/me');
  const seen = await apiAs<Doc>(base(), head, 'GET', `/documents/${created.id}`);
  const task = seen.stages
    .flatMap((s) => s.tasks)
    .find((x) => x.assigneeId === me.id && x.status === 'pending')!;
  await apiAs(base(), head, 'POST', `/approval-tasks/${task.id}/return`, { reason: 'The amount is wrong.' });

  await as(browser, 'staff.sophea', async (page) => {
    await page.goto(`/documents/${created.id}`);
    const panel = page.getByRole('region', { name: 'Your document' });
    // What the approver asked and who asked it, where the revision is made.
    await expect(panel.getByText('The amount is wrong.')).toBeVisible();
    await expect(panel.getByText(/^Returned by /)).toBeVisible();
    await expect(panel.getByText(/correct the details or choose a corrected file/)).toBeVisible();
    const amount = panel.getByRole('textbox', { name: 'Amount' });
    await expect(amount).toHaveValue('5000');
    // The route depends on it: it may be corrected, not emptied.
    await expect(amount).toHaveJSProperty('required', true);
    await expect(panel.getByRole('button', { name: 'Resubmit version 1 unchanged' })).toBeVisible();
    // Past the threshold: the Minister's workflow would apply; refused, said why, still returned.
    await amount.fill('50000');
    await expect(
      panel.getByText('The corrected details will be sent with the same file, as version 2.'),
    ).toBeVisible();
    await expectAccessible(page);
    await panel.getByRole('button', { name: 'Resubmit with the corrected details' }).click();
    await expect(panel.getByRole('alert')).toContainText('call for another workflow');
    expect((await apiAs<Doc>(base(), sophea, 'GET', `/documents/${created.id}`)).status).toBe('returned');
    // Within the route it started on: it goes back, version 3 with the same file and the new amount.
    await amount.fill('6000');
    await panel.getByRole('textbox', { name: 'What changed (optional)' }).fill('Amount corrected.');
    await panel.getByRole('button', { name: 'Resubmit with the corrected details' }).click();
    await expectSaid(page, 'The document is sent for approval.');
    await expect(page.getByText('In review').first()).toBeVisible();
    const after = await apiAs<Doc & { metadata: { amount: number }; versions: { sha256: string }[] }>(
      base(),
      sophea,
      'GET',
      `/documents/${created.id}`,
    );
    expect(after.metadata).toEqual({ amount: 6000 });
    expect(new Set(after.versions.map((v) => v.sha256)).size).toBe(1);
  });
});
