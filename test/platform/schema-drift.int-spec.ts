import { createDataSource } from '../../src/database/data-source.js';
import { entities } from '../../src/entities.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

/** The migrations build exactly the schema the entities describe (STYLE.md §3). */
describe('schema drift', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
  });

  it('finds nothing to generate on a migrated database', async () => {
    const ds = createDataSource(db.url, 2, entities);
    await ds.initialize();
    try {
      const sql = await ds.driver.createSchemaBuilder().log();
      expect(sql.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await ds.destroy();
    }
  });
});
