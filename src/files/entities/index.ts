import { StoredFile } from './stored-file.entity.js';

/** The files module's entities (globs do not load under ESM tests): add new ones here. */
export const fileEntities = [StoredFile];
