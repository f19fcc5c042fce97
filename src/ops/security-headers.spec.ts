import { helmetHeaders } from './security-headers.js';

describe('security headers', () => {
  it("are helmet's, computed once", () => {
    const headers = helmetHeaders({ contentSecurityPolicy: { directives: { defaultSrc: ["'self'"] } } });
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(headers['strict-transport-security']).toMatch(/max-age=\d+/);
    expect(headers['content-security-policy']).toMatch(/^default-src 'self'/);
    expect(headers['referrer-policy']).toBe('no-referrer');
  });
});
