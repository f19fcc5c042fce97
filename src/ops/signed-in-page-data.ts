import { Logger } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DocumentsService } from '../approvals/documents.service.js';
import { InboxService } from '../approvals/inbox.service.js';
import { AssociationsService } from '../associations/associations.service.js';
import { PageSessionService } from '../auth/page-session.service.js';
import type { AuthUser } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ElectionQueriesService } from '../elections/election-queries.service.js';
import { MeetingsService } from '../meetings/meetings.service.js';
import type { ProfileDto } from '../profile/dto/profile.dto.js';
import { NotificationsInboxService } from '../notifications/notifications-inbox.service.js';
import { ProfileService } from '../profile/profile.service.js';
import { VotingService } from '../elections/voting.service.js';
import { type PrerenderedQuery, asSent } from './server-render.js';
import { isUuid } from '../common/uuid.js';
import { PeopleService } from '../org/people.service.js';

/** As many pages of the inbox as the app reads (web/src/features/inbox/InboxPage.tsx MAX_PAGES). */
const INBOX_PAGES = 10;

/**
 * What the server-rendered signed-in pages show, read for the user of the request's page cookie
 * through the owning modules' services, with the same access checks as the API (a document the
 * user may not see is DOCUMENT_NOT_FOUND there, and nothing here). Anything refused or failing
 * gives null: the page is then the plain app, which asks the API itself and says why.
 */
export class SignedInPageData {
  private readonly logger = new Logger('WebApp');
  private readonly sessions: PageSessionService;
  private readonly profiles: ProfileService;
  private readonly voting: VotingService;
  private readonly notifications: NotificationsInboxService;
  private readonly documents: DocumentsService;
  private readonly tasks: InboxService;
  private readonly elections: ElectionQueriesService;
  private readonly associations: AssociationsService;
  private readonly people: PeopleService;
  private readonly meetings: MeetingsService;

  constructor(app: INestApplicationContext) {
    this.sessions = app.get(PageSessionService, { strict: false });
    this.profiles = app.get(ProfileService, { strict: false });
    this.voting = app.get(VotingService, { strict: false });
    this.notifications = app.get(NotificationsInboxService, { strict: false });
    this.documents = app.get(DocumentsService, { strict: false });
    this.tasks = app.get(InboxService, { strict: false });
    this.elections = app.get(ElectionQueriesService, { strict: false });
    this.associations = app.get(AssociationsService, { strict: false });
    this.people = app.get(PeopleService, { strict: false });
    this.meetings = app.get(MeetingsService, { strict: false });
  }

  /** The signed-in user of the request (its page cookie), or null. */
  async user(request: FastifyRequest): Promise<{ auth: AuthUser; profile: ProfileDto } | null> {
    const auth = await this.quietly(() => this.sessions.userOf(request));
    if (!auth) return null;
    const profile = await this.quietly(() => this.profiles.profile(auth));
    if (!profile) return null;
    return { auth, profile: asSent(profile) as ProfileDto };
  }

  /**
   * What the frame of every signed-in page shows (AppShell.tsx): the unread notifications' count,
   * so the header is drawn once with its badge.
   */
  async frame(user: AuthUser): Promise<PrerenderedQuery[]> {
    const count = await this.quietly(() => this.notifications.unreadCount(user.id));
    return count === null ? [] : [{ key: ['notifications', 'unread-count'], data: { count } }];
  }

  /** A document page's data, as DocumentPage.tsx asks for it; null when the caller may not see it. */
  async document(user: AuthUser, id: string): Promise<PrerenderedQuery[] | null> {
    if (!isUuid(id)) return null;
    const doc = await this.quietly(() => this.documents.get(user, id));
    return doc && [{ key: ['document', id], data: asSent(doc) }];
  }

  /**
   * An election page's data, under the keys ElectionPage.tsx asks for it: the election, its
   * association (the caller's membership decides the committee's controls) and, while voting,
   * whether the caller voted. Null when the caller may not see the election.
   */
  async election(user: AuthUser, id: string): Promise<PrerenderedQuery[] | null> {
    if (!isUuid(id)) return null;
    const election = await this.quietly(() => this.elections.get(user, id));
    if (!election) return null;
    const queries: PrerenderedQuery[] = [{ key: ['election', id], data: asSent(election) }];
    const association = await this.quietly(() => this.associations.get(user, election.associationId));
    if (association)
      queries.push({ key: ['association', election.associationId], data: asSent(association) });
    if (election.status === 'voting') {
      const myVote = await this.quietly(() => this.voting.myVote(user, id));
      if (myVote) queries.push({ key: ['election', id, 'my-vote'], data: asSent(myVote) });
    }
    return queries;
  }

  /**
   * The home page's first cards, under the keys HomePage.tsx asks for them: what waits in the
   * inbox, my documents returned to me and in review, the elections I may vote in (for a member of
   * an association), and the latest meetings that began (the card of minutes I am to write shows
   * only when there are some: drawn by both renders, it does not push the page down later).
   * The next meetings and action items the app reads itself (both renders show them loading first).
   * A card that cannot be read now is left out: the app asks for it.
   */
  async home(user: AuthUser, profile: ProfileDto): Promise<PrerenderedQuery[]> {
    // The inbox checks the account in its own statement, as for a token issued now.
    const subject = { ...user, issuedAt: Math.floor(Date.now() / 1000) };
    // Each read on its own connection, at once.
    const [inbox, returned, inReview, voting, begun] = await Promise.all([
      this.quietly(() => this.tasks.inbox(subject, 100)),
      this.quietly(() => this.documents.list(user, { box: 'mine', status: 'returned', limit: 5 })),
      this.quietly(() => this.documents.list(user, { box: 'mine', status: 'in_review', limit: 5 })),
      // As the page asks: only for a member of an association (an admin's list would hold them all).
      profile.memberships.associations.length
        ? this.quietly(() => this.elections.mine(user, { status: 'voting', limit: 20 }))
        : null,
      this.quietly(() => this.meetings.list({ to: new Date().toISOString(), limit: 20 }, user)),
    ]);
    const queries: PrerenderedQuery[] = [];
    if (inbox) queries.push({ key: ['inbox', 'home'], data: JSON.parse(inbox) as unknown });
    if (returned) queries.push({ key: ['documents', 'mine', 'returned'], data: asSent(returned) });
    if (inReview) queries.push({ key: ['documents', 'mine', 'in_review'], data: asSent(inReview) });
    if (voting) queries.push({ key: ['elections', 'mine', 'voting'], data: asSent(voting.items) });
    if (begun) queries.push({ key: ['meetings', 'begun'], data: asSent(begun) });
    return queries;
  }

  /**
   * The inbox page's data, as InboxPage.tsx loads it (up to ten pages of 100 tasks, under
   * `['inbox', 'all']`), with the people whose tasks the user holds as a delegate (`['user', id]`),
   * so the page is drawn whole. Null when the inbox cannot be read now: the app asks.
   */
  async inbox(user: AuthUser): Promise<PrerenderedQuery[] | null> {
    const subject = { ...user, issuedAt: Math.floor(Date.now() / 1000) };
    const items: { actingForId?: string | null }[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < INBOX_PAGES; page++) {
      const json = await this.quietly(() => this.tasks.inbox(subject, 100, cursor));
      if (json === null) return null;
      const read = JSON.parse(json) as {
        items: { actingForId?: string | null }[];
        nextCursor: string | null;
      };
      items.push(...read.items);
      cursor = read.nextCursor ?? undefined;
      if (!cursor) break;
    }
    const queries: PrerenderedQuery[] = [{ key: ['inbox', 'all'], data: items }];
    const absent = [...new Set(items.map((i) => i.actingForId).filter((id): id is string => !!id))];
    // The people a delegate acts for, each on its own connection, at once.
    const people = await Promise.all(absent.map((id) => this.quietly(() => this.people.get(id))));
    absent.forEach((id, i) => {
      const person = people[i];
      if (person) queries.push({ key: ['user', id], data: asSent(person) });
    });
    return queries;
  }

  /** A refusal (not found, forbidden) is the plain app; anything else is logged, then the same. */
  private async quietly<T>(read: () => Promise<T>): Promise<T | null> {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof DomainError))
        this.logger.warn(`signed-in page without its data: ${String(error)}`);
      return null;
    }
  }
}
