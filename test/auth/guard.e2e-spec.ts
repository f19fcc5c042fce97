import { Controller, Get } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import { AppModule } from '../../src/app.module.js';
import { RouteDeclarationCheck } from '../../src/auth/route-declaration.check.js';
import { Authenticated, Public, Roles } from '../../src/common/auth/decorators.js';
import { adminToken, createUserWithToken } from '../helpers/auth.js';
import { createTestApp, testConfig, type TestApp } from '../helpers/test-app.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-db.js';

/** A controller as a careless engineer might write it: one route declares nothing. */
@Controller('guard-probe')
class ProbeController {
  @Get('undeclared')
  undeclared() {
    return { reached: true };
  }

  @Get('open')
  @Public()
  open() {
    return { reached: true };
  }

  @Get('user')
  @Authenticated()
  user() {
    return { reached: true };
  }
}

@Roles('admin')
@Controller('guard-probe-admin')
class AdminProbeController {
  @Get()
  admin() {
    return { reached: true };
  }

  /** The handler's own declaration wins over the controller's. */
  @Get('open')
  @Public()
  open() {
    return { reached: true };
  }
}

describe('auth: the global guard (deny by default)', () => {
  let t: TestApp;
  let probe: NestFastifyApplication;
  let probeDb: TestDatabase;
  let probeUrl: string;

  beforeAll(async () => {
    t = await createTestApp();
    probeDb = await createTestDatabase();
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot(testConfig(probeDb.url))],
      controllers: [ProbeController, AdminProbeController],
    }).compile();
    probe = moduleRef.createNestApplication<NestFastifyApplication>(new FastifyAdapter(), { logger: false });
    probe.setGlobalPrefix('api/v1');
    await probe.init();
    await probe.listen({ port: 0, host: '127.0.0.1' });
    probeUrl = `http://127.0.0.1:${(probe.getHttpServer().address() as { port: number }).port}/api/v1`;
  });
  afterAll(async () => {
    await probe?.close();
    await probeDb?.drop();
    await t.close();
  });

  const probeGet = async (path: string, token?: string) => {
    const res = await fetch(`${probeUrl}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('refuses a route that declares nobody, even to an admin (403 ROUTE_NOT_DECLARED)', async () => {
    const token = await probe.get(JwtService).signAsync({ sub: '00000000-0000-0000-0000-000000000000' });
    const anonymous = await probeGet('/guard-probe/undeclared');
    expect(anonymous.status).toBe(403);
    expect(anonymous.body.code).toBe('ROUTE_NOT_DECLARED');
    const withToken = await probeGet('/guard-probe/undeclared', token);
    expect(withToken.body.code).toBe('ROUTE_NOT_DECLARED');
  });

  it('lists the undeclared route at start-up', () => {
    const undeclared = probe.get(RouteDeclarationCheck).undeclaredRoutes();
    expect(undeclared).toEqual([
      {
        controller: 'ProbeController',
        handler: 'undeclared',
        method: 'GET',
        path: '/guard-probe/undeclared',
      },
    ]);
  });

  it('every route of the real application declares who may call it', () => {
    expect(t.service<RouteDeclarationCheck>(RouteDeclarationCheck).undeclaredRoutes()).toEqual([]);
  });

  it('opens @Public routes to anyone, and a handler declaration beats its controller', async () => {
    expect((await probeGet('/guard-probe/open')).status).toBe(200);
    expect((await probeGet('/guard-probe-admin/open')).status).toBe(200);
    expect((await probeGet('/guard-probe-admin')).status).toBe(401);
  });

  it('answers 401 UNAUTHENTICATED without a token, with a bad one, and with an expired one', async () => {
    const none = await t.get('/api/v1/me');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ statusCode: 401, code: 'UNAUTHENTICATED' });

    const garbage = await t.get('/api/v1/me', { token: 'not.a.jwt' });
    expect(garbage.status).toBe(401);
    expect(garbage.body.code).toBe('UNAUTHENTICATED');

    const { user } = await createUserWithToken(t);
    const jwt = t.service<JwtService>(JwtService);
    const expired = await jwt.signAsync(
      { sub: user.id, username: user.username, typ: 'access' },
      { expiresIn: -10 },
    );
    const late = await t.get('/api/v1/me', { token: expired });
    expect(late.status).toBe(401);
    expect(late.body.code).toBe('UNAUTHENTICATED');

    const forged = await new JwtService({ secret: 'another-secret-another-secret-0123456789' }).signAsync({
      sub: user.id,
      username: user.username,
      typ: 'access',
    });
    expect((await t.get('/api/v1/me', { token: forged })).status).toBe(401);

    const basic = await t.request('GET', '/api/v1/me', {
      headers: { authorization: 'Basic YWRtaW46YWRtaW4=' },
    });
    expect(basic.status).toBe(401);
  });

  it('answers 403 FORBIDDEN to a logged-in user without the role', async () => {
    const { token } = await createUserWithToken(t);
    const users = await t.post(
      '/api/v1/users',
      { username: 'someone', password: 'password-123', fullName: 'Some One' },
      { token },
    );
    expect(users.status).toBe(403);
    expect(users.body.code).toBe('FORBIDDEN');
    const units = await t.post('/api/v1/org-units', { code: 'XYZ', name: 'X' }, { token });
    expect(units.status).toBe(403);
    expect(units.body.code).toBe('FORBIDDEN');
    const count = await t.dataSource.query(`SELECT count(*)::int AS n FROM org_units WHERE code = 'XYZ'`);
    expect(count[0].n).toBe(0);
  });

  it('takes a role change into account at once (roles are read per request)', async () => {
    const { user, token } = await createUserWithToken(t);
    const admin = await adminToken(t);
    expect((await t.post('/api/v1/org-units', { code: 'ROLE1', name: 'R' }, { token })).status).toBe(403);
    expect((await t.patch(`/api/v1/users/${user.id}`, { roles: ['admin'] }, { token: admin })).status).toBe(
      200,
    );
    expect((await t.post('/api/v1/org-units', { code: 'ROLE1', name: 'R' }, { token })).status).toBe(201);
  });
});
