import type { OrgPostDto, OrgUnitDto, OrgUnitSummaryDto } from './dto/org-unit.dto.js';
import type { UserDto, UserSummaryDto } from './dto/user.dto.js';
import type { OrgPost } from './entities/org-post.entity.js';
import type { OrgUnit } from './entities/org-unit.entity.js';
import type { User } from './entities/user.entity.js';

/** The public face of a user: never the password hash nor the login counters. */
export function toUserDto(u: User): UserDto {
  return {
    id: u.id,
    username: u.username,
    fullName: u.fullName,
    fullNameKm: u.fullNameKm,
    email: u.email,
    locale: u.locale,
    status: u.status,
    roles: u.roles,
    orgUnitId: u.orgUnitId,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}

export function toUserSummary(u: User): UserSummaryDto {
  return { id: u.id, username: u.username, fullName: u.fullName, fullNameKm: u.fullNameKm };
}

export function toUnitDto(u: OrgUnit): OrgUnitDto {
  return {
    id: u.id,
    code: u.code,
    name: u.name,
    nameKm: u.nameKm,
    parentId: u.parentId,
    createdAt: u.createdAt,
  };
}

export function toUnitSummary(u: OrgUnit): OrgUnitSummaryDto {
  return { id: u.id, code: u.code, name: u.name, nameKm: u.nameKm };
}

export function toPostDto(p: OrgPost & { user: User }): OrgPostDto {
  return {
    id: p.id,
    orgUnitId: p.orgUnitId,
    kind: p.kind,
    title: p.title,
    titleKm: p.titleKm,
    userId: p.userId,
    user: toUserSummary(p.user),
    validFrom: p.validFrom,
    validTo: p.validTo,
    createdAt: p.createdAt,
  };
}

/** The calendar date (UTC) of an instant, as a `date` column compares it. */
export function dateOnly(at: Date): string {
  return at.toISOString().slice(0, 10);
}

/** Escapes LIKE wildcards so a search term matches literally. */
export function escapeLike(term: string): string {
  return term.replace(/[\\%_]/g, (c) => `\\${c}`);
}
