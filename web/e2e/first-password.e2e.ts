import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import {
  EN,
  KM,
  adminToken,
  apiAs,
  expectAccessible,
  expectNoSideScroll,
  screenshot,
  signIn,
  submitSignIn,
} from './helpers';

/**
 * A password an administrator sets is replaced by its owner at first sign-in: the person lands on
 * "Choose your own password" in their language, nothing else opens until it is done, and then
 * they go on to where they were going. Each test has an account of its own.
 */
test.use({ viewport: { width: 390, height: 844 }, locale: 'en-GB' });

const GIVEN = 'Given@2026';
const OWN = 'MyOwnChoice@2026';

async function newAccount(baseURL: string, locale: 'km' | 'en'): Promise<string> {
  const username = `first.${randomBytes(3).toString('hex')}`;
  // As the administrator's form sends it by default: the person must choose their own.
  await apiAs(baseURL, await adminToken(baseURL), 'POST', '/users', {
    username,
    password: GIVEN,
    fullName: 'Keo Sokun',
    fullNameKm: 'កែវ សុគន្ធ',
    locale,
  });
  return username;
}

test('a new colleague chooses their own password, in Khmer, before anything else opens', async ({
  page,
  baseURL,
}) => {
  const username = await newAccount(baseURL!, 'km');
  // They follow a link to the documents before signing in.
  await page.goto('/documents');
  await expect(page).toHaveURL(/\/login\?next=%2Fdocuments/);
  await page.getByRole('combobox', { name: 'Language' }).selectOption({ label: 'ខ្មែរ' });
  await signIn(page, username, GIVEN, KM);
  await expect(page).toHaveURL(/\/choose-password\?next=%2Fdocuments$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ជ្រើសរើសពាក្យសម្ងាត់ផ្ទាល់ខ្លួន');
  await expect(page.getByText(/^សូមស្វាគមន៍ កែវ សុគន្ធ។/)).toBeVisible();
  // No menu to go elsewhere; an address typed by hand comes back here.
  await expect(page.getByRole('navigation')).toHaveCount(0);
  await page.goto('/inbox');
  await expect(page).toHaveURL(/\/choose-password\?next=%2Finbox$/);
  await expectNoSideScroll(page);
  await expectAccessible(page);
  await screenshot(page, 'choose-password-km');

  // A wrong "password you were given" says so in its words.
  await page.getByLabel('ពាក្យសម្ងាត់ដែលបានផ្ដល់ឱ្យអ្នក').fill('not-it-at-all');
  await page.getByLabel('ពាក្យសម្ងាត់ថ្មី', { exact: true }).fill(OWN);
  await page.getByLabel('បញ្ជាក់ពាក្យសម្ងាត់ថ្មី').fill(OWN);
  await page.getByRole('button', { name: 'រក្សាទុកពាក្យសម្ងាត់របស់ខ្ញុំ' }).click();
  await expect(page.getByRole('alert')).toHaveText(/^នេះមិនមែនជាពាក្យសម្ងាត់ដែលបានផ្ដល់ឱ្យអ្នកទេ។/);

  await page.getByLabel('ពាក្យសម្ងាត់ដែលបានផ្ដល់ឱ្យអ្នក').fill(GIVEN);
  await page.getByRole('button', { name: 'រក្សាទុកពាក្យសម្ងាត់របស់ខ្ញុំ' }).click();
  // On to where they were going, the app's frame and its menu with it.
  await expect(page).toHaveURL(/\/inbox$/);
  await expect(page.getByRole('navigation').first()).toBeVisible();

  // The given password no longer signs in; their own does, straight to the app.
  await page.getByRole('button', { name: 'ចាកចេញ' }).click();
  await expect(page).toHaveURL(/\/login/);
  await submitSignIn(page, username, GIVEN, KM);
  await expect(page.getByRole('alert')).toBeVisible();
  await signIn(page, username, OWN, KM);
  await expect(page).toHaveURL(/\/$/);
});

test('in English, the person may sign out instead; the next sign-in asks again', async ({
  page,
  baseURL,
}) => {
  const username = await newAccount(baseURL!, 'en');
  await page.goto('/login');
  await signIn(page, username, GIVEN, EN);
  await expect(page).toHaveURL(/\/choose-password$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose your own password');
  await expect(page.getByLabel('Password you were given')).toBeVisible();
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, username, GIVEN, EN);
  await expect(page).toHaveURL(/\/choose-password$/);
  // A reload keeps them here (the server's page shows nothing of the account meanwhile).
  await page.reload();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Choose your own password');
});
