/**
 * What the logs never show (#14.13): secrets in request URLs and in logged objects. The request
 * line logs the URL with these query parameters' values replaced; pino's `redact` removes the
 * paths below from every line.
 */
const SECRET_PARAM = /^sig$|token|password|passwd|secret|key|signature|session|auth|cookie|credential/i;

export const REDACTED = '[REDACTED]';

/** Paths that carry a secret themselves: Telegram's webhook (`/api/v1/telegram/webhook/<secret>`). */
const SECRET_PATH = /^(\/api\/v1\/telegram\/webhook\/)[^/?#]+/;

/** A request URL with the values of secret-looking query parameters (and path secrets) replaced by [REDACTED]. */
export function redactUrl(rawUrl: string): string {
  const url = rawUrl.replace(SECRET_PATH, `$1${REDACTED}`);
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      let name = rawName;
      try {
        name = decodeURIComponent(rawName.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as written.
      }
      return eq >= 0 && SECRET_PARAM.test(name) ? `${rawName}=${REDACTED}` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
}

/** pino `redact` paths: headers and body fields that carry credentials, wherever a line holds them. */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  'headers["set-cookie"]',
  'req.body.password',
  'req.body.refreshToken',
  'password',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  '*.password',
  '*.newPassword',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.authorization',
  '*.cookie',
];
