import { AuthSession } from './auth-session.entity.js';
import { RefreshToken } from './refresh-token.entity.js';

/** The auth module's entities (globs do not load under ESM tests): add new ones here. */
export const authEntities = [RefreshToken, AuthSession];
