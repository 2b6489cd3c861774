# syntax=docker/dockerfile:1
# One Dockerfile for every Vivier image. Pick the app with APP and the kind of image with --target:
#
#   docker build --build-arg APP=gateway         --target service -t vivier/gateway .
#   docker build --build-arg APP=provider-worker --target service -t vivier/provider-worker .
#   docker build --build-arg APP=web             --target web     -t vivier/web .
#   docker build --build-arg APP=db              --target migrate -t vivier/migrate .
#
# APP is the folder name under apps/ (services, web) or packages/ (db, for the migration image).
# Every image runs as the unprivileged `node` user (uid 1000) under tini, so SIGTERM reaches Node
# and the service drains. Images use Node 24 LTS; the code itself also runs on Node 20.
ARG NODE_VERSION=24-bookworm-slim

# --- base: Node, pnpm and turbo at the versions the repository pins -------------------------------
FROM node:${NODE_VERSION} AS base
ENV PNPM_HOME=/pnpm \
    PATH=/pnpm:$PATH \
    CI=true \
    NEXT_TELEMETRY_DISABLED=1 \
    TURBO_TELEMETRY_DISABLED=1
RUN npm install --global --no-fund --no-audit pnpm@12.4.2 turbo@2.11.11

# --- prune: only the app and the workspace packages it uses -------------------------------------
FROM base AS prune
ARG APP
WORKDIR /repo
COPY . .
RUN test -n "${APP}" && turbo prune "@vivier/${APP}" --docker --out-dir /pruned

# --- build: install from the lockfile (cached on package.json changes only), then build --------
FROM base AS build
ARG APP
WORKDIR /repo
COPY --from=prune /pruned/json/ .
RUN --mount=type=cache,id=pnpm-store,target=/pnpm/store \
    pnpm install --frozen-lockfile --store-dir /pnpm/store
COPY --from=prune /pruned/full/ .
RUN pnpm exec turbo run build --filter="@vivier/${APP}" --output-logs=errors-only

# --- deploy: the service with its production dependencies only, workspace packages included ------
FROM build AS deploy
ARG APP
# start.mjs imports the app's entry point (dist/server.js, or dist/main.js for provider-worker).
RUN pnpm --filter "@vivier/${APP}" deploy --prod /out \
    && ENTRY="$(test -f /out/dist/main.js && echo main || echo server)" \
    && printf "import './dist/%s.js';\n" "${ENTRY}" > /out/start.mjs

# --- runtime: what every final image shares ---------------------------------------------------
FROM node:${NODE_VERSION} AS runtime
# tini is PID 1: it forwards SIGTERM to Node and reaps zombies.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini=0.19.0-1* \
    && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
ENTRYPOINT ["/usr/bin/tini", "--"]
# Liveness of whatever listens on $PORT (node has fetch; the slim image has no curl).
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
    CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]

# --- service: gateway, auth/chat/admin/billing-service, provider-worker ------------------------
FROM runtime AS service
COPY --from=deploy --chown=1000:1000 /out/ /app/
# The local-disk file store (chat-service, provider-worker): mount a volume here.
RUN mkdir -p /data/files && chown 1000:1000 /data/files
USER 1000:1000
# No --enable-source-maps: Node would parse every loaded module's map (~14 MiB per process). Set
# NODE_OPTIONS=--enable-source-maps on a deployment whose stack traces you want in TypeScript lines.
CMD ["node", "start.mjs"]

# --- web: the Next.js standalone server --------------------------------------------------------
FROM runtime AS web
# The web build (apps/web/scripts/standalone-assets.mjs) already put .next/static and public/ in here.
COPY --from=build --chown=1000:1000 /repo/apps/web/.next/standalone/ /app/
ENV PORT=3001 \
    HOSTNAME=0.0.0.0
USER 1000:1000
CMD ["node", "apps/web/server.js"]

# --- migrate: the one-shot migration (and seed) job; keeps the Prisma CLI (a dev dependency) -----
FROM build AS migrate
RUN chown -R 1000:1000 /repo/packages/db
ENV NODE_ENV=production
USER 1000:1000
WORKDIR /repo/packages/db
# Creates the database if missing, applies migrations, seeds the plans and (with ADMIN_EMAIL and
# ADMIN_PASSWORD) the first admin. Idempotent: safe to run on every deploy.
CMD ["node", "--conditions=source", "--import", "tsx", "src/seed.ts"]
