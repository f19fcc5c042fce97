import type { Locale } from '../common/i18n/locale.js';
import { MINISTRY_TIME_ZONE } from '../common/ministry-time.js';

/** A text in both languages: a param whose words differ by language (a name, a decision). */
export interface LocalizedText {
  km: string;
  en: string;
}

export type NotificationParam = string | number | LocalizedText;
export type NotificationParams = Record<string, NotificationParam>;

export interface NotificationTemplate {
  km: { title: string; body: string };
  en: { title: string; body: string };
}

/**
 * Every notification's words, in Khmer and English. `{name}` is replaced by the param `name`
 * (a LocalizedText param gives the word of the reader's language); `[...]` is left out unless each
 * param in it has a value. Add templates here.
 */
export const TEMPLATES = {
  generic: {
    km: { title: '{title}', body: '{body}' },
    en: { title: '{title}', body: '{body}' },
  },
  'test.ping': {
    km: { title: 'សាកល្បង', body: 'សួស្តី {name}! នេះជាសារសាកល្បង។' },
    en: { title: 'Test', body: 'Hello {name}! This is a test message.' },
  },
  'approval.task_assigned': {
    km: {
      title: 'ឯកសាររង់ចាំការអនុម័តរបស់អ្នក៖ {reference}',
      body: 'ឯកសារ «{title}» ពី {submitter} កំពុងរង់ចាំការសម្រេចរបស់អ្នកនៅដំណាក់កាល «{stage}»{actingFor}។{reassigned}{due}',
    },
    en: {
      title: 'Document awaiting your approval: {reference}',
      body: '"{title}" from {submitter} awaits your decision at stage "{stage}"{actingFor}.{reassigned}{due}',
    },
  },
  'approval.reminder': {
    km: {
      title: 'រំលឹក៖ ឯកសារ {reference} កំពុងរង់ចាំការសម្រេចរបស់អ្នក',
      body: 'ឯកសារ «{title}» កំពុងរង់ចាំការសម្រេចរបស់អ្នក។{due}',
    },
    en: {
      title: 'Reminder: {reference} awaits your decision',
      body: '"{title}" is waiting for your decision.{due}',
    },
  },
  'approval.reassigned_away': {
    km: {
      title: 'ឯកសារ {reference} លែងរង់ចាំការសម្រេចរបស់អ្នកទៀតហើយ',
      body: 'ឯកសារ «{title}» នៅដំណាក់កាល «{stage}» ត្រូវបានប្រគល់ទៅ {to} ដោយ {by}៖ «{reason}»។',
    },
    en: {
      title: '{reference} no longer awaits your decision',
      body: '{by} gave "{title}" at stage "{stage}" to {to}: "{reason}".',
    },
  },
  'approval.taken_back': {
    km: {
      title: 'ឯកសារ {reference} លែងរង់ចាំការសម្រេចរបស់អ្នកទៀតហើយ',
      body: '{approver} បានដកហូតការផ្ទេរសិទ្ធិ ហើយយកឯកសារ «{title}» នៅដំណាក់កាល «{stage}» មកសម្រេចដោយខ្លួនឯងវិញ។',
    },
    en: {
      title: '{reference} no longer awaits your decision',
      body: '{approver} revoked the delegation and takes back "{title}" at stage "{stage}" to decide it.',
    },
  },
  'approval.handed_over': {
    km: {
      title: 'ឯកសាររបស់អ្នក {reference} ឥឡូវរង់ចាំ {to}',
      body: 'ឯកសារ «{title}» នៅដំណាក់កាល «{stage}» ត្រូវបានប្រគល់ទៅ {to} ដោយ {by}៖ «{reason}»។',
    },
    en: {
      title: 'Your document {reference} now waits on {to}',
      body: '{by} gave "{title}" at stage "{stage}" to {to}: "{reason}".',
    },
  },
  'approval.escalated': {
    km: {
      title: 'ការបញ្ជូនបន្ត៖ ឯកសារ {reference} ហួសកាលកំណត់',
      body: 'ឯកសារ «{title}» ហួសកាលកំណត់នៅដំណាក់កាល «{stage}» (កំពុងរង់ចាំ {assignee})។ អ្នកត្រូវបានបន្ថែមជាអ្នកអនុម័ត។',
    },
    en: {
      title: 'Escalated: {reference} is overdue',
      body: '"{title}" is overdue at stage "{stage}" (waiting on {assignee}). You have been added as an approver.',
    },
  },
  'approval.decided': {
    km: {
      // "ត្រូវបាន" (was): the decision alone ("អនុម័ត") read as an order to approve.
      title: 'ឯកសាររបស់អ្នក {reference} ត្រូវបាន{decision}',
      body: 'ឯកសារ «{title}» ត្រូវបាន{decision}ដោយ {decidedBy}។ {comment}',
    },
    en: {
      title: 'Your document {reference} was {decision}',
      body: '"{title}" was {decision} by {decidedBy}. {comment}',
    },
  },
  'approval.decided_for_you': {
    km: {
      title: 'ឯកសារ {reference} ត្រូវបាន{decision}ជំនួសអ្នក',
      body: '{decidedBy} បាន{decision}ឯកសារ «{title}» ជំនួសអ្នក នៅដំណាក់កាល «{stage}» តាមការផ្ទេរសិទ្ធិរបស់អ្នក។ {comment}',
    },
    en: {
      title: '{reference} was {decision} for you',
      body: '{decidedBy}, acting for you, {decision} "{title}" at stage "{stage}". {comment}',
    },
  },
  'approval.revoked': {
    km: {
      title: 'ឯកសាររបស់អ្នក {reference} ត្រូវបានដកហូតសុពលភាព',
      body: 'ឯកសារ «{title}» ត្រូវបានដកហូតសុពលភាពដោយ {revokedBy}។ មូលហេតុ៖ {reason}',
    },
    en: {
      title: 'Your document {reference} was revoked',
      body: '"{title}" was revoked by {revokedBy}. Reason: {reason}',
    },
  },
  'election.opened': {
    km: {
      title: 'ការបោះឆ្នោតបានបើក៖ {election}',
      // The title of an election often begins with "ការបោះឆ្នោត" itself: not said twice.
      body: '{election}៖ ការបោះឆ្នោតបើករហូតដល់ {closesAt}។ សូមបោះសន្លឹកឆ្នោតរបស់អ្នក។',
    },
    en: {
      title: 'Voting is open: {election}',
      body: 'Voting in {election} is open until {closesAt}. Please cast your ballot.',
    },
  },
  'election.certified': {
    km: {
      title: 'លទ្ធផលត្រូវបានបញ្ជាក់៖ {election}',
      body: 'លទ្ធផលនៃ {election} ត្រូវបានបញ្ជាក់ ហើយក្រុមប្រឹក្សាភិបាលថ្មីចូលកាន់តំណែង។ សូមមើលលទ្ធផល និងក្រុមប្រឹក្សាភិបាល។',
    },
    en: {
      title: 'Results certified: {election}',
      body: 'The results of {election} are certified and the new board takes office. See the results and the board.',
    },
  },
  'election.elected': {
    km: {
      title: 'អ្នកត្រូវបានជ្រើសតាំងជាសមាជិកក្រុមប្រឹក្សាភិបាល៖ {election}',
      body: 'លទ្ធផលនៃ {election} ត្រូវបានបញ្ជាក់៖ អ្នកត្រូវបានជ្រើសតាំងជាសមាជិកក្រុមប្រឹក្សាភិបាល ដោយទទួលបាន {votes} សំឡេង។ តួនាទីក្នុងក្រុមប្រឹក្សាភិបាល (ប្រធាន លេខាធិការ…) នឹងបង្ហាញនៅលើទំព័រក្រុមប្រឹក្សាភិបាល។',
    },
    en: {
      title: 'You are elected to the board: {election}',
      body: 'The results of {election} are certified: you are elected to the board with {votes} votes. The board page names its officers (president, secretary…) once they are chosen.',
    },
  },
  'election.substitute': {
    km: {
      title: 'អ្នកជាសមាជិកបម្រុង៖ {election}',
      body: 'លទ្ធផលនៃ {election} ត្រូវបានបញ្ជាក់៖ អ្នកជាសមាជិកបម្រុងលេខ {rank} ដោយទទួលបាន {votes} សំឡេង។ ពេលមានអាសនៈទំនេរ សមាជិកបម្រុងត្រូវបានហៅតាមលំដាប់នេះ។',
    },
    en: {
      title: 'You are a substitute: {election}',
      body: 'The results of {election} are certified: you are substitute no. {rank}, with {votes} votes. When a seat falls vacant, substitutes are called in this order.',
    },
  },
  'meeting.reminder': {
    km: {
      title: 'រំលឹកកិច្ចប្រជុំ៖ {meeting}',
      body: 'កិច្ចប្រជុំ «{meeting}» នឹងចាប់ផ្តើមនៅ {startsAt}[ នៅ {location}]។',
    },
    en: {
      title: 'Meeting reminder: {meeting}',
      body: '"{meeting}" starts at {startsAt}[ in {location}].',
    },
  },
  'action_item.overdue': {
    km: {
      title: 'ការងារហួសកាលកំណត់៖ {text}',
      body: 'ការងារ «{text}» ពីកិច្ចប្រជុំ «{meeting}» ត្រូវបញ្ចប់នៅថ្ងៃ {dueOn}។ សូមធ្វើបច្ចុប្បន្នភាពវឌ្ឍនភាព។',
    },
    en: {
      title: 'Action item overdue: {text}',
      body: 'The action item "{text}" from "{meeting}" was due on {dueOn}. Please update its progress.',
    },
  },
  'meeting.invitation': {
    km: {
      title: 'អញ្ជើញចូលរួមកិច្ចប្រជុំ៖ {meeting}',
      body: 'អ្នកត្រូវបានអញ្ជើញចូលរួមកិច្ចប្រជុំ «{meeting}» នៅ {startsAt}[ នៅ {location}]។',
    },
    en: {
      title: 'Meeting invitation: {meeting}',
      body: 'You are invited to "{meeting}" at {startsAt}[ in {location}].',
    },
  },
  'meeting.apology': {
    km: {
      title: 'សុំច្បាប់មិនចូលរួម៖ {meeting}',
      body: '{person} បានសុំច្បាប់ មិនអាចចូលរួមកិច្ចប្រជុំ «{meeting}» នៅ {startsAt} បានទេ។',
    },
    en: {
      title: 'Apologies: {meeting}',
      body: '{person} sent apologies for "{meeting}" at {startsAt}.',
    },
  },
  'meeting.apology_withdrawn': {
    km: {
      title: 'ដកការសុំច្បាប់វិញ៖ {meeting}',
      body: '{person} បានដកការសុំច្បាប់វិញ ហើយអាចចូលរួមកិច្ចប្រជុំ «{meeting}» នៅ {startsAt}។',
    },
    en: {
      title: 'Apologies taken back: {meeting}',
      body: '{person} took back their apologies for "{meeting}" at {startsAt}, and can come after all.',
    },
  },
  'meeting.cancelled': {
    km: {
      title: 'កិច្ចប្រជុំត្រូវបានលុបចោល៖ {meeting}',
      body: 'កិច្ចប្រជុំ «{meeting}» ដែលគ្រោងនៅ {startsAt} ត្រូវបានលុបចោល។ {reason}',
    },
    en: {
      title: 'Meeting cancelled: {meeting}',
      body: '"{meeting}" planned for {startsAt} has been cancelled. {reason}',
    },
  },
  'meeting.rescheduled': {
    km: {
      title: 'កិច្ចប្រជុំត្រូវបានផ្លាស់ប្តូរពេល៖ {meeting}',
      body: 'កិច្ចប្រជុំ «{meeting}» ត្រូវបានផ្លាស់ទៅ {startsAt}[ នៅ {location}]។ {reason}',
    },
    en: {
      title: 'Meeting moved: {meeting}',
      body: '"{meeting}" has been moved to {startsAt}[ in {location}]. {reason}',
    },
  },
  'minutes.published': {
    km: {
      title: 'កំណត់ហេតុប្រជុំត្រូវបានអនុម័ត៖ {meeting}',
      body: 'កំណត់ហេតុនៃកិច្ចប្រជុំ «{meeting}» ត្រូវបានអនុម័ត។ លេខកូដផ្ទៀងផ្ទាត់៖ {verificationCode}។',
    },
    en: {
      title: 'Minutes approved: {meeting}',
      body: 'The minutes of "{meeting}" have been approved. Verification code: {verificationCode}.',
    },
  },
  'working_group.request_received': {
    km: {
      title: 'សំណើថ្មីពី {group}',
      body: 'ក្រុម {group} ស្នើ៖ «{request}»។ សូមឆ្លើយតប។',
    },
    en: {
      title: 'New request from {group}',
      body: '{group} requests: "{request}". Please respond.',
    },
  },
  'working_group.request_answered': {
    km: {
      title: 'សំណើរបស់ {group} ត្រូវបានឆ្លើយតប៖ {status}',
      body: 'សំណើ «{request}» {status}។ ចម្លើយ៖ {response}',
    },
    en: {
      title: 'Request of {group} answered: {status}',
      body: 'The request "{request}" was {status}. Response: {response}',
    },
  },
  'approval.digest': {
    km: {
      title: 'ឯកសារ {count} កំពុងរង់ចាំការសម្រេចរបស់អ្នក',
      body: 'សេចក្តីសង្ខេបប្រចាំថ្ងៃ៖ ឯកសារ {count} កំពុងរង់ចាំការសម្រេចរបស់អ្នក។\n{list}',
    },
    en: {
      title: '{count} documents await your decision',
      body: 'Daily digest: {count} documents await your decision.\n{list}',
    },
  },
  'telegram.linked': {
    km: {
      title: 'បានភ្ជាប់ Telegram',
      body: 'គណនី Telegram {account} ត្រូវបានភ្ជាប់។ អ្នកនឹងទទួលការជូនដំណឹងនៅទីនោះតាមការជ្រើសរើសរបស់អ្នក។',
    },
    en: {
      title: 'Telegram linked',
      body: 'The Telegram account {account} is linked. You will receive notifications there as you chose.',
    },
  },
  'telegram.unlinked': {
    km: {
      title: 'បានផ្តាច់ Telegram',
      body: 'Telegram លែងភ្ជាប់ជាមួយគណនីរបស់អ្នកហើយ។ ការជូនដំណឹងនឹងមិនផ្ញើទៅ Telegram ទៀតទេ។',
    },
    en: {
      title: 'Telegram unlinked',
      body: 'Telegram is no longer linked to your account. Notifications will not be sent to Telegram.',
    },
  },
  'telegram.blocked': {
    km: {
      title: 'Telegram មិនអាចទទួលសាររបស់យើងបាន',
      body: 'ប៊ូតរបស់ក្រសួងត្រូវបានបិទ ឬលុបនៅក្នុង Telegram ដូច្នេះការជូនដំណឹងនឹងមិនផ្ញើទៅ Telegram ទៀតទេ។ ដើម្បីទទួលវាម្តងទៀត សូមភ្ជាប់ Telegram ម្តងទៀតនៅក្នុងការកំណត់។',
    },
    en: {
      title: 'Telegram cannot receive our messages',
      body: "The ministry's bot was blocked or removed in Telegram, so notifications are no longer sent there. To receive them again, link Telegram again in Settings.",
    },
  },
} satisfies Record<string, NotificationTemplate>;

export type TemplateName = keyof typeof TEMPLATES;

export const isTemplateName = (name: string): name is TemplateName => Object.hasOwn(TEMPLATES, name);

/** Notices about the channels themselves: in the app only, whatever the user chose. */
export const IN_APP_ONLY: readonly TemplateName[] = [
  'telegram.linked',
  'telegram.unlinked',
  'telegram.blocked',
];

/** Kinds a daily digest replaces (as e-mail and Telegram messages) for who chose the digest. */
export const DIGESTED: readonly TemplateName[] = ['approval.task_assigned', 'approval.reminder'];

/** The kinds a user chooses channels for in settings (the rest are internal or in-app notices). */
export const CHOOSABLE_KINDS = (Object.keys(TEMPLATES) as TemplateName[]).filter(
  (k) => k !== 'generic' && k !== 'test.ping' && !IN_APP_ONLY.includes(k),
);

/** A param that is a moment (an ISO timestamp, as dates travel through the outbox). */
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Dates and times as the ministry reads them: Phnom Penh time, Khmer digits in Khmer, 24 hours. */
const MOMENT_FORMAT: Record<Locale, Intl.DateTimeFormat> = {
  km: new Intl.DateTimeFormat('km', {
    timeZone: MINISTRY_TIME_ZONE,
    dateStyle: 'long',
    timeStyle: 'short',
    hourCycle: 'h23',
    numberingSystem: 'khmr',
  }),
  en: new Intl.DateTimeFormat('en-GB', {
    timeZone: MINISTRY_TIME_ZONE,
    dateStyle: 'long',
    timeStyle: 'short',
    hourCycle: 'h23',
  }),
};

function paramText(value: NotificationParam | undefined, locale: Locale): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object') return value[locale] ?? value.en;
  if (typeof value === 'string' && MOMENT.test(value)) return MOMENT_FORMAT[locale].format(new Date(value));
  return String(value);
}

const KHMER_NUMBER = new Intl.NumberFormat('km', { numberingSystem: 'khmr', useGrouping: false });

/** A count or rank in the reader's digits (Khmer digits in Khmer). */
export function localizedNumber(n: number): LocalizedText {
  return { km: KHMER_NUMBER.format(n), en: String(n) };
}

/** For `{actingFor}`: whom a delegate decides for; empty for an approver deciding for themselves. */
export function actingForClause(person: LocalizedText | null): LocalizedText {
  if (!person) return { km: '', en: '' };
  return { km: ` ដោយធ្វើការជំនួស ${person.km}`, en: `, acting for ${person.en}` };
}

/** For `{reassigned}`: who gave a task to its reader in another's place, and why (as they wrote it). */
export function reassignedSentence(by: LocalizedText, reason: string): LocalizedText {
  const why = reason.trim();
  return why
    ? {
        km: ` ភារកិច្ចនេះត្រូវបានប្រគល់មកអ្នកដោយ ${by.km}៖ «${why}»។`,
        en: ` ${by.en} gave this task to you: "${why}".`,
      }
    : { km: ` ភារកិច្ចនេះត្រូវបានប្រគល់មកអ្នកដោយ ${by.km}។`, en: ` ${by.en} gave this task to you.` };
}

/**
 * Params a template gained after notices of it were stored: the older notices, made again in the
 * reader's language of today, read them as empty rather than as a bare placeholder.
 */
const ADDED_PARAMS: NotificationParams = { actingFor: '', reassigned: '' };

/**
 * The sentence naming a deadline, for `{due}`: empty when there is none (a label with nothing after
 * it, "Due: -", reads as a fault). Written as every other moment in a notice is.
 */
export function dueSentence(dueAt: Date | null | undefined): LocalizedText {
  if (!dueAt) return { km: '', en: '' };
  return {
    km: ` កាលកំណត់៖ ${MOMENT_FORMAT.km.format(dueAt)}។`,
    en: ` Due: ${MOMENT_FORMAT.en.format(dueAt)}.`,
  };
}

/** Replaces `{name}` by its param; an unknown placeholder is left as it is. */
export function interpolate(text: string, params: NotificationParams, locale: Locale): string {
  const given = (key: string) => Object.hasOwn(params, key) && !!paramText(params[key], locale);
  // `[ in {location}]`: said only when each of its params has a value (a meeting with no place
  // read "in -").
  const kept = text.replace(/\[([^[\]]*)\]/g, (_, inner: string) =>
    [...inner.matchAll(/\{(\w+)\}/g)].every(([, key]) => given(key)) ? inner : '',
  );
  return kept.replace(/\{(\w+)\}/g, (match, key: string) =>
    Object.hasOwn(params, key) ? (paramText(params[key], locale) ?? match) : match,
  );
}

/** The title and body of a template in a language (Khmer unless the reader chose English). */
export function renderTemplate(
  name: TemplateName,
  locale: string | null | undefined,
  params: NotificationParams,
): { title: string; body: string } {
  const lang: Locale = locale === 'en' ? 'en' : 'km';
  const t = TEMPLATES[name][lang];
  const all = { ...ADDED_PARAMS, ...params };
  return { title: interpolate(t.title, all, lang).trim(), body: interpolate(t.body, all, lang).trim() };
}
