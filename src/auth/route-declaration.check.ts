import { Injectable, Logger, type OnApplicationBootstrap, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { AppConfig } from '../config/app-config.js';
import { routeAccess } from './global-auth.guard.js';

export interface UndeclaredRoute {
  controller: string;
  handler: string;
  method: string;
  path: string;
}

/**
 * Lists, at start-up, every route that declares neither `@Public()`, `@Authenticated()` nor
 * `@Roles()`: the guard refuses them all (403 ROUTE_NOT_DECLARED), which is a bug to fix.
 */
@Injectable()
export class RouteDeclarationCheck implements OnApplicationBootstrap {
  private readonly logger = new Logger('RouteDeclarations');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    // The worker serves no HTTP; the API process (or `all`) reports.
    if (this.config.APP_ROLE === 'worker') return;
    for (const r of this.undeclaredRoutes()) {
      this.logger.error(
        `BUG: ${r.method} ${r.path} (${r.controller}.${r.handler}) declares no @Public(), @Authenticated() ` +
          'or @Roles(): every request to it is refused with 403 ROUTE_NOT_DECLARED',
      );
    }
  }

  undeclaredRoutes(): UndeclaredRoute[] {
    const found: UndeclaredRoute[] = [];
    for (const wrapper of this.discovery.getControllers()) {
      const controller = wrapper.metatype as Function | undefined;
      if (!controller?.prototype) continue;
      const prototype = controller.prototype as Record<string, Function>;
      for (const name of this.scanner.getAllMethodNames(prototype)) {
        const handler = prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
        if (path === undefined) continue;
        if (routeAccess(this.reflector, handler, controller)) continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        const base = Reflect.getMetadata(PATH_METADATA, controller) as string | string[] | undefined;
        found.push({
          controller: controller.name,
          handler: name,
          method: method === undefined ? '?' : RequestMethod[method],
          path: `/${[base, path].flat().filter(Boolean).join('/')}`.replace(/\/+/g, '/'),
        });
      }
    }
    return found;
  }
}
