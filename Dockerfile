# One image for every service; the command picks the role (see docker-compose.yml).
#
# Build stage: every dependency, then `npm run build` compiles the TypeScript into dist/ (one .js per module,
# their .graphql and .json neighbours beside them), then the dev dependencies go. Run stage: that
# node_modules, dist/, the supergraph and the plan files, nothing else: no TypeScript, no tsx at run time.
# Node 22 is an LTS line supported until April 2027; the code also runs on Node 20 (package.json engines).
ARG NODE_IMAGE=node:22-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
# npm ci's postinstall applies them (patch-package): a dependency's fix that has not been released yet.
COPY patches ./patches
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY gateway ./gateway
COPY subgraphs ./subgraphs
COPY shared ./shared
COPY ingest ./ingest
COPY bench ./bench
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY scripts/healthcheck.mjs ./scripts/healthcheck.mjs
COPY supergraph.graphql ./
COPY data/plans ./data/plans
# The image's files belong to root and are read-only to the service; it runs as the image's unprivileged
# `node` user (uid 1000). Only mounted volumes (API keys) are writable, as the host allows.
USER node
EXPOSE 4000
# Every process answers GET /ready (503 while its database or subgraphs are not ready, or while stopping).
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 CMD ["node", "scripts/healthcheck.mjs", "/ready"]
# node is PID 1 (exec form, no npm, no shell): SIGTERM from `docker stop` reaches the process, which drains
# its requests and exits. The preload starts tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. The heap limit keeps
# V8 from letting garbage grow to gigabytes under load (gateway/heap-budget.ts).
CMD ["node", "--max-old-space-size=1024", "--max-semi-space-size=64", "--import", "./dist/shared/observability/preload.js", "dist/gateway/main.js"]
