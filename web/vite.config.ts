import react from '@vitejs/plugin-react';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';

/**
 * Writes `.br` and `.gz` beside each text asset of the build, for a server that sends precompressed
 * files (@fastify/static `preCompressed: true`): on a slow phone network the JavaScript then travels
 * at about a third of its size, and nothing is compressed per request.
 */
function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
          e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
        );
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt)$/.test(file)) continue;
        const data = readFileSync(file);
        if (data.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(data, { level: 9 }));
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }),
        );
      }
    },
  };
}

/**
 * The entry (src/main.tsx) is small and loads the app (src/app.tsx) with a dynamic import, so it can
 * start the refresh and the page's own code while the app is on its way. This puts the app's chunks
 * in index.html as `modulepreload`, so the browser fetches them at once beside the entry, not after
 * it has run.
 */
function preloadApp(): Plugin {
  return {
    name: 'preload-app',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const bundle = ctx.bundle;
        if (!bundle) return [];
        const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
        const entry = chunks.find((c) => c.isEntry);
        const app = chunks.find((c) => c.moduleIds.some((id) => /[\\/]src[\\/]app\.tsx$/.test(id)));
        if (!entry || !app) throw new Error('preload-app: no entry or no src/app.tsx chunk');
        const files = new Set<string>();
        const add = (fileName: string) => {
          if (files.has(fileName) || fileName === entry.fileName || entry.imports.includes(fileName)) return;
          files.add(fileName);
          const chunk = bundle[fileName];
          if (chunk?.type === 'chunk') chunk.imports.forEach(add);
        };
        add(app.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: true, href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

/**
 * Writes `.prerender.json` beside index.html: the translations of the pages the server renders
 * itself (login and verification, src/ops/web-pages.ts), by language. A dot file: the server reads
 * it, never serves it.
 */
function prerenderStrings(): Plugin {
  let outDir = 'dist';
  let srcDir = 'src';
  return {
    name: 'prerender-strings',
    apply: 'build',
    configResolved(config) {
      srcDir = join(config.root, 'src');
      outDir = resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      const strings: Record<string, Record<string, unknown>> = {};
      for (const language of ['km', 'en']) {
        strings[language] = Object.fromEntries(
          ['common', 'verify', 'home', 'inbox'].map((ns) => [
            ns,
            JSON.parse(readFileSync(join(srcDir, 'i18n', language, `${ns}.json`), 'utf8')) as unknown,
          ]),
        );
      }
      writeFileSync(join(outDir, '.prerender.json'), JSON.stringify(strings));
    },
  };
}

/** Modules that belong with the app (src/app.tsx), not with a page: libraries and the frame. */
const APP_MODULE =
  /node_modules[\\/](?!.*\.css$)|[\\/]src[\\/](app|router)\.tsx$|[\\/]src[\\/]prerendered\.ts$|[\\/]src[\\/](api|auth|components)[\\/]|[\\/]src[\\/]i18n[\\/]((?!language)[^/\\]+\.ts|[^/\\]+[\\/]common\.json)$|[\\/]src[\\/]features[\\/]([^/\\]+[\\/]routes\.tsx?$|lazyPage\.ts|errors[\\/]|notifications[\\/])/;

// In development the API runs on its own port (npm run start / npm run demo); the app proxies to it,
// so the app and the API share one origin as they do in production.
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig(({ isSsrBuild }) => ({
  // The server's render of the signed-in pages (src/entry-server.tsx, `npm run build`'s second
  // step) is one self-contained module for Node: no library to install beside it, React in its
  // production build. The browser's build is the rest.
  plugins: isSsrBuild ? [react()] : [react(), preloadApp(), precompress(), prerenderStrings()],
  ssr: { noExternal: true },
  // React's build must match how the JSX was compiled: @vitejs/plugin-react compiles for React's
  // development build when NODE_ENV is development, else for production.
  define: isSsrBuild
    ? {
        'process.env.NODE_ENV': JSON.stringify(
          process.env.NODE_ENV === 'development' ? 'development' : 'production',
        ),
      }
    : {},
  build: isSsrBuild
    ? {
        outDir: 'dist/.server',
        emptyOutDir: true,
        target: 'node20',
        copyPublicDir: false,
        rolldownOptions: {
          // One module by design: that the pages' lazy imports stay in it (the server renders every
          // page) is what this build is for, so the warning that says so, once per page and
          // translation, is left out. Every other warning is printed.
          onwarn(warning, warn) {
            if (warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') warn(warning);
          },
        },
      }
    : {
        outDir: 'dist',
        emptyOutDir: true,
        // No inline scripts or data: URLs for the CSP (script-src 'self').
        assetsInlineLimit: 0,
        modulePreload: { polyfill: false },
        target: 'es2022',
        rolldownOptions: {
          output: {
            // The app and its libraries in one chunk: a dozen small chunks would queue behind the
            // browser's six connections (HTTP/1.1), a round trip per turn. Pages stay apart (lazy).
            codeSplitting: {
              includeDependenciesRecursively: false,
              groups: [{ name: 'app', test: (id: string) => APP_MODULE.test(id) }],
            },
          },
        },
      },
  server: {
    proxy: { '/api': api, '/docs': api, '/health': api },
  },
  preview: {
    proxy: { '/api': api, '/docs': api, '/health': api },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
}));
