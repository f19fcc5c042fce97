import { jest } from '@jest/globals';
import type { ParsedMail } from 'mailparser';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { waitFor } from '../support/wait.js';
import { recipient, type SmtpSink, startSmtpSink } from '../support/smtp-sink.js';
import { API, meetingBody, projectGroup, startMeeting, type ProjectFixture } from './meetings-fixtures.js';

jest.setTimeout(90_000);

const calendar = (m: ParsedMail) =>
  m.attachments
    .find((a) => a.contentType.startsWith('text/calendar'))
    ?.content.toString('utf8')
    .replace(/\r\n /g, '');
const icsTime = (iso: string) =>
  new Date(iso)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');

/** The mails to `email` once there are at least `n` of them. */
const mailsTo = (mails: ParsedMail[], email: string, n: number) => {
  const found = mails.filter((m) => recipient(m) === email);
  return found.length >= n && found;
};

describe('#17.6 moving a meeting', () => {
  let t: TestApp;
  let f: ProjectFixture;
  let sink: SmtpSink;
  let email = '';

  beforeAll(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      SMTP_URL: `smtp://127.0.0.1:${sink.port}`,
      PUBLIC_BASE_URL: 'https://dwf.example.gov.kh',
      MAIL_FROM: 'DWF <no-reply@dwf.example.gov.kh>',
    });
    f = await projectGroup(t);
    await t.dataSource.query(
      `UPDATE users SET email = username || '@example.gov.kh', locale = 'en' WHERE id = $1`,
      [f.members[0].id],
    );
    [{ email }] = await t.dataSource.query(`SELECT email FROM users WHERE id = $1`, [f.members[0].id]);
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await sink.close();
  });

  it('#17.6 the secretary moves it: new reminders, and participants get an .ics REQUEST with the same UID and a higher SEQUENCE', async () => {
    const res = await t.post(`${API}/meetings`, meetingBody(f), { token: f.chair.token });
    expect(res.status).toBe(201);
    const id = res.body.id;
    const startsAt = new Date(Date.now() + 10 * 24 * 3600_000).toISOString();
    const endsAt = new Date(Date.now() + 10 * 24 * 3600_000 + 3600_000).toISOString();

    const moved = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt, endsAt, location: 'បន្ទប់ប្រជុំជាន់ទី៥', reason: 'ឯកឧត្តមប្រធានជាប់បេសកកម្ម' },
      { token: f.secretary.token },
    );
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ status: 'scheduled', startsAt, endsAt, location: 'បន្ទប់ប្រជុំជាន់ទី៥' });

    // The participants are told through the outbox; the reminders follow the new start.
    const events = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'notifications.dispatch' AND payload->>'eventKey' = $1`,
      [`meeting:${id}:rescheduled:1`],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload.template).toBe('meeting.rescheduled');
    expect(events[0].payload.userIds).not.toContain(f.secretary.id);
    const reminders = await t.dataSource.query(
      `SELECT payload FROM outbox_events WHERE name = 'meetings.reminder' AND payload->>'meetingId' = $1`,
      [id],
    );
    expect(reminders.filter((r: any) => r.payload.startsAt === startsAt)).toHaveLength(2);

    // The invitation and the update are sent by separate jobs, in either order; a calendar orders
    // them by SEQUENCE.
    const both = await waitFor('the invitation and its update', () => mailsTo(sink.mails, email, 2));
    const update = both.find((m) => /^Meeting moved: /.test(m.subject ?? ''))!;
    const invite = both.find((m) => m !== update)!;
    expect(update).toBeDefined();
    expect(invite.subject).toMatch(/^Meeting invitation: /);
    const ics = calendar(update)!;
    expect(ics).toContain('METHOD:REQUEST');
    expect(ics).toContain(`UID:meeting-${id}@dwf.example.gov.kh`);
    expect(ics).toContain('SEQUENCE:1');
    expect(ics).toContain(`DTSTART:${icsTime(startsAt)}`);
    expect(ics).toContain('LOCATION:បន្ទប់ប្រជុំជាន់ទី៥');
    expect(calendar(invite)).toContain(`UID:meeting-${id}@dwf.example.gov.kh`);

    // Moved again: the next update supersedes this one.
    const later = new Date(Date.now() + 11 * 24 * 3600_000).toISOString();
    const again = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: later },
      { token: f.chair.token },
    );
    expect(again.status).toBe(200);
    expect(again.body.endsAt).toBeNull();
    const mails = await waitFor('the second update', () => mailsTo(sink.mails, email, 3));
    const second = mails.find((m) => calendar(m)?.includes('SEQUENCE:2'));
    expect(second).toBeDefined();
    expect(calendar(second!)).toContain(`DTSTART:${icsTime(later)}`);
  });

  it('#17.6 only the secretary, the chair or an admin moves it, to a time to come, before it is held', async () => {
    const res = await t.post(`${API}/meetings`, meetingBody(f, { title: 'To move' }), {
      token: f.chair.token,
    });
    const id = res.body.id;
    const future = new Date(Date.now() + 5 * 24 * 3600_000).toISOString();
    const member = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: future },
      { token: f.members[0].token },
    );
    expect(member.status).toBe(403);
    expect(member.body.code).toBe('NOT_MEETING_SECRETARY');
    const outsider = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: future },
      { token: f.outsider.token },
    );
    expect(outsider.status).toBe(404);
    const past = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: new Date(Date.now() - 3600_000).toISOString() },
      { token: f.secretary.token },
    );
    expect(past.status).toBe(400);
    expect(past.body.code).toBe('INVALID_TIMES');
    const backwards = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: future, endsAt: new Date(Date.now() + 24 * 3600_000).toISOString() },
      { token: f.secretary.token },
    );
    expect(backwards.body.code).toBe('INVALID_TIMES');
    const bad = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: 'tomorrow' },
      { token: f.secretary.token },
    );
    expect(bad.status).toBe(400);
    const unchanged = await t.get(`${API}/meetings/${id}`, { token: f.secretary.token });
    expect(unchanged.body.startsAt).toBe(res.body.startsAt);

    await startMeeting(t, id);
    const present = res.body.participants.find((p: any) => p.userId === f.members[0].id);
    await t.put(`${API}/meetings/${id}/attendance`, [{ participantId: present.id, status: 'present' }], {
      token: f.secretary.token,
    });
    const held = await t.post(
      `${API}/meetings/${id}/reschedule`,
      { startsAt: future },
      { token: f.secretary.token },
    );
    expect(held.status).toBe(409);
    expect(held.body.code).toBe('MEETING_ALREADY_HELD');
  });
});
