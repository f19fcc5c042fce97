import { OrgPost } from './org-post.entity.js';
import { OrgUnit } from './org-unit.entity.js';
import { User } from './user.entity.js';

/** The org module's entities (globs do not load under ESM tests): add new ones here. */
export const orgEntities = [User, OrgUnit, OrgPost];
