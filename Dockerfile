# syntax=docker/dockerfile:1
# One image for the API (default command) and the worker (node dist/src/worker.js).
# Node 26, the active LTS (the code also runs on 20.19+, 22.13+ and 24.11+: package.json engines,
# docs/operations.md "Node versions").

FROM node:26-bookworm-slim AS build
WORKDIR /app
# argon2 compiles its native module when no prebuilt binary fits.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY web/package.json ./web/package.json
# `npm ci` refuses this lock file (see ../shared/STACK.md); `npm install` keeps it unchanged.
RUN npm install --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
COPY bench ./bench
COPY scripts ./scripts
# The web app (a workspace): built into web/dist, which the server serves at /.
COPY web ./web
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:26-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    FILES_DIR=/app/var/files \
    CHROMIUM_PATH=/usr/bin/chromium
# PDFs (signed copies, approved minutes) are rendered by headless Chromium; Khmer needs its fonts.
RUN apt-get update \
  && apt-get install -y --no-install-recommends chromium fonts-khmeros \
  && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/web/dist ./web/dist
# The only writable place: uploaded files (mount a volume shared by every API and worker).
RUN mkdir -p /app/var/files && chown -R node:node /app/var
USER node
EXPOSE 3000
# SIGTERM: stop taking connections, finish requests in flight, close (see src/ops/graceful-close.ts).
STOPSIGNAL SIGTERM
CMD ["node", "dist/src/main.js"]
