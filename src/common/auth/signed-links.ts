import { Injectable, Module } from '@nestjs/common';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppConfig } from '../../config/app-config.js';
import { forbidden, unauthorized } from '../errors/domain-error.js';
import { isUuid } from '../uuid.js';

/** The query parameters of a signed link. */
export const SIGNED_LINK_PARAMS = ['exp', 'uid', 'sid', 'sig'] as const;

/**
 * Short-lived links to downloads (files, printable pages, images) that a browser opens without an
 * `Authorization` header: a click, a new tab, "save as", an `<img src>`. A link names its path,
 * its expiry, the user it was made for and their login (session), signed with HMAC-SHA256:
 * `/api/v1/documents/:id/versions/1/file?exp=<unix seconds>&uid=<user id>&sid=<session id>&sig=<base64url>`.
 * The route then runs as that user (the guard loads the account, the handler checks access as for
 * a bearer request), so a link never opens more than its user may see, and stops working when the
 * account is disabled or that login ends (sign-out). Only routes declared `@AuthenticatedOrSignedLink()` accept one.
 *
 * The key is DOWNLOAD_LINK_SECRET, or one derived from JWT_SECRET (so every API process agrees).
 */
@Injectable()
export class SignedLinks {
  private readonly key: Buffer;
  readonly ttlSeconds: number;

  constructor(config: AppConfig) {
    this.key = config.DOWNLOAD_LINK_SECRET
      ? Buffer.from(config.DOWNLOAD_LINK_SECRET, 'utf8')
      : createHmac('sha256', config.JWT_SECRET).update('mwf signed download links v1').digest();
    this.ttlSeconds = config.DOWNLOAD_LINK_TTL_SECONDS;
  }

  /** `path` (absolute, e.g. `/api/v1/files/<id>`, no query) signed for `user`'s login until now + TTL. */
  sign(path: string, user: { id: string; sessionId: string }, now = Date.now()): string {
    const exp = Math.floor(now / 1000) + this.ttlSeconds;
    const query = new URLSearchParams({
      exp: String(exp),
      uid: user.id,
      sid: user.sessionId,
      sig: this.signature(path, exp, user.id, user.sessionId),
    });
    return `${path}?${query.toString()}`;
  }

  /**
   * The user a signed request was made for. 401 LINK_EXPIRED once past its expiry; 403 LINK_INVALID
   * for a malformed, tampered, or other path's or user's signature.
   */
  verify(
    path: string,
    query: Record<string, unknown>,
    now = Date.now(),
  ): { userId: string; sessionId: string; issuedAt: number } {
    const { exp, uid, sid, sig } = query;
    const invalid = () =>
      forbidden('LINK_INVALID', 'This download link is not valid: open it again from its page');
    if (
      typeof exp !== 'string' ||
      typeof uid !== 'string' ||
      typeof sid !== 'string' ||
      typeof sig !== 'string'
    )
      throw invalid();
    if (!/^\d{1,12}$/.test(exp) || !isUuid(uid) || !isUuid(sid) || !/^[\w-]{43}$/.test(sig)) throw invalid();
    // The text of the signature, not its decoded bytes: the last base64url character carries two
    // unused bits, so another character there decodes to the same bytes (a changed link that passed).
    const expected = Buffer.from(this.signature(path, Number(exp), uid, sid), 'ascii');
    const given = Buffer.from(sig, 'ascii');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalid();
    if (Number(exp) * 1000 <= now) {
      throw unauthorized('LINK_EXPIRED', 'This download link has expired: open it again from its page');
    }
    return { userId: uid, sessionId: sid, issuedAt: Number(exp) - this.ttlSeconds };
  }

  private signature(path: string, exp: number, userId: string, sessionId: string): string {
    return createHmac('sha256', this.key)
      .update(`${path}\n${exp}\n${userId}\n${sessionId}`)
      .digest('base64url');
  }
}

/** SignedLinks for every module (the guard, and the services that put links into their answers). */
@Module({ providers: [SignedLinks], exports: [SignedLinks] })
export class SignedLinksModule {}
