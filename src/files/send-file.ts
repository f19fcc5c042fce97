import type { Readable } from 'node:stream';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { StoredFile } from './entities/stored-file.entity.js';
import { contentDisposition } from './file-names.js';

export interface SendFileOptions {
  /** `attachment` (default) makes browsers download; `inline` lets them show images and PDFs. */
  disposition?: 'attachment' | 'inline';
  /** The name the client sees; defaults to the uploaded name. */
  fileName?: string;
}

/**
 * Answers a download: exact type and length, RFC 5987 file name (Khmer names survive), the SHA-256
 * as a strong ETag (304 on a matching If-None-Match), and `nosniff` so a browser never reinterprets
 * the bytes. Use from a controller method that takes `@Res() reply` (and `@Req() request` for 304s).
 */
export function sendStoredFile(
  reply: FastifyReply,
  opened: { stream: Readable; file: StoredFile },
  options: SendFileOptions = {},
  request?: FastifyRequest,
): FastifyReply {
  const { file, stream } = opened;
  const etag = `"${file.sha256}"`;
  const type = file.mime.startsWith('text/') ? `${file.mime}; charset=utf-8` : file.mime;
  void reply
    .header('content-type', type)
    .header(
      'content-disposition',
      contentDisposition(options.fileName ?? file.originalName, options.disposition),
    )
    .header('etag', etag)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-cache');
  const ifNoneMatch = request?.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(',').some((t) => t.trim() === etag || t.trim() === '*')) {
    stream.destroy();
    return reply.status(304).send();
  }
  return reply.header('content-length', String(file.size)).send(stream);
}
