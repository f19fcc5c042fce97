import type { DocumentDto, DocumentSummaryDto } from '../approvals/dto/document.dto.js';
import type { ElectionDto } from '../elections/dto/election.dto.js';
import type { MyElectionDto } from '../elections/dto/my-elections.dto.js';
import {
  displayName,
  escapeHtml,
  formatDateTime,
  formatNumber,
  type Language,
  type PageKit,
} from './web-pages.js';

/**
 * The first paint of the signed-in pages (home, a document, an election), for a request that
 * carries a good page cookie (src/auth/page-session.service.ts): the app's frame and the page's
 * heading and main facts, as the React pages render them first (web/src/components/AppShell.tsx,
 * features/home/HomePage.tsx, features/documents/DocumentPage.tsx, features/elections/
 * ElectionPage.tsx: change them together). What needs the app (buttons, the language menu) is
 * disabled until it takes over; what the React page shows loading, this shows loading too.
 * Every text from the data is escaped.
 */

/** Who is signed in, as the frame needs them. */
export interface PageUser {
  name: string;
  nameKm: string | null;
  isAdmin: boolean;
}

/** What the home page shows first; a part is null when it could not be read (the app asks again). */
export interface HomeData {
  tasks: { count: number; more: boolean; overdue: number } | null;
  inReview: DocumentSummaryDto[] | null;
  /** Null also when the user belongs to no association (the card says none). */
  elections: MyElectionDto[] | null;
}

export interface SignedInPages {
  home(language: Language, user: PageUser, data: HomeData): string;
  document(language: Language, user: PageUser, doc: DocumentDto): string;
  election(language: Language, user: PageUser, election: ElectionDto): string;
}

/** Marks the page for the app: it waits for the session before rendering over it (web/src/app.tsx). */
const SIGNED_IN = { signedIn: true };

const STATUS_ICONS: Record<string, string> = {
  draft: '✎',
  in_review: '◐',
  returned: '↩',
  approved: '✔',
  rejected: '✖',
  withdrawn: '⊘',
  pending: '○',
  active: '▶',
  cancelled: '⊘',
  recalled: '↶',
  blocked: '⚠',
};

export function signedInPages({ t, page, languageSelect }: PageKit): SignedInPages {
  const c = (language: Language, key: string, vars?: Record<string, string>, count?: number) =>
    t(language, `common.${key}`, vars, count);
  // A common text, or undefined when there is none (as i18next's `defaultValue: ''`).
  const translated = (language: Language, key: string) => {
    const text = c(language, key);
    return text === `common.${key}` ? undefined : text;
  };
  const loading = (language: Language) => `<p class="loading" role="status">${c(language, 'loading')}</p>`;
  const dateTime = (at: Date | string | null | undefined, language: Language) =>
    escapeHtml(formatDateTime(at instanceof Date ? at.toISOString() : at, language));
  // StatusBadge.tsx
  const badge = (language: Language, status: string) =>
    `<span class="badge badge-${escapeHtml(status)}"><span aria-hidden="true">${STATUS_ICONS[status] ?? '•'} </span>` +
    // An unknown status shows as itself, as the app's defaultValue does.
    `${translated(language, `status.${status}`) ?? escapeHtml(status)}</span>`;

  // AppShell.tsx: `current` is the navigation entry of the page (NavLink's active one).
  const frame = (language: Language, user: PageUser, current: string, title: string, body: string) => {
    const link = (href: string, label: string) =>
      href === current
        ? `<a aria-current="page" class="active" href="${href}">${label}</a>`
        : `<a href="${href}">${label}</a>`;
    const links: [string, string][] = [
      ['/inbox', 'inbox'],
      ['/documents', 'documents'],
      ['/meetings', 'meetings'],
      ['/groups', 'groups'],
      ['/elections', 'elections'],
    ];
    if (user.isAdmin) links.push(['/admin', 'admin']);
    const brand =
      current === '/'
        ? `<a aria-current="page" class="brand active" href="/">${c(language, 'appName')}</a>`
        : `<a class="brand" href="/">${c(language, 'appName')}</a>`;
    const html =
      `<a class="skip-link" href="#main">${c(language, 'skipToContent')}</a>` +
      `<header class="app-header"><div class="bar">${brand}<div class="bar-tools">` +
      `<div class="notifications"><button type="button" class="button-quiet" aria-expanded="false" disabled>${c(language, 'notifications.button')}</button></div>` +
      languageSelect(language, true) +
      `<a class="tool-link" href="/settings">${c(language, 'nav.settings')}</a>` +
      `<button type="button" class="button-quiet" disabled>${c(language, 'signOut')}</button></div></div>` +
      `<nav aria-label="${c(language, 'nav.label')}"><ul class="nav-list">${links
        .map(([href, key]) => `<li>${link(href, c(language, `nav.${key}`))}</li>`)
        .join('')}</ul></nav></header>` +
      `<main id="main" tabindex="-1"><div class="page-head"><h1>${title}</h1></div>${body}</main>`;
    return page(language, title, html, SIGNED_IN);
  };

  const card = (id: string, title: string, body: string, link = '') =>
    `<section class="card" aria-labelledby="card-${id}"><h2 id="card-${id}">${title}</h2>${body}${link ? `<p class="card-link">${link}</p>` : ''}</section>`;

  const home = (language: Language, user: PageUser, data: HomeData) => {
    const h = (key: string, vars?: Record<string, string>, count?: number) =>
      t(language, `home.${key}`, vars, count);
    const tasks = data.tasks
      ? `<p class="big-number">${h('tasksWaiting', { n: formatNumber(data.tasks.count, language) + (data.tasks.more ? '+' : '') }, data.tasks.count)}` +
        (data.tasks.overdue
          ? `<span class="overdue"> <span aria-hidden="true">⚠ </span>${h('overdue', { n: formatNumber(data.tasks.overdue, language) }, data.tasks.overdue)}</span>`
          : '') +
        `</p>`
      : loading(language);
    const inReview = !data.inReview
      ? loading(language)
      : data.inReview.length
        ? `<ul class="plain-list">${data.inReview
            .map(
              (d) =>
                `<li><a href="/documents/${escapeHtml(d.id)}">${escapeHtml(d.title)}</a> ${badge(language, d.status)}</li>`,
            )
            .join('')}</ul>`
        : `<p>${h('noneInReview')}</p>`;
    const elections = !data.elections
      ? `<p>${h('noElections')}</p>`
      : data.elections.length
        ? `<ul class="plain-list">${data.elections
            .map(
              (e) =>
                `<li><a href="/elections/${escapeHtml(e.id)}">${escapeHtml(e.title)}</a> ` +
                (e.voted
                  ? h('youVoted')
                  : h('votingUntil', {
                      time: formatDateTime(new Date(e.votingClosesAt).toISOString(), language),
                    })) +
                `</li>`,
            )
            .join('')}</ul>`
        : `<p>${h('noElections')}</p>`;
    const title = h('title', { name: language === 'km' && user.nameKm ? user.nameKm : user.name });
    const body =
      `<div class="cards">` +
      card('inbox', h('inbox'), tasks, `<a href="/inbox">${h('openInbox')}</a>`) +
      card('inReview', h('inReview'), inReview, `<a href="/documents">${h('allDocuments')}</a>`) +
      // Meetings and action items: the app reads them (the React page shows them loading first).
      card('meetings', h('meetings'), loading(language)) +
      card('actionItems', h('actionItems'), loading(language)) +
      card('elections', h('elections'), elections) +
      `</div>`;
    return frame(language, user, '/', title, body);
  };

  const document = (language: Language, user: PageUser, doc: DocumentDto) => {
    const d = (key: string) => t(language, `documents.detail.${key}`);
    const fact = (label: string, value: string) => `<div><dt>${label}</dt><dd>${value}</dd></div>`;
    const holders = doc.stages
      .filter((s) => s.status === 'active')
      .flatMap((s) => s.tasks.filter((task) => task.status === 'pending'));
    const amount = doc.metadata.amount;
    const body =
      `<dl class="facts">` +
      fact(d('reference'), doc.referenceNumber ? escapeHtml(doc.referenceNumber) : d('noReference')) +
      fact(d('status'), badge(language, doc.status)) +
      fact(d('type'), translated(language, `types.${doc.documentType}`) ?? escapeHtml(doc.documentType)) +
      fact(d('submitter'), escapeHtml(displayName(doc.submitter, language))) +
      fact(d('unit'), escapeHtml(displayName(doc.issuingUnit, language))) +
      (typeof amount === 'number'
        ? fact(t(language, 'documents.fields.amount'), escapeHtml(formatNumber(amount, language)))
        : '') +
      (holders.length && doc.status === 'in_review'
        ? fact(d('heldBy'), escapeHtml(holders.map((h) => displayName(h.assignee, language)).join(', ')))
        : '') +
      `</dl>`;
    return frame(language, user, '/documents', escapeHtml(doc.title), body);
  };

  const election = (language: Language, user: PageUser, e: ElectionDto) => {
    const el = (key: string, vars?: Record<string, string>, count?: number) =>
      t(language, `elections.${key}`, vars, count);
    const n = (value: number) => formatNumber(value, language);
    const turnout =
      e.status === 'voting' || e.status === 'closed' || e.status === 'certified'
        ? `<dt>${el('detail.turnout')}</dt><dd>${el('detail.turnoutOf', {
            voted: n(e.turnout.voted),
            eligible: e.turnout.eligible === null ? '…' : n(e.turnout.eligible),
          })}</dd>`
        : '';
    const candidates =
      e.status === 'voting'
        ? // The ballot needs the app (whether I voted, may vote): shown loading, as the page does.
          loading(language)
        : `<section class="panel" aria-labelledby="candidates-title"><h2 id="candidates-title">${el('candidates.title')}</h2>` +
          (e.candidates.length === 0
            ? `<p class="muted">${el('candidates.none')}</p>`
            : `<ol class="candidates">${e.candidates
                .map(
                  (cand) =>
                    `<li><span class="item-title">${escapeHtml(displayName(cand, language))}</span>` +
                    (cand.status === 'withdrawn'
                      ? `<span class="muted"> · ${el('candidates.withdrawn')}</span>`
                      : '') +
                    (cand.statement ? `<p class="muted">${escapeHtml(cand.statement)}</p>` : '') +
                    `</li>`,
                )
                .join('')}</ol>`) +
          `</section>`;
    const body =
      `<dl class="facts"><dt>${el('detail.status')}</dt><dd><span class="badge badge-election-${escapeHtml(e.status)}">${el(`status.${e.status}`)}</span></dd>` +
      `<dt>${el('detail.seats')}</dt><dd>${n(e.seats)}</dd>` +
      `<dt>${el('detail.choose')}</dt><dd>${el('detail.chooseUpTo', { n: n(e.maxChoices) }, e.maxChoices)}</dd>` +
      `<dt>${el('detail.window')}</dt><dd>${dateTime(e.votingOpenedAt ?? e.votingOpensAt, language)} – ${dateTime(e.votingClosedAt ?? e.votingClosesAt, language)}</dd>` +
      `<dt>${el('detail.eligible')}</dt><dd>${e.eligibleStatuses.map((s) => el(`member.${s}`)).join(', ')}</dd>` +
      turnout +
      `</dl>` +
      candidates;
    return frame(language, user, '/elections', escapeHtml(e.title), body);
  };

  return { home, document, election };
}
