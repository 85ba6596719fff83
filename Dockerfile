# syntax=docker/dockerfile:1
# The server's container images. Two targets:
#   noweb (the default): NOWEB engine, no browser;
#   full: adds Debian's Chromium so sessions can also use the WEBJS engine.
#   docker build --target noweb -t wa-http-api:noweb .
# BASE is any Debian bookworm image with Node 20 in /usr/local (node:20-bookworm-slim, or the local
# stand-in scripts/image-base.sh makes where Docker Hub is out of reach). See docs/docker.md.
ARG BASE=node:20-bookworm-slim

# --- build: install with pnpm, compile the workspace, deploy the server's production dependencies
FROM ${BASE} AS build
# Compilers for better-sqlite3; tini is copied into the runtime stages as PID 1.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ tini \
 && rm -rf /var/lib/apt/lists/*
# Only for machines whose TLS to the npm registry goes through a local CA (never in the final image).
ARG NODE_EXTRA_CA_CERTS=""
# true: better-sqlite3 is compiled against the base's own Node headers, with no download from
# outside the npm registry; false lets it fetch its prebuilt addon (CI's arm64 build under QEMU).
ARG NATIVE_FROM_SOURCE=true
ENV NODE_EXTRA_CA_CERTS=${NODE_EXTRA_CA_CERTS} \
    CI=true \
    TURBO_TELEMETRY_DISABLED=1 \
    TURBO_NO_UPDATE_NOTIFIER=1 \
    npm_config_build_from_source=${NATIVE_FROM_SOURCE} \
    npm_config_nodedir=/usr/local
WORKDIR /src
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc .pnpmfile.cjs ./
RUN npm install --global --no-audit --no-fund \
      "pnpm@$(node -p "require('./package.json').packageManager.split('@')[1]")" \
 && npm cache clean --force
# Dependencies from the lockfile alone: this layer is reused until the lockfile changes.
RUN pnpm fetch
COPY . .
RUN pnpm install --frozen-lockfile --offline \
 && pnpm build --filter=@wa/server... \
 && pnpm --filter @wa/server deploy --prod /app \
 && sh scripts/image-prune.sh /app

# --- common runtime: non-root user, tini, the data volume, health check, labels
FROM ${BASE} AS runtime
ARG VERSION=dev
ARG REVISION=unknown
ARG SOURCE=""
LABEL org.opencontainers.image.title="wa-http-api" \
      org.opencontainers.image.description="Self-hosted WhatsApp HTTP API, drop-in compatible with WAHA's Chats API" \
      org.opencontainers.image.licenses="MIT" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.revision="${REVISION}"
RUN groupadd --system --gid 10001 wa \
 && useradd --system --uid 10001 --gid wa --home-dir /data --no-create-home \
      --shell /usr/sbin/nologin wa \
 && mkdir /data \
 && chown wa:wa /data
COPY --from=build /usr/bin/tini-static /usr/bin/tini
# /health stays open so the HEALTHCHECK works with any key (set the variable to change that).
ENV NODE_ENV=production \
    PORT=3000 \
    WA_DATA_DIR=/data \
    WHATSAPP_API_KEY_EXCLUDE_PATH=health
WORKDIR /app
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "/app/dist/healthcheck.js"]
# tini is PID 1: it forwards SIGTERM to Node and reaps Chromium's children.
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "/app/dist/main.js"]

# --- full: Debian's Chromium for WEBJS (before the app, so app changes reuse this layer)
FROM runtime AS full
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-liberation \
 && rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin
ENV CHROMIUM_PATH=/usr/bin/chromium
COPY --from=build /app /app
USER wa

# --- noweb: the server alone (last, so a build without --target makes it)
FROM runtime AS noweb
COPY --from=build /app /app
USER wa
