import { Injectable } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { routeAccess, type RouteAccess } from '../auth/global-auth.guard.js';

/** The operation id every route gets in the OpenAPI document: `Controller_method`. */
export const operationIdOf = (controllerKey: string, methodKey: string): string =>
  `${controllerKey}_${methodKey}`;

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorResponseDto' } } },
});

/**
 * Writes who may call each operation into the OpenAPI document, from the same decorators the
 * global guard reads: `@Public()` gets `security: []` and `x-access: public`; `@Authenticated()`
 * and `@Roles()` get the bearer requirement (and `x-roles`) with the guard's 401 (and, for roles,
 * its 403), so no controller repeats `@ApiBearerAuth()` and `@ApiUnauthorizedResponse()`. An
 * undeclared route gets nothing, so the document shows it as a bug (the OpenAPI test fails on it).
 */
@Injectable()
export class OpenApiAccess {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  annotate(document: OpenAPIObject, bearerName = 'bearer'): OpenAPIObject {
    const access = this.accessByOperationId();
    for (const item of Object.values(document.paths)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op?.operationId) continue;
        const a = access.get(op.operationId);
        if (!a) continue;
        const ext = op as unknown as Record<string, unknown>;
        if (a.kind === 'public') {
          op.security = [];
          ext['x-access'] = 'public';
        } else {
          op.security = [{ [bearerName]: [] }];
          ext['x-access'] = a.kind === 'roles' ? 'roles' : 'user';
          if (a.kind === 'roles') ext['x-roles'] = a.roles;
          if (a.kind === 'user' && a.signedLink) ext['x-signed-link'] = true;
          // What the guard answers, unless the route documents its own answer for the status.
          op.responses['401'] ??= errorResponse(
            a.kind === 'user' && a.signedLink ? 'UNAUTHENTICATED, LINK_EXPIRED' : 'UNAUTHENTICATED',
          );
          if (a.kind === 'roles') {
            op.responses['403'] ??= errorResponse(`FORBIDDEN: needs the role ${a.roles.join(' or ')}`);
          }
        }
      }
    }
    return document;
  }

  private accessByOperationId(): Map<string, RouteAccess> {
    const found = new Map<string, RouteAccess>();
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, Function>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const a = routeAccess(this.reflector, prototype[name], controller);
        if (a) found.set(operationIdOf(controller.name, name), a);
      }
    }
    return found;
  }
}
