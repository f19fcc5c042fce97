/**
 * Download links (a file, a signed copy, a minutes PDF) come signed by the server for a while
 * (`?exp=<unix seconds>&uid=…&sid=…&sig=…`, src/common/auth/signed-links.ts; ten minutes unless
 * configured). A page left open longer held dead links: the download failed, and a link opened
 * in a tab showed the server's JSON refusal. So a query whose answer holds such links is asked
 * again a minute before the first of them expires.
 */
const SIGNED_EXPIRY = /[?&]exp=(\d+)&uid=/g;

/** The earliest expiry (ms since the epoch) of the signed links anywhere in `data`; null for none. */
export function earliestLinkExpiry(data: unknown): number | null {
  if (data === undefined || data === null) return null;
  let earliest: number | null = null;
  for (const [, exp] of JSON.stringify(data).matchAll(SIGNED_EXPIRY)) {
    const at = Number(exp) * 1000;
    if (earliest === null || at < earliest) earliest = at;
  }
  return earliest;
}

/** Asked again this long before a link expires (a tap in the last seconds still gets a live link). */
const MARGIN_MS = 60_000;
/** Never more often than this, whatever a link says (a clock set wrong, a very short lifetime). */
const AT_LEAST_MS = 10_000;

/** For `refetchInterval`: ms until the query must be asked again for fresh links; false when it holds none. */
export function refetchBeforeLinksExpire(data: unknown, now = Date.now()): number | false {
  const earliest = earliestLinkExpiry(data);
  return earliest === null ? false : Math.max(earliest - MARGIN_MS - now, AT_LEAST_MS);
}
