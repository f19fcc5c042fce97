import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ProfileDto } from '../profile/dto/profile.dto.js';
import type { Language } from './web-pages.js';

/** One query's data, under the key the web app's page asks for it (e.g. `['election', id]`). */
export interface PrerenderedQuery {
  key: readonly unknown[];
  data: unknown;
}

/**
 * The web app's own render of a signed-in page (web/src/entry-server.tsx, built into
 * `<WEB_DIST_DIR>/.server/`, which the static files never serve: a dot folder): the markup of
 * `#root` that the app then hydrates, or null when the path is no page.
 */
export interface ServerRender {
  render(input: {
    /** The page's path and query, as requested (URL-encoded). */
    url: string;
    language: Language;
    user: ProfileDto;
    queries: PrerenderedQuery[];
  }): Promise<string | null>;
}

export const SERVER_RENDER_FILE = join('.server', 'entry-server.js');

/** Loads the build's server render; null when the build has none (an older build, the API tests' stand-in). */
export async function loadServerRender(root: string): Promise<ServerRender | null> {
  const file = join(root, SERVER_RENDER_FILE);
  if (!existsSync(file)) return null;
  try {
    const module = (await import(pathToFileURL(file).href)) as Partial<ServerRender>;
    return typeof module.render === 'function' ? (module as ServerRender) : null;
  } catch (error) {
    // A build whose server render cannot load is a bug to fix; the pages are then the plain app.
    new Logger('WebApp').error(`the web app's server render did not load: ${String(error)}`);
    return null;
  }
}

/** The data as the API sends it (dates as ISO strings, no undefined fields): what the app would get. */
export const asSent = (value: unknown): unknown => JSON.parse(JSON.stringify(value)) as unknown;
