# One image for every service; SERVICE picks which one runs (collector, classifier, router, sla-watch, console).
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json .npmrc ./
COPY shared/package.json shared/
COPY services/collector/package.json services/collector/
COPY services/classifier/package.json services/classifier/
COPY services/router/package.json services/router/
COPY services/sla-watch/package.json services/sla-watch/
COPY services/console/package.json services/console/
RUN npm install --omit=dev --no-audit --no-fund && npm install --no-save --no-audit --no-fund tsx
COPY shared shared
COPY services services
COPY runtime runtime
ARG SERVICE=classifier
ENV SERVICE=${SERVICE}
USER node
CMD ["sh", "-c", "exec node --max-semi-space-size=64 --import tsx services/${SERVICE}/src/main.ts"]
