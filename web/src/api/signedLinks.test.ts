import { describe, expect, it } from 'vitest';
import { earliestLinkExpiry, refetchBeforeLinksExpire } from './signedLinks';

const link = (exp: number) => `/api/v1/files/f1?exp=${exp}&uid=u1&sid=s1&sig=abc`;

describe('pages keep their download links alive', () => {
  it('finds the earliest expiry of the signed links anywhere in an answer', () => {
    const answer = {
      versions: [{ fileUrl: link(2_000) }, { fileUrl: link(1_000) }],
      signedCopyUrl: link(3_000),
    };
    expect(earliestLinkExpiry(answer)).toBe(1_000_000);
    expect(earliestLinkExpiry({ title: 'exp=5 but no link', items: [] })).toBeNull();
    expect(earliestLinkExpiry(undefined)).toBeNull();
  });

  it('asks again a minute before the first link expires, never sooner than 10 s, and not without links', () => {
    const now = 1_000_000;
    expect(refetchBeforeLinksExpire({ url: link(now / 1000 + 600) }, now)).toBe(540_000);
    expect(refetchBeforeLinksExpire({ url: link(now / 1000 + 30) }, now)).toBe(10_000);
    expect(refetchBeforeLinksExpire({ url: link(now / 1000 - 30) }, now)).toBe(10_000);
    expect(refetchBeforeLinksExpire({ title: 'no links' }, now)).toBe(false);
  });
});
