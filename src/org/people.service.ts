import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { badRequest, notFound } from '../common/errors/domain-error.js';
import { decodeCursor, type Page, toPage } from '../common/http/pagination.js';
import { isUuid } from '../common/uuid.js';
import type { ListPeopleQueryDto, PersonEntryDto } from './dto/person-entry.dto.js';
import { User } from './entities/user.entity.js';
import { escapeLike, toUnitSummary } from './org-views.js';

/**
 * The directory as colleagues see it: names and units (a delegate is chosen here, and the name of
 * whom a delegate acts for is read). What accounts are (sign-in names, e-mail, roles, status) is
 * the administrators' (`UsersService`).
 */
@Injectable()
export class PeopleService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Active accounts by name, Latin then Khmer, paged by (name, id); `search` matches either name. */
  async list(query: ListPeopleQueryDto): Promise<Page<PersonEntryDto>> {
    const limit = query.limit ?? 50;
    const after = decodeCursor<[string, string]>(query.cursor, 2);
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .leftJoinAndSelect('u.orgUnit', 'unit')
      .where(`u.status = 'active'`)
      .orderBy('u.fullName', 'ASC')
      .addOrderBy('u.id', 'ASC');
    if (query.search) {
      // The pg_trgm GIN indexes of the initial migration serve these ILIKEs (Khmer included).
      qb.andWhere('(u.fullName ILIKE :term OR u.fullNameKm ILIKE :term)', {
        term: `%${escapeLike(query.search)}%`,
      });
    }
    if (after) {
      if (typeof after[0] !== 'string' || !isUuid(after[1]))
        throw badRequest('INVALID_CURSOR', 'The cursor is not valid');
      qb.andWhere('(u.fullName, u.id) > (:name, :id)', { name: after[0], id: after[1] });
    }
    const rows = await qb.take(limit + 1).getMany();
    return toPage(rows.map(toPersonEntry), limit, (p) => [p.fullName, p.id]);
  }

  /** One person by id, whatever their account's status (their name stays on what they did). */
  async get(id: string): Promise<PersonEntryDto> {
    const user = await this.dataSource
      .getRepository(User)
      .findOne({ where: { id }, relations: { orgUnit: true } });
    if (!user) throw notFound('USER_NOT_FOUND', 'No such person');
    return toPersonEntry(user);
  }
}

function toPersonEntry(u: User): PersonEntryDto {
  return {
    id: u.id,
    fullName: u.fullName,
    fullNameKm: u.fullNameKm,
    orgUnit: u.orgUnit ? toUnitSummary(u.orgUnit) : null,
  };
}
