import { Logger } from '@nestjs/common';
import type { INestApplicationContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { DocumentsService } from '../approvals/documents.service.js';
import { InboxService } from '../approvals/inbox.service.js';
import { AssociationsService } from '../associations/associations.service.js';
import { PageSessionService } from '../auth/page-session.service.js';
import { type AuthUser, isAdmin } from '../common/auth/auth-user.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ElectionQueriesService } from '../elections/election-queries.service.js';
import { UsersService } from '../org/users.service.js';
import type { HomeData, PageUser } from './signed-in-pages.js';
import { isUuid } from '../common/uuid.js';

/**
 * What the server-rendered signed-in pages show, read for the user of the request's page cookie
 * through the owning modules' services, with the same access checks as the API (a document the
 * user may not see is DOCUMENT_NOT_FOUND there, and nothing here). Anything refused or failing
 * gives null: the page is then the plain app, which asks the API itself and says why.
 */
export class SignedInPageData {
  private readonly logger = new Logger('WebApp');
  private readonly sessions: PageSessionService;
  private readonly users: UsersService;
  private readonly documents: DocumentsService;
  private readonly inbox: InboxService;
  private readonly elections: ElectionQueriesService;
  private readonly associations: AssociationsService;

  constructor(app: INestApplicationContext) {
    this.sessions = app.get(PageSessionService, { strict: false });
    this.users = app.get(UsersService, { strict: false });
    this.documents = app.get(DocumentsService, { strict: false });
    this.inbox = app.get(InboxService, { strict: false });
    this.elections = app.get(ElectionQueriesService, { strict: false });
    this.associations = app.get(AssociationsService, { strict: false });
  }

  /** The signed-in user of the request (its page cookie), or null. */
  async user(request: FastifyRequest): Promise<{ auth: AuthUser; page: PageUser } | null> {
    const auth = await this.quietly(() => this.sessions.userOf(request));
    if (!auth) return null;
    const profile = await this.quietly(() => this.users.get(auth.id));
    if (!profile) return null;
    return { auth, page: { name: profile.fullName, nameKm: profile.fullNameKm, isAdmin: isAdmin(auth) } };
  }

  document(user: AuthUser, id: string) {
    return isUuid(id) ? this.quietly(() => this.documents.get(user, id)) : Promise.resolve(null);
  }

  election(user: AuthUser, id: string) {
    return isUuid(id) ? this.quietly(() => this.elections.get(user, id)) : Promise.resolve(null);
  }

  /** The home page's first cards, as HomePage.tsx asks for them. */
  async home(user: AuthUser): Promise<HomeData> {
    const [tasks, inReview, elections] = await Promise.all([
      this.quietly(async () => {
        // The inbox checks the account in its own statement, as for a token issued now.
        const subject = { ...user, issuedAt: Math.floor(Date.now() / 1000) };
        const page = JSON.parse(await this.inbox.inbox(subject, 100)) as {
          items: { dueAt: string | null }[];
          nextCursor: string | null;
        };
        const now = Date.now();
        return {
          count: page.items.length,
          more: !!page.nextCursor,
          overdue: page.items.filter((i) => i.dueAt && Date.parse(i.dueAt) < now).length,
        };
      }),
      this.quietly(
        async () => (await this.documents.list(user, { box: 'mine', status: 'in_review', limit: 5 })).items,
      ),
      // As the page asks: only for a member of an association (an admin's list would hold them all).
      this.quietly(async () =>
        (await this.associations.membershipsOfUser(user.id)).length
          ? (await this.elections.mine(user, { status: 'voting', limit: 20 })).items
          : null,
      ),
    ]);
    return { tasks, inReview, elections };
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
