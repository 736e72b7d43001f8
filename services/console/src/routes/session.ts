// The login form's endpoints: sign in (session cookie), sign out, and who am I.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { parseCookies, sessionCookie } from '../auth/sessions';
import { clientOf, requireUser, type ConsoleContext } from '../context';
import { apiError } from '../errors';
import { writeAudit } from '../store/audit';
import { parseInput } from './parse';

const LoginBody = z.object({ login: z.string().min(1).max(64), password: z.string().min(1).max(512) }).strict();

export function sessionRoutes(ctx: ConsoleContext) {
  const cookie = (value: string, maxAgeSec: number) =>
    `${sessionCookie}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAgeSec}${ctx.config.secureCookies ? '; Secure' : ''}`;
  /** Whether the session change reached the shared table; a failure is logged. */
  const isSaved = async (what: string): Promise<boolean> => {
    try {
      await ctx.sessions.saved();
      return true;
    } catch (error) {
      ctx.deps.logger.error({ err: error, event: 'console.session_not_saved', what }, 'session change not written to the store');
      return false;
    }
  };
  return async (app: FastifyInstance): Promise<void> => {
    app.post('/api/login', async (request, reply) => {
      const body = parseInput(LoginBody, request.body, 'body');
      const user = ctx.users.checkPassword(body.login, body.password);
      if (!user) {
        await writeAudit(ctx.deps.store, { at: ctx.deps.clock.now(), userId: body.login, role: '', action: 'login.failed', client: clientOf(request) });
        throw apiError('UNAUTHENTICATED', 'неверный логин или пароль');
      }
      const sessionId = ctx.sessions.create(user.id, ctx.deps.clock.now().getTime());
      // A session the table does not hold would be unknown to the other console instances and forgotten by this
      // one at its next check: refuse the sign-in rather than hand out a cookie that works only sometimes.
      if (!(await isSaved('login'))) {
        ctx.sessions.forget(sessionId);
        throw apiError('STORE_UNAVAILABLE', 'вход временно невозможен: хранилище недоступно, повторите попытку');
      }
      ctx.counters.logins += 1;
      await writeAudit(ctx.deps.store, { at: ctx.deps.clock.now(), userId: user.id, role: user.role, action: 'login', client: clientOf(request) });
      reply.header('set-cookie', cookie(sessionId, ctx.config.sessionTtlMin * 60));
      return { user };
    });

    app.post('/api/logout', async (request, reply) => {
      const sessionId = parseCookies(request.headers.cookie)[sessionCookie];
      if (sessionId) {
        ctx.sessions.destroy(sessionId, ctx.deps.clock.now().getTime());
        // Signed out here and the cookie cleared either way; unwritten, other instances still accept the cookie
        // until it expires — logged as an error for the operator.
        await isSaved('logout');
      }
      reply.header('set-cookie', cookie('', 0));
      return { ok: true };
    });

    app.get('/api/me', async (request) => ({ user: requireUser(ctx, request) }));
  };
}
