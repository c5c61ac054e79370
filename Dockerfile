# syntax=docker/dockerfile:1
# RewardFlow's production image (docs/deploying.md). One image, two roles: the web and worker
# processes differ only by PROCESS_ROLES; `node dist/backend/cli/migrate.js` is the release step.
#   docker build --build-arg GIT_COMMIT=$(git rev-parse HEAD) -t rewardflow .

# --- build: every dependency, then `npm run build` (compiled backend, page assets, kiosk UI) ---
FROM node:20-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
# No install scripts: the build needs none (and Electron's would download a browser build).
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build

# --- runtime: production dependencies and dist/ only, as an unprivileged user ---
FROM node:20-bookworm-slim AS runtime
# tini as PID 1 forwards SIGTERM to Node (which drains requests and jobs) and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
# --omit=optional leaves out the embedded PostgreSQL binaries: production uses DATABASE_URL.
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /src/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data

ARG GIT_COMMIT=
ENV NODE_ENV=production \
    PORT=3000 \
    WORKER_HTTP_PORT=9100 \
    DATA_DIR=/app/data \
    KIOSK_WEB_PORT=0 \
    GIT_COMMIT=${GIT_COMMIT}
USER node
EXPOSE 3000 9100
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "dist/backend/cli/healthcheck.js"]
ENTRYPOINT ["/usr/bin/tini", "--"]
CMD ["node", "--enable-source-maps", "dist/backend/main.js"]
