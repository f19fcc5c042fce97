import { jest } from '@jest/globals';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';
import { recipient, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { API, meetingBody, projectGroup, type ProjectFixture } from '../meetings/meetings-fixtures.js';

jest.setTimeout(90_000);

describe('#17.4 e-mail over SMTP', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let sink: SmtpSink;

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      PUBLIC_BASE_URL: 'https://dwf.example.gov.kh',
      MAIL_FROM: 'DWF <no-reply@dwf.example.gov.kh>',
    });
    f = await projectGroup(t);
    await t.dataSource.query(
      `UPDATE users SET email = username || '@example.gov.kh', locale = 'km' WHERE id = $1`,
      [f.members[0].id],
    );
    await t.dataSource.query(
      `UPDATE users SET email = username || '@example.gov.kh', locale = 'en' WHERE id = $1`,
      [f.members[1].id],
    );
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('#17.4 invitations arrive in the reader language with text and HTML parts, a link to the page and an .ics REQUEST; cancelling sends a CANCEL with the same UID and a higher SEQUENCE', async () => {
    const res = await t.post(`${API}/meetings`, meetingBody(f), { token: f.chair.token });
    expect(res.status).toBe(201);
    const meetingId = res.body.id;
    const url = `https://dwf.example.gov.kh/meetings/${meetingId}`;
    const [km] = await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [f.members[0].id]);
    const [en] = await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [f.members[1].id]);

    const kmMail = await waitFor('the Khmer invitation', () =>
      sink.mails.find((m) => recipient(m) === km.email),
    );
    expect(kmMail.subject).toBe('អញ្ជើញចូលរួមកិច្ចប្រជុំ៖ កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣');
    expect(kmMail.text).toContain(url);
    expect(kmMail.text).toContain('បើកមើលក្នុងប្រព័ន្ធ');
    expect(kmMail.html).toContain(`href="${url}"`);
    expect(kmMail.html).toContain('<html lang="km">');
    const enMail = await waitFor('the English invitation', () =>
      sink.mails.find((m) => recipient(m) === en.email),
    );
    expect(enMail.subject).toMatch(/^Meeting invitation: /);
    expect(enMail.text).toContain('Open in the system');

    const invite = kmMail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    expect(invite).toBeDefined();
    const raw = invite!.content.toString('utf8');
    // Folded at 75 octets (Khmer is 3 octets a character); unfolded for the checks.
    expect(raw.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const ics = raw.replace(/\r\n /g, '');
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:meeting-${meetingId}@dwf.example.gov.kh`);
    expect(ics).toContain('SEQUENCE:0');
    expect(ics).toContain(
      `DTSTART:${new Date(res.body.startsAt)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d{3}/, '')}`,
    );
    expect(ics).toContain('SUMMARY:កិច្ចប្រជុំពិនិត្យវឌ្ឍនភាព ត្រីមាសទី៣');
    expect(ics).toContain(`URL:${url}`);

    const cancelled = await t.post(
      `${API}/meetings/${meetingId}/cancel`,
      { reason: 'ប្តូរកាលវិភាគ' },
      {
        token: f.secretary.token,
      },
    );
    expect(cancelled.status).toBe(200);
    const cancelMail = await waitFor('the cancellation', () =>
      sink.mails.find((m) => recipient(m) === km.email && m !== kmMail),
    );
    const cancel = cancelMail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
    const cancelIcs = cancel!.content.toString('utf8').replace(/\r\n /g, '');
    expect(cancelIcs).toContain('METHOD:CANCEL');
    expect(cancelIcs).toContain(`UID:meeting-${meetingId}@dwf.example.gov.kh`);
    expect(cancelIcs).toContain('SEQUENCE:1');
    expect(cancelIcs).toContain('STATUS:CANCELLED');

    // Nobody without an address gets mail; nothing is sent twice.
    const perRecipient = new Map<string, number>();
    for (const m of sink.mails) perRecipient.set(recipient(m)!, (perRecipient.get(recipient(m)!) ?? 0) + 1);
    expect([...perRecipient.keys()].sort()).toEqual([km.email, en.email].sort());
    expect(perRecipient.get(km.email)).toBe(2);
  });
});
