import { type Page, test } from '@playwright/test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { signIn } from '../e2e/helpers';

/**
 * The web benchmark: for the login, verification, home, document, election and inbox pages, the
 * JavaScript and CSS shipped (gzip) and Largest Contentful Paint and an estimate of Time to
 * Interactive in Chromium with 4x CPU slowdown and a slow 3G network, each page loaded cold (empty
 * cache; a signed-in page signs in with the refresh cookie as a returning user would). Targets
 * (issue 15): at most 150 kB gzip of JavaScript before the first page can be used; LCP under 2.5 s.
 * Prints a table and writes bench/results/web-<time>.json (with each page's LCP element and its
 * requests' timings).
 *
 * Network profiles (BENCH_WEB_PROFILES, comma-separated; default both):
 * - `slow-3g`: Chrome DevTools' "Slow 3G" preset exactly (devtools-frontend NetworkManager.ts:
 *   500 kbit/s × 0.8 = 50,000 B/s each way, latency 400 ms × 5 = 2,000 ms). CDP throttles per
 *   request, not per packet, so DevTools multiplies the 400 ms round trip by 5 to stand for the
 *   connection set-up and slow start a real 400 ms network costs: every request waits 2 s.
 * - `rtt-400`: the same bandwidth with 400 ms per request (the figures before December 3 used this).
 *
 * BENCH_WEB_PAGES (comma-separated page names, e.g. `login,verify`): only those pages (default all).
 * BENCH_WEB_CPU: the CPU slowdown (default 4, the issue's); 1 shows what of a figure is the CPU.
 * BENCH_WEB_RUNS: loads of each page (default 3); the table gives the median and the slowest LCP,
 * since a target "under 2.5 s" must hold for the slowest load, not the average.
 * BENCH_WEB_TRACE=1: also writes a Chrome trace of each load (bench/results/trace-<page>-<run>.json,
 * open it in DevTools' Performance panel) to see where the main thread's time goes.
 *
 * TTI here: the end of the last long task (> 50 ms) after First Contentful Paint once 3 s pass without
 * one, the main thread being what keeps a page from answering (Lighthouse also waits for the network;
 * the page's own requests are finished by then). The election page comes with the second part of the app.
 */
test.use({ viewport: { width: 360, height: 780 }, locale: 'en-GB' });

const PROFILES = {
  'slow-3g': { offline: false, latency: 2000, downloadThroughput: 50_000, uploadThroughput: 50_000 },
  'rtt-400': { offline: false, latency: 400, downloadThroughput: 50_000, uploadThroughput: 50_000 },
} as const;
type ProfileName = keyof typeof PROFILES;
const profiles = (process.env.BENCH_WEB_PROFILES ?? 'slow-3g,rtt-400')
  .split(',')
  .map((p) => p.trim())
  .filter((p): p is ProfileName => {
    if (p in PROFILES) return true;
    throw new Error(`BENCH_WEB_PROFILES: unknown profile ${p} (${Object.keys(PROFILES).join(', ')})`);
  });

const CPU_SLOWDOWN = Number(process.env.BENCH_WEB_CPU ?? 4);
const RUNS = Math.max(1, Number(process.env.BENCH_WEB_RUNS ?? 3));
const TRACE = process.env.BENCH_WEB_TRACE === '1';
const RESULTS = new URL('../../bench/results/', import.meta.url).pathname;
const PAGES = process.env.BENCH_WEB_PAGES?.split(',').map((p) => p.trim());
const wanted = (name: string) => !PAGES || PAGES.some((p) => name.startsWith(p));

interface Row {
  profile: ProfileName;
  page: string;
  run: number;
  path: string;
  jsGzipKb: number;
  cssGzipKb: number;
  requests: number;
  fcpMs: number;
  lcpMs: number;
  ttiMs: number;
  /** The LCP element: tag and the start of its text. */
  lcpElement: string;
  /** Each request: path, start and end (ms from navigation). */
  requestsTimeline: { name: string; startMs: number; endMs: number; bytes: number }[];
}

async function measure(
  page: Page,
  profile: ProfileName,
  name: string,
  path: string,
  run: number,
): Promise<Row> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.clearBrowserCache');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', PROFILES[profile]);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  let js = 0;
  let css = 0;
  let requests = 0;
  const pending: Promise<void>[] = [];
  page.on('response', (r) => {
    requests += 1;
    const type = r.request().resourceType();
    if (type !== 'script' && type !== 'stylesheet') return;
    pending.push(
      r.body().then(
        (b) => {
          const size = gzipSync(b).length;
          if (type === 'script') js += size;
          else css += size;
        },
        () => undefined,
      ),
    );
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __lcp: number; __lcpElement: string; __longTasks: number[] };
    w.__lcp = 0;
    w.__lcpElement = '';
    w.__longTasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) {
        w.__lcp = e.startTime;
        const el = (e as PerformanceEntry & { element?: Element | null }).element;
        w.__lcpElement = el
          ? `${el.tagName.toLowerCase()}: ${(el.textContent ?? '').trim().slice(0, 40)}`
          : '';
      }
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__longTasks.push(e.startTime + e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  const browser = page.context().browser()!;
  if (TRACE)
    await browser.startTracing(page, {
      path: `${RESULTS}trace-${profile}-${name.replace(/\W+/g, '-')}-${run}.json`,
      screenshots: true,
      categories: [
        'devtools.timeline',
        'disabled-by-default-devtools.timeline',
        'loading',
        'v8.execute',
        'blink.user_timing',
      ],
    });
  await page.goto(path, { waitUntil: 'load' });
  await page.getByRole('heading', { level: 1 }).first().waitFor({ timeout: 120_000 });
  // Quiet: 3 s without a long task.
  let lastCount = -1;
  for (;;) {
    const count = await page.evaluate(
      () => (window as unknown as { __longTasks: number[] }).__longTasks.length,
    );
    if (count === lastCount) break;
    lastCount = count;
    await page.waitForTimeout(3000);
  }
  await Promise.all(pending);
  if (TRACE) await browser.stopTracing();
  const timing = await page.evaluate(() => {
    const w = window as unknown as { __lcp: number; __lcpElement: string; __longTasks: number[] };
    const fcp = performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? 0;
    const lastLong = Math.max(0, ...w.__longTasks);
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
    const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const timeline = [nav, ...resources].map((r) => ({
      name: new URL(r.name).pathname,
      startMs: Math.round(r.startTime),
      endMs: Math.round(r.responseEnd),
      bytes: r.encodedBodySize,
    }));
    return { fcp, lcp: w.__lcp, lcpElement: w.__lcpElement, tti: Math.max(fcp, lastLong), timeline };
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  return {
    profile,
    page: name,
    run,
    path,
    jsGzipKb: Math.round(js / 102.4) / 10,
    cssGzipKb: Math.round(css / 102.4) / 10,
    requests,
    fcpMs: Math.round(timing.fcp),
    lcpMs: Math.round(timing.lcp),
    ttiMs: Math.round(timing.tti),
    lcpElement: timing.lcpElement,
    requestsTimeline: timing.timeline,
  };
}

test('web pages on a slow phone', async ({ browser, baseURL }) => {
  const rows: Row[] = [];
  // A document to look at: staff.sophea submits a letter through the API.
  const login = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'staff.sophea', password: 'Demo@2026' }),
  });
  const { accessToken } = (await login.json()) as { accessToken: string };
  const auth = { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' };
  const created = (await (
    await fetch(`${baseURL}/api/v1/documents`, {
      method: 'POST',
      headers: auth,
      body: JSON.stringify({ title: 'លិខិតអញ្ជើញ benchmark', documentType: 'letter', body: 'text' }),
    })
  ).json()) as { id: string };
  await fetch(`${baseURL}/api/v1/documents/${created.id}/submit`, {
    method: 'POST',
    headers: auth,
    body: '{}',
  });

  // The board election of the demo, as official01 (a member who may vote) sees it.
  const member = await fetch(`${baseURL}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'official01', password: 'Demo@2026' }),
  });
  const memberAuth = {
    authorization: `Bearer ${((await member.json()) as { accessToken: string }).accessToken}`,
  };
  const associations = (await (
    await fetch(`${baseURL}/api/v1/associations`, { headers: memberAuth })
  ).json()) as {
    items: { id: string }[];
  };
  const elections = (await (
    await fetch(`${baseURL}/api/v1/associations/${associations.items[0]!.id}/elections`, {
      headers: memberAuth,
    })
  ).json()) as { items: { id: string }[] };
  const electionId = elections.items[0]!.id;

  const signedInAs = async (username: string) => {
    const context = await browser.newContext();
    const first = await context.newPage();
    await first.goto('/login');
    await signIn(first, username);
    await first.close();
    return context;
  };

  for (const profile of profiles) {
    const visits: [string | null, string, string][] = [
      [null, 'login', '/login'],
      [null, 'verify (not found)', '/verify/NO-SUCH-CODE'],
      ['staff.sophea', 'home', '/'],
      ['staff.sophea', 'document', `/documents/${created.id}`],
      ['staff.sophea', 'inbox', '/inbox'],
      ['official01', 'election', `/elections/${electionId}`],
    ];
    for (let run = 1; run <= RUNS; run++)
      for (const user of [null, 'staff.sophea', 'official01']) {
        const mine = visits.filter(([u, name]) => u === user && wanted(name));
        if (!mine.length) continue;
        const context = user ? await signedInAs(user) : await browser.newContext();
        for (const [, name, path] of mine)
          rows.push(await measure(await context.newPage(), profile, name, path, run));
        await context.close();
      }
  }

  console.table(summarise(rows));
  mkdirSync(RESULTS, { recursive: true });
  const file = `${RESULTS}web-${new Date().toISOString().replace(/[:.]/g, '-')}.json`;
  writeFileSync(
    file,
    JSON.stringify({ profiles: PROFILES, cpuSlowdown: CPU_SLOWDOWN, runs: RUNS, rows }, null, 2),
  );
  console.log(`wrote ${file}`);
});

/** One line per profile and page: sizes from the first load, the median and the slowest of the timings. */
function summarise(rows: Row[]) {
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = `${row.profile} ${row.page}`;
    groups.set(key, [...(groups.get(key) ?? []), row]);
  }
  return [...groups.values()].map((loads) => {
    const first = loads[0]!;
    const lcps = loads.map((l) => l.lcpMs);
    return {
      profile: first.profile,
      page: first.page,
      jsGzipKb: first.jsGzipKb,
      cssGzipKb: first.cssGzipKb,
      requests: first.requests,
      fcpMs: median(loads.map((l) => l.fcpMs)),
      lcpMs: median(lcps),
      lcpMaxMs: Math.max(...lcps),
      ttiMs: median(loads.map((l) => l.ttiMs)),
      lcpElement: first.lcpElement,
    };
  });
}
