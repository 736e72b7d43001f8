// The web UI: a handful of static files read once at start, served with a strict content security policy.
import type { FastifyInstance } from 'fastify';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const publicDir = fileURLToPath(new URL('../../public', import.meta.url));

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.png': 'image/png',
};

const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function readTree(dir: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (types[extname(name)]) files.set(`/${relative(dir, path).split('\\').join('/')}`, readFileSync(path));
    }
  };
  walk(dir);
  return files;
}

export function staticUiRoutes() {
  const files = readTree(publicDir);
  return async (app: FastifyInstance): Promise<void> => {
    const send = (path: string) => async (_request: unknown, reply: import('fastify').FastifyReply) => {
      const body = files.get(path);
      if (!body) return reply.code(404).send({ error: { code: 'NOT_FOUND', message: 'нет такого файла' } });
      reply.header('content-type', types[extname(path)] ?? 'application/octet-stream');
      reply.header('content-security-policy', csp);
      reply.header('x-content-type-options', 'nosniff');
      reply.header('cache-control', 'no-cache');
      return reply.send(body);
    };
    app.get('/', send('/index.html'));
    for (const path of files.keys()) app.get(`/ui${path}`, send(path));
  };
}
