import { createHash, randomBytes } from 'node:crypto';
import { readdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import multipart from '@fastify/multipart';
import Fastify from 'fastify';
import { FilesService } from '../../src/files/files.service.js';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { dispositionName } from '../support/content-disposition.js';

const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cfc0f01f0005000201a0e2d0b40000000049454e44ae426082',
  'hex',
);
const KHMER_NAME = 'ក្រសួងប្រៃសណីយ៍និងទូរគមនាគមន៍ របាយការណ៍.pdf';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** A small PDF, made unique by `tag` (a blob per test). */
const pdf = (tag = '') =>
  Buffer.from(`%PDF-1.4\n% ${tag}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`, 'utf8');

/** A ZIP archive of uncompressed entries (enough for type detection: local headers in order). */
function zip(entries: [string, string][]): Buffer {
  const parts: Buffer[] = [];
  for (const [name, text] of entries) {
    const data = Buffer.from(text);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt32LE(data.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(Buffer.byteLength(name), 26);
    parts.push(header, Buffer.from(name), data);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  return Buffer.concat([...parts, end]);
}

const DOCX = zip([
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
  ],
  ['word/document.xml', '<w:document/>'],
]);
const ODT = zip([
  ['mimetype', 'application/vnd.oasis.opendocument.text'],
  ['content.xml', '<office:document-content/>'],
]);
const JPEG = Buffer.concat([Buffer.from('ffd8ffe000104a46494600010100000100010000', 'hex'), randomBytes(64)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([36, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  randomBytes(28),
]);
/** An OLE2 compound file (legacy Office, also .msi installers): the header, then `streams` as names in UTF-16. */
const cfb = (...streams: string[]) =>
  Buffer.concat([
    Buffer.from('d0cf11e0a1b11ae1', 'hex'),
    Buffer.alloc(504),
    ...streams.map((n) => Buffer.concat([Buffer.from(n, 'utf16le'), Buffer.alloc(64 - n.length * 2)])),
    Buffer.alloc(1024),
  ]);
const EXE = Buffer.concat([
  Buffer.from('4d5a90000300000004000000ffff0000', 'hex'),
  Buffer.alloc(48),
  randomBytes(256),
]);
const ELF = Buffer.concat([Buffer.from('7f454c46020101000000000000000000', 'hex'), randomBytes(256)]);

function form(content: Buffer | string, name: string, type = 'application/octet-stream', field = 'file') {
  const fd = new FormData();
  fd.append(field, new Blob([content], { type }), name);
  return fd;
}

/** Every file under a directory, recursively (relative paths). */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Decodes `filename*=UTF-8''…` of a Content-Disposition header. */
describe('files', () => {
  let t: TestApp;
  let user: { token: string; user: { id: string } };
  let other: { token: string };
  let filesDir: string;

  beforeAll(async () => {
    t = await createTestApp({ UPLOAD_MAX_BYTES: String(4 * 1024 * 1024) });
    filesDir = resolve(t.config.FILES_DIR);
    user = await createUserWithToken(t);
    other = await createUserWithToken(t);
  });
  afterAll(async () => {
    await t.close();
    await rm(filesDir, { recursive: true, force: true });
  });

  const fileCount = async () => Number((await t.dataSource.query('SELECT count(*) AS n FROM files'))[0].n);

  it('stores an upload with its SHA-256 and gives the same bytes back', async () => {
    // over the 1 MB JSON body limit: streamed, not buffered
    const content = Buffer.concat([pdf(), randomBytes(3 * 1024 * 1024)]);
    const res = await t.post('/api/v1/files', form(content, 'data.pdf'), { token: user.token });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      sha256: sha256(content),
      size: content.length,
      originalName: 'data.pdf',
    });
    expect(res.body).not.toHaveProperty('storageKey');

    const download = await fetch(`${t.baseUrl}/api/v1/files/${res.body.id}`, {
      headers: { authorization: `Bearer ${user.token}` },
    });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(sha256(bytes)).toBe(sha256(content));
    expect(download.headers.get('content-length')).toBe(String(content.length));
    expect(download.headers.get('etag')).toBe(`"${sha256(content)}"`);
    expect(download.headers.get('x-content-type-options')).toBe('nosniff');
    expect(download.headers.get('content-disposition')).toMatch(/^attachment; /);
  });

  it('round-trips a Khmer file name, in the metadata and in Content-Disposition', async () => {
    const pdf = Buffer.from('%PDF-1.4\n%âãÏÓ\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n', 'latin1');
    const res = await t.post('/api/v1/files', form(pdf, KHMER_NAME, 'application/pdf'), {
      token: user.token,
    });
    expect(res.status).toBe(201);
    expect(res.body.originalName).toBe(KHMER_NAME);
    expect(res.body.mime).toBe('application/pdf');

    const download = await t.get(`/api/v1/files/${res.body.id}`, { token: user.token });
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('application/pdf');
    expect(dispositionName(download.headers['content-disposition'])).toBe(KHMER_NAME);
    // The plain filename= fallback is ASCII only.
    expect(download.headers['content-disposition']).toMatch(/filename="[\x20-\x7e]*"/);
  });

  it('types a file from its bytes, not from what the client claims', async () => {
    const png = await t.post('/api/v1/files', form(PNG, 'photo.png', 'text/plain'), { token: user.token });
    expect(png.status).toBe(201);
    expect(png.body.mime).toBe('image/png');
    // A text body the server stores (a document's JSON `body`) is served as UTF-8 text.
    const files = t.service<FilesService>(FilesService);
    const text = await files.saveBuffer(Buffer.from('សុខ ស៊ាន'), {
      originalName: 'note.txt',
      createdById: user.user.id,
    });
    expect(text.mime).toBe('text/plain');
    const download = await t.get(`/api/v1/files/${text.id}`, { token: user.token });
    expect(download.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(download.raw).toBe('សុខ ស៊ាន');
  });

  it('#14.14 uploads are what they claim: the allowed types pass, typed from their bytes', async () => {
    const allowed: [Buffer, string, string][] = [
      [pdf('allowed'), 'ផែនការ.pdf', 'application/pdf'],
      [PNG, 'រូបថត.png', 'image/png'],
      [JPEG, 'photo.JPG', 'image/jpeg'],
      [WEBP, 'photo.webp', 'image/webp'],
      [DOCX, 'letter.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'],
      [ODT, 'letter.odt', 'application/vnd.oasis.opendocument.text'],
      [cfb('Root Entry', 'WordDocument'), 'old letter.doc', 'application/msword'],
      [cfb('Root Entry', 'Workbook'), 'budget.xls', 'application/vnd.ms-excel'],
      [pdf('no extension'), 'scan', 'application/pdf'],
    ];
    for (const [bytes, name, mime] of allowed) {
      const res = await t.post('/api/v1/files', form(bytes, name), { token: user.token });
      expect({ name, status: res.status, mime: res.body.mime }).toEqual({ name, status: 201, mime });
    }
  });

  it('#14.14 uploads are what they claim: other types and mismatched names are refused, nothing kept', async () => {
    const before = await fileCount();
    const blobsBefore = await listFiles(filesDir);
    const refused: [Buffer | string, string, number, string][] = [
      [EXE, 'report.pdf', 415, 'FILE_TYPE_NOT_ALLOWED'],
      [ELF, 'report.pdf', 415, 'FILE_TYPE_NOT_ALLOWED'],
      [cfb('Root Entry', 'SummaryInformation'), 'setup.doc', 415, 'FILE_TYPE_NOT_ALLOWED'],
      [zip([['payload.js', 'alert(1)']]), 'archive.docx', 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['<script>alert(1)</script>', 'x.html', 415, 'FILE_TYPE_NOT_ALLOWED'],
      ['សុខ ស៊ាន', 'note.txt', 415, 'FILE_TYPE_NOT_ALLOWED'],
      [PNG, 'photo.pdf', 400, 'FILE_TYPE_MISMATCH'],
      [pdf('mismatch'), 'invoice.exe', 400, 'FILE_TYPE_MISMATCH'],
      [pdf('bidi'), 'invoice\u202Efdp.exe', 400, 'FILE_TYPE_MISMATCH'],
      [cfb('Root Entry', 'WordDocument'), 'letter.xls', 400, 'FILE_TYPE_MISMATCH'],
    ];
    for (const [bytes, name, status, code] of refused) {
      const res = await t.post('/api/v1/files', form(bytes, name), { token: user.token });
      expect({ name, status: res.status, code: res.body.code }).toEqual({ name, status, code });
    }
    expect(await fileCount()).toBe(before);
    expect(await listFiles(filesDir)).toEqual(blobsBefore);
    expect(await listFiles(join(filesDir, 'tmp'))).toEqual([]);
  });

  it('#14.14 the stored name is cleaned: no bidi controls, control characters or path parts', async () => {
    const res = await t.post(
      '/api/v1/files',
      form(pdf('name'), '..\\..\\etc/ផែនការ\u202E\u2066\u200F\u0007 ថវិកា.pdf'),
      { token: user.token },
    );
    expect(res.status).toBe(201);
    expect(res.body.originalName).toBe('ផែនការ ថវិកា.pdf');
    // Khmer needs its zero-width spaces, joiners and non-joiners: they stay.
    const khmer = await t.post('/api/v1/files', form(pdf('zw'), 'ក\u200Bខ\u200Cគ\u200Dឃ.pdf'), {
      token: user.token,
    });
    expect(khmer.body.originalName).toBe('ក\u200Bខ\u200Cគ\u200Dឃ.pdf');
  });

  it('refuses a file over the limit with 413 and keeps nothing', async () => {
    const before = await fileCount();
    const blobsBefore = await listFiles(filesDir);
    const res = await t.post('/api/v1/files', form(randomBytes(5 * 1024 * 1024), 'big.bin'), {
      token: user.token,
    });
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ statusCode: 413, code: 'FILE_TOO_LARGE' });
    // The limit, for the page to say (it said only "too large").
    expect(res.body.details).toEqual({ maxBytes: expect.any(Number) });
    expect(await fileCount()).toBe(before);
    expect(await listFiles(filesDir)).toEqual(blobsBefore);
    expect(await listFiles(join(filesDir, 'tmp'))).toEqual([]);
  });

  it('says what an upload may be to the signed in, so the app can say it before sending a file', async () => {
    expect((await t.get('/api/v1/files/limits')).status).toBe(401);
    const res = await t.get('/api/v1/files/limits', { token: user.token });
    expect(res.status).toBe(200);
    // The configured limit (4 MB in this suite, 25 MB by default), which the 413 above enforces.
    expect(res.body.maxBytes).toBe(4 * 1024 * 1024);
    expect(res.body.extensions).toEqual(expect.arrayContaining(['pdf', 'docx', 'jpg', 'jpeg', 'png', 'odt']));
    expect(res.body.extensions).not.toContain('exe');
    expect(new Set(res.body.extensions).size).toBe(res.body.extensions.length);
  });

  it('reads the fields of a form for other modules, with a per-route limit and file field', async () => {
    // A route of another module, on its own Fastify instance, calling the service as they would.
    const files = t.service<FilesService>(FilesService);
    const server = Fastify();
    await server.register(multipart, { limits: { fileSize: t.config.UPLOAD_MAX_BYTES } });
    server.post('/form', async (request, reply) => {
      try {
        return await files.readMultipart(request, { fileField: 'doc', maxBytes: 2048, createdById: null });
      } catch (err) {
        const e = err as { status: number; code: string };
        return reply.status(e.status).send({ code: e.code });
      }
    });
    await server.listen({ port: 0, host: '127.0.0.1' });
    try {
      const url = `http://127.0.0.1:${(server.server.address() as { port: number }).port}/form`;
      const small = pdf('small');
      const ok = form(small, 'ឯកសារ.pdf', 'application/pdf', 'doc');
      ok.append('title', 'សុខ ស៊ាន');
      ok.append('documentType', 'letter');
      const res = await fetch(url, { method: 'POST', body: ok });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { file: { originalName: string; size: number }; fields: object };
      expect(body.fields).toEqual({ title: 'សុខ ស៊ាន', documentType: 'letter' });
      expect(body.file).toMatchObject({ originalName: 'ឯកសារ.pdf', size: small.length });

      const fieldsOnly = new FormData();
      fieldsOnly.append('title', 'x');
      const noFile = await fetch(url, { method: 'POST', body: fieldsOnly });
      expect(await noFile.json()).toEqual({ fields: { title: 'x' } });

      const before = await fileCount();
      const big = await fetch(url, {
        method: 'POST',
        body: form(randomBytes(4096), 'big.bin', undefined, 'doc'),
      });
      expect(big.status).toBe(413);
      expect(await big.json()).toEqual({ code: 'FILE_TOO_LARGE' });
      expect(await fileCount()).toBe(before);
    } finally {
      await server.close();
    }
  });

  it('stores one blob for the same content uploaded twice, with a row per upload', async () => {
    const content = pdf(`same content ${randomBytes(8).toString('hex')}`);
    const a = await t.post('/api/v1/files', form(content, 'a.pdf'), { token: user.token });
    const b = await t.post('/api/v1/files', form(content, 'b.pdf'), { token: other.token });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(a.body.id).not.toBe(b.body.id);
    const blobs = (await listFiles(filesDir)).filter((p) => p.endsWith(sha256(content)));
    expect(blobs).toHaveLength(1);
  });

  it('answers 304 when the client already has the file', async () => {
    const up = await t.post('/api/v1/files', form(pdf('etag me'), 'e.pdf'), { token: user.token });
    const res = await t.get(`/api/v1/files/${up.body.id}`, {
      token: user.token,
      headers: { 'if-none-match': `"${up.body.sha256}"` },
    });
    expect(res.status).toBe(304);
  });

  it('lets only the uploader and admins download', async () => {
    const up = await t.post('/api/v1/files', form(pdf('private'), 'p.pdf'), { token: user.token });
    const byOther = await t.get(`/api/v1/files/${up.body.id}`, { token: other.token });
    expect(byOther.status).toBe(404);
    expect(byOther.body.code).toBe('FILE_NOT_FOUND');
    const byAdmin = await t.get(`/api/v1/files/${up.body.id}`, { token: await adminToken(t) });
    expect(byAdmin.status).toBe(200);
    expect(byAdmin.raw).toBe(pdf('private').toString());
    const anonymous = await t.get(`/api/v1/files/${up.body.id}`);
    expect(anonymous.status).toBe(401);
  });

  it('refuses anonymous uploads and bad requests with coded 4xx', async () => {
    const before = await fileCount();
    expect((await t.post('/api/v1/files', form('x', 'x.txt'))).status).toBe(401);
    const json = await t.post('/api/v1/files', { file: 'x' }, { token: user.token });
    expect(json.status).toBe(415);
    expect(json.body.code).toBe('MULTIPART_EXPECTED');
    const none = new FormData();
    none.append('title', 'សុខ ស៊ាន');
    const noFile = await t.post('/api/v1/files', none, { token: user.token });
    expect(noFile.status).toBe(400);
    expect(noFile.body.code).toBe('FILE_REQUIRED');
    const wrongField = await t.post('/api/v1/files', form('x', 'x.txt', 'text/plain', 'attachment'), {
      token: user.token,
    });
    expect(wrongField.status).toBe(400);
    expect(wrongField.body.code).toBe('UNEXPECTED_FILE');
    const empty = await t.post('/api/v1/files', form(Buffer.alloc(0), 'empty.txt'), { token: user.token });
    expect(empty.status).toBe(400);
    expect(empty.body.code).toBe('FILE_EMPTY');
    const badId = await t.get('/api/v1/files/not-a-uuid', { token: user.token });
    expect(badId.status).toBe(400);
    expect(badId.body.code).toBe('VALIDATION_FAILED');
    expect((await t.get(`/api/v1/files/${crypto.randomUUID()}`, { token: user.token })).status).toBe(404);
    expect(await fileCount()).toBe(before);
    expect(await listFiles(join(filesDir, 'tmp'))).toEqual([]);
  });

  it('gives services the form fields, the stored file, and hashes of streams', async () => {
    const files = t.service<FilesService>(FilesService);
    const saved = await files.saveBuffer(Buffer.from('# ក្រសួង\n'), {
      originalName: 'minutes.md',
      createdById: user.user.id,
      mime: 'text/markdown',
    });
    expect(saved.mime).toBe('text/markdown');
    expect(saved.sha256).toBe(sha256(Buffer.from('# ក្រសួង\n')));
    const opened = await files.open(saved.id);
    expect(await files.sha256OfStream(opened.stream)).toBe(saved.sha256);
  });
});
