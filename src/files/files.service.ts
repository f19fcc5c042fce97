import { HttpStatus, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { access, mkdir, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { type Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DataSource, type EntityManager } from 'typeorm';
import type {} from '@fastify/multipart';
import type { AuthUser } from '../common/auth/auth-user.js';
import { isAdmin } from '../common/auth/auth-user.js';
import { badRequest, DomainError, notFound } from '../common/errors/domain-error.js';
import { AppConfig } from '../config/app-config.js';
import { TransactionService } from '../database/transaction.service.js';
import { StoredFile } from './entities/stored-file.entity.js';
import type { UploadLimitsDto } from './dto/upload-limits.dto.js';
import {
  ALLOWED_UPLOAD_TYPES,
  checkUploadType,
  cleanFileName,
  SNIFF_BYTES,
  sniffMime,
  storageKeyFor,
} from './file-names.js';
import { isUuid } from '../common/uuid.js';

export interface ReadMultipartOptions {
  /** The form field that carries the file (default `file`). Any other file field is refused. */
  fileField?: string;
  /** A lower limit than UPLOAD_MAX_BYTES for this route (never a higher one). */
  maxBytes?: number;
  /** Refuse the request when it has no file (400 FILE_REQUIRED). */
  required?: boolean;
}

export interface MultipartResult<F> {
  file?: F;
  /** The text fields of the form (a repeated field keeps its last value). */
  fields: Record<string, string>;
}

export interface SaveBufferOptions {
  originalName: string;
  createdById: string | null;
  /** A text type the caller knows (e.g. text/markdown); the bytes still decide for binary formats. */
  mime?: string;
}

/** A file received from a request, hashed, before it is stored. */
interface Received {
  tempPath: string;
  sha256: string;
  size: number;
  head: Buffer;
  originalName: string;
  clientType: string;
}

const tooLarge = (max: number) =>
  new DomainError('FILE_TOO_LARGE', HttpStatus.PAYLOAD_TOO_LARGE, `The file is larger than ${max} bytes`, {
    maxBytes: max,
  });

/** Hashes, counts and keeps the first bytes of what flows through, without holding the rest. */
class HashingCounter extends Transform {
  readonly hash = createHash('sha256');
  size = 0;
  private readonly headChunks: Buffer[] = [];
  private headLength = 0;

  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.headLength < SNIFF_BYTES) {
      const part = chunk.subarray(0, SNIFF_BYTES - this.headLength);
      this.headChunks.push(Buffer.from(part));
      this.headLength += part.length;
    }
    done(null, chunk);
  }

  get head(): Buffer {
    return Buffer.concat(this.headChunks);
  }
}

/**
 * Uploads and downloads. Bytes live on local disk under FILES_DIR, content-addressed by SHA-256
 * (`ab/cd/<sha256>`), so one content is stored once however often it is uploaded; each upload is
 * its own `files` row (name, uploader, time). Uploads stream through the hash to a temp file: a file
 * is never held in memory. S3-compatible storage is not implemented (local disk only).
 */
@Injectable()
export class FilesService implements OnModuleInit {
  private readonly logger = new Logger(FilesService.name);
  private readonly root: string;
  private readonly tmpDir: string;

  constructor(
    private readonly config: AppConfig,
    private readonly tx: TransactionService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    this.root = resolve(config.FILES_DIR);
    this.tmpDir = join(this.root, 'tmp');
  }

  async onModuleInit(): Promise<void> {
    await mkdir(this.tmpDir, { recursive: true });
  }

  /** What an upload may be: the configured size limit and the accepted types' extensions. */
  limits(): UploadLimitsDto {
    return {
      maxBytes: this.config.UPLOAD_MAX_BYTES,
      extensions: [...new Set(Object.values(ALLOWED_UPLOAD_TYPES).flat())].sort(),
    };
  }

  /** True when the request is multipart/form-data (a route may accept JSON or a form). */
  isMultipart(request: FastifyRequest): boolean {
    return typeof request.isMultipart === 'function' && request.isMultipart();
  }

  /**
   * Reads a multipart form: its text fields and at most one file (from `fileField`), which is
   * streamed to storage while hashed, typed from its bytes, and recorded as a `files` row (its own
   * transaction, committed before this returns). Too large: 413 FILE_TOO_LARGE and nothing kept.
   */
  async readMultipart(
    request: FastifyRequest,
    opts: ReadMultipartOptions & { createdById?: string | null } = {},
  ): Promise<MultipartResult<StoredFile>> {
    const { received, fields } = await this.receiveForm(request, opts);
    if (!received) return { fields };
    try {
      const mime = await this.allowedTypeOf(received);
      const file = await this.store(received, opts.createdById ?? this.userIdOf(request), undefined, mime);
      return { file, fields };
    } finally {
      await this.removeQuietly(received.tempPath);
    }
  }

  /**
   * Reads a multipart form and only hashes its file, storing nothing (e.g. checking a file against
   * a signed document's SHA-256).
   */
  async hashMultipart(
    request: FastifyRequest,
    opts: ReadMultipartOptions = {},
  ): Promise<MultipartResult<{ sha256: string; size: number; originalName: string }>> {
    const { received, fields } = await this.receiveForm(request, opts);
    if (!received) return { fields };
    await this.removeQuietly(received.tempPath);
    return {
      file: { sha256: received.sha256, size: received.size, originalName: received.originalName },
      fields,
    };
  }

  /**
   * Stores bytes the server already holds (a text body, a generated export). The row is written in
   * `em` when given (the caller's transaction), else in a transaction of its own.
   */
  async saveBuffer(buffer: Buffer, opts: SaveBufferOptions, em?: EntityManager): Promise<StoredFile> {
    const tempPath = join(this.tmpDir, randomUUID());
    await writeFile(tempPath, buffer);
    try {
      const received: Received = {
        tempPath,
        sha256: createHash('sha256').update(buffer).digest('hex'),
        size: buffer.length,
        head: buffer.subarray(0, SNIFF_BYTES),
        originalName: cleanFileName(opts.originalName),
        clientType: opts.mime ?? '',
      };
      return await this.store(received, opts.createdById, em);
    } finally {
      await this.removeQuietly(tempPath);
    }
  }

  /** The row of a file, or null. */
  async get(fileId: string, em?: EntityManager): Promise<StoredFile | null> {
    if (!isUuid(fileId)) return null;
    return (em ?? this.dataSource.manager).findOneBy(StoredFile, { id: fileId });
  }

  /** The file's row and a stream of its bytes. 404 FILE_NOT_FOUND when there is no such file. */
  async open(fileId: string): Promise<{ stream: Readable; file: StoredFile }> {
    const file = await this.get(fileId);
    if (!file) throw notFound('FILE_NOT_FOUND', 'No such file');
    const path = this.pathOf(file.storageKey);
    try {
      await stat(path);
    } catch {
      this.logger.error(`file ${file.id}: content ${file.storageKey} is missing from storage`);
      throw notFound('FILE_CONTENT_MISSING', 'The file content is missing from storage');
    }
    return { stream: createReadStream(path), file };
  }

  /** Opens a file for a user of the files API: only its uploader or an admin; anyone else gets 404. */
  async openForUser(user: AuthUser, fileId: string): Promise<{ stream: Readable; file: StoredFile }> {
    const file = await this.get(fileId);
    if (!file || (file.createdById !== user.id && !isAdmin(user))) {
      throw notFound('FILE_NOT_FOUND', 'No such file');
    }
    return this.open(fileId);
  }

  /** SHA-256 (hex) of everything a stream yields. */
  async sha256OfStream(stream: Readable): Promise<string> {
    const hash = createHash('sha256');
    for await (const chunk of stream) hash.update(chunk as Buffer);
    return hash.digest('hex');
  }

  private userIdOf(request: FastifyRequest): string | null {
    return (request as FastifyRequest & { user?: AuthUser }).user?.id ?? null;
  }

  private pathOf(storageKey: string): string {
    return join(this.root, storageKey);
  }

  private async receiveForm(
    request: FastifyRequest,
    opts: ReadMultipartOptions,
  ): Promise<{ received?: Received; fields: Record<string, string> }> {
    if (!this.isMultipart(request)) {
      throw new DomainError(
        'MULTIPART_EXPECTED',
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        'Send the request as multipart/form-data',
      );
    }
    const fileField = opts.fileField ?? 'file';
    const maxBytes = Math.min(opts.maxBytes ?? this.config.UPLOAD_MAX_BYTES, this.config.UPLOAD_MAX_BYTES);
    const fields: Record<string, string> = {};
    let received: Received | undefined;
    try {
      // Busboy reads parameters as latin1 unless told: file names are UTF-8 (Khmer names).
      // (busboy supports `defParamCharset`; its type declarations lag behind.)
      const parts = request.parts({
        limits: { fileSize: maxBytes },
        defParamCharset: 'utf8',
      } as Parameters<FastifyRequest['parts']>[0]);
      for await (const part of parts) {
        if (part.type === 'field') {
          if (part.valueTruncated || part.fieldnameTruncated) {
            throw badRequest('FIELD_TOO_LONG', `Form field ${part.fieldname} is too long`);
          }
          fields[part.fieldname] = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
          continue;
        }
        if (part.fieldname !== fileField || received) {
          part.file.resume();
          throw badRequest('UNEXPECTED_FILE', `Only one file is accepted, in the field "${fileField}"`);
        }
        const tempPath = join(this.tmpDir, randomUUID());
        const counter = new HashingCounter();
        received = { tempPath, sha256: '', size: 0, head: Buffer.alloc(0), originalName: '', clientType: '' };
        await pipeline(part.file, counter, createWriteStream(tempPath));
        if (part.file.truncated) throw tooLarge(maxBytes);
        Object.assign(received, {
          sha256: counter.hash.digest('hex'),
          size: counter.size,
          head: counter.head,
          originalName: cleanFileName(part.filename),
          clientType: part.mimetype,
        });
        if (counter.size === 0) {
          await this.removeQuietly(tempPath);
          received = undefined;
          // A browser sends an empty, unnamed part for a file input left empty: that is "no file".
          if (part.filename) throw badRequest('FILE_EMPTY', 'The file is empty');
        }
      }
    } catch (err) {
      if (received) await this.removeQuietly(received.tempPath);
      throw this.toClientError(err, maxBytes);
    }
    if (!received && opts.required) throw badRequest('FILE_REQUIRED', `A file is required in "${fileField}"`);
    return { received, fields };
  }

  /** Multipart parser errors are the client's: map them to coded 4xx; storage errors stay 500. */
  private toClientError(err: unknown, maxBytes: number): unknown {
    if (err instanceof DomainError) return err;
    const e = err as { code?: string; statusCode?: number; syscall?: string; message?: string };
    if (e?.syscall) return err; // a disk problem of ours
    switch (e?.code) {
      case 'FST_REQ_FILE_TOO_LARGE':
        return tooLarge(maxBytes);
      case 'FST_FILES_LIMIT':
        return badRequest('UNEXPECTED_FILE', 'Only one file is accepted');
      case 'FST_PARTS_LIMIT':
      case 'FST_FIELDS_LIMIT':
        return new DomainError(
          'TOO_MANY_FIELDS',
          HttpStatus.PAYLOAD_TOO_LARGE,
          'The form has too many fields',
        );
      case 'FST_PROTO_VIOLATION':
      case 'FST_INVALID_JSON_FIELD_ERROR':
        return badRequest('MALFORMED_MULTIPART', e.message ?? 'Malformed form');
    }
    return badRequest('MALFORMED_MULTIPART', 'The multipart body could not be read');
  }

  /**
   * The type of an upload, from its bytes, when it is one of ALLOWED_UPLOAD_TYPES and its name
   * does not claim another: else 415 FILE_TYPE_NOT_ALLOWED or 400 FILE_TYPE_MISMATCH (#14.14).
   */
  private async allowedTypeOf(received: Received): Promise<string> {
    const check = await checkUploadType(received.tempPath, received.originalName);
    if (check.ok) return check.mime;
    if (check.code === 'FILE_TYPE_MISMATCH') {
      throw badRequest(
        'FILE_TYPE_MISMATCH',
        `The file's content (${check.mime}) does not match its name "${received.originalName}"`,
        { detected: check.mime },
      );
    }
    throw new DomainError(
      'FILE_TYPE_NOT_ALLOWED',
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      'Upload PDF, Word, Excel, PowerPoint, OpenDocument, JPEG, PNG or WebP files only',
      { detected: check.mime },
    );
  }

  /**
   * Moves a received temp file to its content address (once per content) and records the upload.
   * `knownMime`: the type already checked from the whole file; else it is sniffed from the head.
   */
  private async store(
    received: Received,
    createdById: string | null,
    em?: EntityManager,
    knownMime?: string,
  ): Promise<StoredFile> {
    const storageKey = storageKeyFor(received.sha256);
    const target = this.pathOf(storageKey);
    const exists = await access(target).then(
      () => true,
      () => false,
    );
    if (!exists) {
      await mkdir(dirname(target), { recursive: true });
      // Same file system: an atomic rename; a concurrent upload of the same bytes writes the same content.
      await rename(received.tempPath, target);
    }
    const mime =
      knownMime ??
      (await sniffMime(received.head, received.size > received.head.length, received.clientType));
    const insert = (m: EntityManager) =>
      m.save(
        m.create(StoredFile, {
          sha256: received.sha256,
          size: received.size,
          mime,
          originalName: received.originalName,
          storageKey,
          createdById,
        }),
      );
    return em ? insert(em) : this.tx.run(insert);
  }

  private async removeQuietly(path: string): Promise<void> {
    await unlink(path).catch(() => undefined);
  }
}
