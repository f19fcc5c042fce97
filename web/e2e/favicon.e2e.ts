import { expect, test } from '@playwright/test';

/** Browsers ask for /favicon.ico on their own: it is the app's icon, not a 404; the page links it too. */
test('the app has an icon at /favicon.ico and links it from its pages', async ({ page, request }) => {
  const ico = await request.get('/favicon.ico');
  expect(ico.status()).toBe(200);
  expect(ico.headers()['content-type']).toMatch(/icon/);
  // An ICO file: reserved 0, type 1, then the number of images.
  const body = await ico.body();
  expect([...body.subarray(0, 4)]).toEqual([0, 0, 1, 0]);
  expect(body.readUInt16LE(4)).toBeGreaterThan(0);

  await page.goto('/login');
  const links = await page
    .locator('link[rel="icon"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLLinkElement).href));
  expect(links.length).toBeGreaterThan(0);
  for (const href of links) expect((await request.get(href)).status()).toBe(200);
  const svg = await request.get('/favicon.svg');
  expect(svg.headers()['content-type']).toMatch(/image\/svg\+xml/);
});
