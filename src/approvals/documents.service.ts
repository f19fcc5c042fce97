import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, type EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service.js';
import type { AuditEntryDto } from '../audit/dto/audit.dto.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { badRequest, conflict, forbidden, notFound } from '../common/errors/domain-error.js';
import { jsonShapeError, jsonShapeProblem } from '../common/http/json-body.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { createValidationPipe } from '../common/http/validation.js';
import { TransactionService } from '../database/transaction.service.js';
import type { StoredFile } from '../files/entities/stored-file.entity.js';
import { FilesService } from '../files/files.service.js';
import { OrgService } from '../org/org.service.js';
import { ApprovalsAccess } from './approvals-access.js';
import { DocumentViewsService } from './document-views.service.js';
import { DocumentSubjects } from './document-subjects.js';
import {
  CreateDocumentDto,
  CreateVersionDto,
  type DocumentDto,
  type DocumentListQueryDto,
  type DocumentSummaryDto,
} from './dto/document.dto.js';
import { DocumentVersion } from './entities/document-version.entity.js';
import { Document } from './entities/document.entity.js';
import { isUuid } from '../common/uuid.js';
import { documentEntry } from './document-audit.js';

const TEXT_MIME = 'text/plain';

/** The types a text body may be served as, with the extension of its download; anything else is text/plain. */
const TEXT_BODY_EXTENSIONS: Readonly<Record<string, string>> = {
  'text/plain': 'txt',
  'text/html': 'html',
  'text/csv': 'csv',
  'text/markdown': 'md',
  'application/json': 'json',
};

/** Validates a plain object against a DTO exactly as the global pipe validates a JSON body. */
async function validateAs<T extends object>(cls: new () => T, value: unknown): Promise<T> {
  return (await createValidationPipe().transform(value ?? {}, { type: 'body', metatype: cls })) as T;
}

export interface Content {
  file?: StoredFile;
  body?: string;
  /** The type of a text body (default text/plain), e.g. text/html for printable minutes. */
  bodyMime?: string;
  bodyFileName?: string;
  /** The content of the version before (a version that only corrects the metadata). */
  keep?: true;
}

/** A JSON request's content is its text body, which it must then carry (`what`: "A document"...). */
function withBody<T extends { body?: string }>(dto: T, what: string): { dto: T; content: Content } {
  if (!dto.body) {
    throw badRequest('CONTENT_REQUIRED', `${what} needs a file (multipart) or a text body`, [
      { field: 'body', problems: ['body is required when no file is sent'] },
    ]);
  }
  return { dto, content: { body: dto.body } };
}

function bodyContent(body: string) {
  const bytes = Buffer.from(body, 'utf8');
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length };
}

/** Documents and their versions: create, revise, read, list, download. */
@Injectable()
export class DocumentsService {
  constructor(
    private readonly tx: TransactionService,
    private readonly files: FilesService,
    private readonly org: OrgService,
    private readonly access: ApprovalsAccess,
    private readonly views: DocumentViewsService,
    private readonly audit: AuditService,
    private readonly subjects: DocumentSubjects,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Reads POST /documents: a multipart form (file + fields, metadata as JSON text) or JSON with `body`. */
  async readCreate(
    request: FastifyRequest,
    user: AuthUser,
  ): Promise<{ dto: CreateDocumentDto; content: Content }> {
    if (this.files.isMultipart(request)) {
      const { file, plain } = await this.readForm(request, user);
      if ('body' in plain)
        throw badRequest('VALIDATION_FAILED', 'Send either a file or a body', [
          { field: 'body', problems: ['a multipart request carries the content as its file'] },
        ]);
      return { dto: await validateAs(CreateDocumentDto, plain), content: { file } };
    }
    return withBody(await validateAs(CreateDocumentDto, request.body), 'A document');
  }

  async readVersion(
    request: FastifyRequest,
    user: AuthUser,
  ): Promise<{ dto: CreateVersionDto; content: Content }> {
    if (this.files.isMultipart(request)) {
      const { file, plain } = await this.readForm(request, user);
      return { dto: await validateAs(CreateVersionDto, plain), content: { file } };
    }
    const dto = await validateAs(CreateVersionDto, request.body);
    // Only the details corrected (the amount the approver asked about): the same file or text.
    if (!dto.body && dto.metadata) return { dto, content: { keep: true } };
    return withBody(dto, 'A version');
  }

  /** A multipart form's file (required) and its fields, the metadata parsed from its JSON text. */
  private async readForm(
    request: FastifyRequest,
    user: AuthUser,
  ): Promise<{ file?: StoredFile; plain: Record<string, unknown> }> {
    const { file, fields } = await this.files.readMultipart(request, {
      required: true,
      createdById: user.id,
    });
    const plain: Record<string, unknown> = { ...fields };
    if (fields.metadata !== undefined) plain.metadata = parseJsonField('metadata', fields.metadata);
    return { file, plain };
  }

  /** A draft issued by one of the user's units (the default: their own unit; #14.9). */
  async create(user: AuthUser, dto: CreateDocumentDto, content: Content): Promise<DocumentDto> {
    return this.tx.run(async (em) => {
      if (dto.orgUnitId) {
        await this.requireUnit(em, dto.orgUnitId);
        await this.access.assertIssuer(em, user.id, dto.orgUnitId);
      }
      return this.views.detail(em, await this.createIn(em, user.id, dto, content), user);
    });
  }

  private async requireUnit(em: EntityManager, orgUnitId: string): Promise<void> {
    if (!(await this.org.getUnit(orgUnitId, em))) {
      throw badRequest('ORG_UNIT_NOT_FOUND', 'No such org unit', [
        { field: 'orgUnitId', problems: ['no such unit'] },
      ]);
    }
  }

  /** A draft with version 1, in the caller's transaction (other modules use it through ApprovalsGateway). */
  async createIn(
    em: EntityManager,
    submitterId: string,
    dto: Omit<CreateDocumentDto, 'body'>,
    content: Content,
  ): Promise<Document> {
    const orgUnitId = dto.orgUnitId ?? (await this.org.unitOfUser(submitterId, em));
    if (!orgUnitId) {
      throw badRequest('ORG_UNIT_REQUIRED', 'Name the issuing unit (orgUnitId): you belong to none');
    }
    await this.requireUnit(em, orgUnitId);
    const doc = await em.save(
      em.create(Document, {
        title: dto.title.trim(),
        documentType: dto.documentType,
        orgUnitId,
        classification: dto.classification ?? 'internal',
        metadata: dto.metadata ?? {},
        status: 'draft',
        submitterId,
        currentVersionNo: 1,
        dueAt: dto.dueAt ? new Date(dto.dueAt) : null,
      }),
    );
    const version = await this.saveVersion(em, doc, 1, { id: submitterId }, content, null);
    await this.audit.append(
      em,
      documentEntry(doc.id, 'document.created', submitterId, {
        title: doc.title,
        documentType: doc.documentType,
        classification: doc.classification,
        sha256: version.sha256,
      }),
    );
    return doc;
  }

  /** A new version: only by the submitter, only while the document is a draft or returned. */
  async addVersion(
    user: AuthUser,
    id: string,
    dto: CreateVersionDto,
    content: Content,
  ): Promise<DocumentDto> {
    return this.tx.run(async (em) => {
      const doc = await this.access.visibleDocument(em, user, id, true);
      if (doc.submitterId !== user.id) throw forbidden('NOT_SUBMITTER', 'Only the submitter adds versions');
      await this.subjects.assertNotOwned(em, doc);
      await this.addVersionIn(em, doc, user.id, content, dto);
      return this.views.detail(em, doc, user);
    });
  }

  /**
   * A new version of a document locked in the caller's transaction (its owner module's, through
   * ApprovalsGateway, or the route's above): only while it is a draft or returned.
   */
  async addVersionIn(
    em: EntityManager,
    doc: Document,
    actorId: string,
    content: Content,
    change: { metadata?: Record<string, unknown>; note?: string | null },
  ): Promise<void> {
    if (doc.status !== 'draft' && doc.status !== 'returned') {
      throw conflict('DOCUMENT_NOT_EDITABLE', `A document in status '${doc.status}' takes no new version`, {
        status: doc.status,
      });
    }
    const no = doc.currentVersionNo + 1;
    if (change.metadata) doc.metadata = change.metadata;
    doc.currentVersionNo = no;
    await em.save(doc);
    const version = await this.saveVersion(em, doc, no, { id: actorId }, content, change.note ?? null);
    await this.audit.append(
      em,
      documentEntry(doc.id, 'document.version_added', actorId, {
        versionNo: no,
        sha256: version.sha256,
        note: change.note ?? null,
      }),
    );
  }

  private async saveVersion(
    em: EntityManager,
    doc: Document,
    no: number,
    user: { id: string },
    content: Content,
    note: string | null,
  ): Promise<DocumentVersion> {
    const common = { documentId: doc.id, no, authorId: user.id, note, metadataSnapshot: doc.metadata ?? {} };
    if (content.keep) {
      const before = await em.findOneByOrFail(DocumentVersion, { documentId: doc.id, no: no - 1 });
      const { fileId, body, sha256, size, mime, fileName } = before;
      return em.save(em.create(DocumentVersion, { ...common, fileId, body, sha256, size, mime, fileName }));
    }
    if (content.file) {
      const f = content.file;
      return em.save(
        em.create(DocumentVersion, {
          ...common,
          fileId: f.id,
          body: null,
          sha256: f.sha256,
          size: f.size,
          mime: f.mime,
          fileName: f.originalName,
        }),
      );
    }
    const { sha256, size } = bodyContent(content.body!);
    return em.save(
      em.create(DocumentVersion, {
        ...common,
        fileId: null,
        body: content.body!,
        sha256,
        size,
        mime: content.bodyMime ?? TEXT_MIME,
        fileName: content.bodyFileName ?? null,
      }),
    );
  }

  async get(user: AuthUser, id: string): Promise<DocumentDto> {
    const em = this.dataSource.manager;
    const doc = await this.access.visibleDocument(em, user, id);
    return this.views.detail(em, doc, user);
  }

  /**
   * The bytes of a version: its file, or its text body with the type it was given (a module's
   * printable HTML, e.g. minutes, is `.html`; a typed body `.txt`), named after the reference number.
   */
  async versionContent(
    user: AuthUser,
    id: string,
    no: number,
  ): Promise<{
    file?: { stream: Readable; file: StoredFile };
    text?: { body: string; fileName: string; mime: string };
  }> {
    const em = this.dataSource.manager;
    const doc = await this.access.visibleDocument(em, user, id);
    const version = await em.findOneBy(DocumentVersion, { documentId: doc.id, no });
    if (!version) throw notFound('VERSION_NOT_FOUND', 'No such version');
    if (version.fileId) return { file: await this.files.open(version.fileId) };
    const base = (doc.referenceNumber ?? doc.title).replace(/[\\/:*?"<>|]+/g, '-').slice(0, 100);
    const mime = TEXT_BODY_EXTENSIONS[version.mime] ? version.mime : 'text/plain';
    return {
      text: { body: version.body ?? '', fileName: `${base}-v${no}.${TEXT_BODY_EXTENSIONS[mime]}`, mime },
    };
  }

  async auditTrail(
    user: AuthUser,
    id: string,
    limit?: number,
    cursor?: string,
  ): Promise<Page<AuditEntryDto>> {
    const doc = await this.access.visibleDocument(this.dataSource.manager, user, id);
    return this.audit.list({ stream: `document:${doc.id}`, limit: limit ?? 100, cursor });
  }

  /**
   * Boxes: `mine` (I submitted), `inbox` (a task of mine waits), `decided` (I decided a task).
   * Newest first, keyset paged. `search` matches substrings of the title or reference number (trigram index).
   */
  async list(user: AuthUser, q: DocumentListQueryDto): Promise<Page<DocumentSummaryDto>> {
    const limit = q.limit ?? 50;
    const cursor = decodeCursor<[string, string]>(q.cursor, 2);
    const params: unknown[] = [user.id];
    const where: string[] = [];
    const box = q.box ?? 'mine';
    if (box === 'mine') where.push('d.submitter_id = $1');
    else if (box === 'inbox')
      where.push(
        `EXISTS (SELECT 1 FROM approval_tasks t WHERE t.document_id = d.id AND t.assignee_id = $1 AND t.status = 'pending')`,
      );
    else
      where.push(
        // Decided by me, or by my delegate for me: the approver answers for both (both are signed in their name).
        `EXISTS (SELECT 1 FROM approval_tasks t WHERE t.document_id = d.id AND (t.assignee_id = $1 OR t.acting_for_id = $1) AND t.decided_at IS NOT NULL AND t.status <> 'cancelled')`,
      );
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (q.status) add('d.status = ?', q.status);
    if (q.type) add('d.document_type = ?', q.type);
    if (q.orgUnitId) add('d.org_unit_id = ?', q.orgUnitId);
    if (q.search) {
      const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      params.push(like);
      where.push(`(d.title ILIKE $${params.length} OR d.reference_number ILIKE $${params.length})`);
    }
    if (cursor) {
      if (!validCursor(cursor)) throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
      params.push(cursor[0], cursor[1]);
      where.push(`(d.created_at, d.id) < ($${params.length - 1}::timestamptz, $${params.length}::uuid)`);
    }
    params.push(limit + 1);
    const rows: { id: string; c: string }[] = await this.dataSource.query(
      `SELECT d.id, d.created_at::text AS c FROM documents d WHERE ${where.join(' AND ')}
       ORDER BY d.created_at DESC, d.id DESC LIMIT $${params.length}`,
      params,
    );
    const docs = rows.length
      ? await this.dataSource.manager.findBy(Document, { id: In(rows.map((r) => r.id)) })
      : [];
    const byId = new Map(docs.map((d) => [d.id, d]));
    const found = rows.filter((r) => byId.has(r.id)).map((r) => ({ doc: byId.get(r.id)!, c: r.c }));
    const page = toPage(found, limit, (r) => [r.c, r.doc.id]);
    const items = page.items.map((r) => this.views.summary(r.doc));
    if (box === 'decided') await this.markDecidedForYou(user, items);
    return { items, nextCursor: page.nextCursor };
  }

  /**
   * In the list of what one decided, those a delegate decided for them (and they did nothing of)
   * name that delegate: the approver answers for them, and the list said nothing of who acted.
   */
  private async markDecidedForYou(user: AuthUser, items: DocumentSummaryDto[]): Promise<void> {
    if (!items.length) return;
    const em = this.dataSource.manager;
    const rows = await em.query<{ document_id: string; assignee_id: string }[]>(
      `SELECT DISTINCT ON (t.document_id) t.document_id, t.assignee_id
         FROM approval_tasks t
        WHERE t.document_id = ANY($1::uuid[]) AND t.acting_for_id = $2
          AND t.decided_at IS NOT NULL AND t.status <> 'cancelled'
          AND NOT EXISTS (
            SELECT 1 FROM approval_tasks m
             WHERE m.document_id = t.document_id AND m.assignee_id = $2
               AND m.decided_at IS NOT NULL AND m.status <> 'cancelled')
        ORDER BY t.document_id, t.decided_at DESC`,
      [items.map((d) => d.id), user.id],
    );
    const people = await this.views.people(em, [...new Set(rows.map((r) => r.assignee_id))]);
    const by = new Map(rows.map((r) => [r.document_id, people.get(r.assignee_id) ?? null]));
    for (const item of items) item.decidedForYouBy = by.get(item.id) ?? null;
  }
}

function parseJsonField(field: string, text: string): unknown {
  const problem = jsonShapeProblem(text);
  if (problem) throw jsonShapeError(problem);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRequest('VALIDATION_FAILED', 'Request validation failed', [
      { field, problems: [`${field} must be a JSON object`] },
    ]);
  }
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?$/;

function validCursor(c: [string, string]): boolean {
  return typeof c[0] === 'string' && CURSOR_TIME.test(c[0]) && isUuid(c[1]);
}
