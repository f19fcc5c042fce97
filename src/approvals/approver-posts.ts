import type { EntityManager } from 'typeorm';

/** Of the posts held today (the org module's view `org_current_posts`), the order that puts the most senior first. */
export const SENIOR_FIRST = `CASE kind WHEN 'head' THEN 0 WHEN 'deputy' THEN 1 ELSE 2 END, created_at DESC`;

/** The active delegate ($1 approver, $2 time, $3 document type); a disabled delegate does not count. */
export const DELEGATE = `SELECT d.to_user_id FROM delegations d JOIN org_people du ON du.id = d.to_user_id
   WHERE d.from_user_id = $1 AND d.revoked_at IS NULL AND d.starts_at <= $2 AND d.ends_at > $2
     AND (d.document_types IS NULL OR $3 = ANY(d.document_types)) AND du.status <> 'disabled'
   ORDER BY d.created_at DESC LIMIT 1`;

export interface PostRow {
  title: string;
  title_km: string | null;
}

/** A post's titles as a task stores them (none when there is no post). */
export interface PostTitles {
  postTitle: string | null;
  postTitleKm: string | null;
}

export function postTitles(post: PostRow | null | undefined): PostTitles {
  return { postTitle: post?.title ?? null, postTitleKm: post?.title_km ?? null };
}

/**
 * The post a user holds (for the signed manifest): the one in `unitId` of `kind` when given, else
 * their most senior current post (from the org module's view of the posts held today).
 */
export async function postOf(
  em: EntityManager,
  userId: string,
  unitId: string | null,
  kind: string | null,
): Promise<PostRow | null> {
  const rows: PostRow[] = await em.query(
    `SELECT title, title_km FROM org_current_posts
     WHERE user_id = $1 AND ($2::uuid IS NULL OR org_unit_id = $2) AND ($3::text IS NULL OR kind = $3)
     ORDER BY ${SENIOR_FIRST} LIMIT 1`,
    [userId, unitId, kind],
  );
  return rows[0] ?? null;
}

/** The titles of a user's most senior current post, as a task given to them stores them. */
export async function currentPostTitles(em: EntityManager, userId: string): Promise<PostTitles> {
  return postTitles(await postOf(em, userId, null, null));
}

/** The active delegate of an approver for this document type (delegations are not followed further). */
export async function delegateOf(
  em: EntityManager,
  approverId: string,
  documentType: string,
  at: Date,
): Promise<string | null> {
  const rows: { to_user_id: string }[] = await em.query(DELEGATE, [approverId, at, documentType]);
  return rows[0]?.to_user_id ?? null;
}
