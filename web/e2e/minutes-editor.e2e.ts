import { expect, test } from '@playwright/test';
import { apiAs, inEnglish, secretarysGroup, signIn, signOut, tokenOf } from './helpers';

test.use({ viewport: { width: 360, height: 800 }, locale: 'en-GB' });

const base = () => process.env.E2E_BASE_URL!;

// staff.dara reads the app in Khmer; these tests switch her to English, and give her Khmer back.
test.afterEach(async () => {
  await apiAs(base(), await tokenOf(base(), 'staff.dara'), 'PATCH', '/me', { locale: 'km' });
});

/** A meeting of the demo's project group that began five minutes ago: staff.dara is its secretary. */
async function begunMeeting(title: string): Promise<string> {
  const { token: secretary, groupId, members } = await secretarysGroup(base());
  const meeting = await apiAs<{ id: string }>(base(), secretary, 'POST', '/meetings', {
    title,
    workingGroupId: groupId,
    startsAt: new Date(Date.now() - 5 * 60_000).toISOString(),
    chairUserId: members.find((m) => m.role === 'chair')!.userId,
    secretaryUserId: members.find((m) => m.role === 'secretary')!.userId,
    agenda: [{ title: 'ផ្សេងៗ', durationMinutes: 15 }],
    participants: [],
  });
  return meeting.id;
}

/**
 * Minutes typed and not saved are kept in the tab (a reload loses nothing), but they are the
 * writer's: signing out at a shared computer takes them away, and the next sign-in in that tab does
 * not find them.
 */
test('minutes typed and not saved are gone from the tab once the secretary signs out', async ({ page }) => {
  const meetingId = await begunMeeting(`Minutes left unsaved ${Date.now()}`);
  const notes = 'កំណត់ចំណាំមិនទាន់រក្សាទុក';

  await page.goto('/login');
  await signIn(page, 'staff.dara');
  await inEnglish(page);
  await page.goto(`/meetings/${meetingId}`);
  const item = page.getByRole('group', { name: '1 ផ្សេងៗ' });
  await item.getByRole('textbox', { name: 'Notes' }).fill(notes);
  // Kept in the tab: a reload brings it back.
  await page.reload();
  await expect(item.getByRole('textbox', { name: 'Notes' })).toHaveValue(notes);

  await signOut(page);
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await signIn(page, 'staff.dara');
  await page.goto(`/meetings/${meetingId}`);
  await expect(item.getByRole('textbox', { name: 'Notes' })).toHaveValue('');
  await expect(page.getByText(/not saved were kept/)).toHaveCount(0);
});

/**
 * Notes pasted past the length the server keeps are cut at it, and the field says so, instead of
 * the whole save being refused with a generic error.
 */
test('notes pasted past their limit stop at it, say so, and the minutes save', async ({ page }) => {
  const meetingId = await begunMeeting(`Long minutes ${Date.now()}`);
  await page.goto('/login');
  await signIn(page, 'staff.dara');
  await inEnglish(page);
  await page.goto(`/meetings/${meetingId}`);
  const notes = page.getByRole('group', { name: '1 ផ្សេងៗ' }).getByRole('textbox', { name: 'Notes' });
  await notes.fill('ក'.repeat(50_010));
  await expect(notes).toHaveValue('ក'.repeat(50_000));
  await expect(notes).toHaveAccessibleDescription(
    '50,000 characters, the most it takes: anything past them was not kept.',
  );
  await page.getByRole('button', { name: 'Save minutes' }).click();
  await expect(page.getByText(/^Revision 1 by/)).toBeVisible();
});

/**
 * A decision's counts beside the attendance: more votes than voting members present is said at
 * the counts, as the secretary types them (the submission refuses it: VOTES_EXCEED_PRESENT).
 */
test('a decision counting more votes than members present says so at its counts', async ({ page }) => {
  const meetingId = await begunMeeting(`Counted votes ${Date.now()}`);
  const secretary = await tokenOf(base(), 'staff.dara');
  const meeting = await apiAs<{ participants: { id: string; role: string }[] }>(
    base(),
    secretary,
    'GET',
    `/meetings/${meetingId}`,
  );
  // The chair and the secretary came: two voting members present.
  await apiAs(
    base(),
    secretary,
    'PUT',
    `/meetings/${meetingId}/attendance`,
    meeting.participants.map((p) => ({ participantId: p.id, status: 'present' })),
  );
  expect(meeting.participants).toHaveLength(2);
  await page.goto('/login');
  await signIn(page, 'staff.dara');
  await inEnglish(page);
  await page.goto(`/meetings/${meetingId}`);
  const item = page.getByRole('group', { name: '1 ផ្សេងៗ' });
  await item.getByRole('button', { name: 'Add a decision' }).click();
  const decision = item.getByRole('group', { name: 'Decision 1' });
  await decision.getByRole('textbox', { name: 'Decision' }).fill('អនុម័តផែនការ');
  await decision.getByRole('textbox', { name: 'For' }).fill('2');
  await decision.getByRole('textbox', { name: 'Against' }).fill('1');
  await expect(
    decision.getByRole('status').filter({ hasText: /^3 votes counted, but 2 voting members/ }),
  ).toBeVisible();
  await decision.getByRole('textbox', { name: 'Against' }).fill('0');
  await expect(decision.getByText(/votes counted, but/)).toHaveCount(0);
});
