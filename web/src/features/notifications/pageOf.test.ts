import { describe, expect, it } from 'vitest';
import { pageOf } from './NotificationList';

describe('the page a notification opens', () => {
  it('is the app page its link names, on this site only', () => {
    expect(pageOf(`${window.location.origin}/documents/abc`)).toBe('/documents/abc');
    expect(pageOf('/meetings/m1')).toBe('/meetings/m1');
    expect(pageOf('https://elsewhere.example/documents/abc')).toBeNull();
    expect(pageOf(null)).toBeNull();
  });
  it('maps an older API link to the subject page', () => {
    expect(pageOf('/api/v1/documents/abc')).toBe('/documents/abc');
    expect(pageOf('/api/v1/elections/e1')).toBe('/elections/e1');
  });
});
