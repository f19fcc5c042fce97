import { AssociationMember } from './association-member.entity.js';
import { Association } from './association.entity.js';
import { BoardMember } from './board-member.entity.js';
import { Term } from './term.entity.js';

/** The associations module's entities (globs do not load under ESM tests): add new ones here. */
export const associationEntities = [Association, AssociationMember, Term, BoardMember];
