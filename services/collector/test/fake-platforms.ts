// A local HTTP server on 127.0.0.1:0 that answers like the platforms, from the copied fixtures
// (test/fixtures/README of the shared fixtures: how each platform answers). Tests script extra answers.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export const fixturesDir = join(__dirname, 'fixtures');
export const fixtureText = (path: string): string => readFileSync(join(fixturesDir, path), 'utf8');
export const fixtureJson = (path: string): any => JSON.parse(fixtureText(path));

export interface SeenRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  form: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export type Answer = { status?: number; json?: unknown; html?: string; headers?: Record<string, string>; hang?: boolean };
export type Handler = (req: SeenRequest) => Answer | undefined;

/** The OK fixture credentials (platforms.md §2.2): the server checks each sig independently. */
export const okFixture = { appKey: 'CBAELETSFIXTUREKEY', appSecret: '0123456789ABCDEF01234567', accessToken: 'tkn1-elets-fixture-token' };
const md5 = (s: string): string => createHash('md5').update(s, 'utf8').digest('hex');

function okSigIsValid(q: URLSearchParams): boolean {
  const pairs = [...q.entries()].filter(([k]) => k !== 'sig' && k !== 'access_token' && k !== 'session_key').sort(([a], [b]) => (a < b ? -1 : 1));
  const secret = md5(okFixture.accessToken + okFixture.appSecret);
  return md5(pairs.map(([k, v]) => `${k}=${v}`).join('') + secret) === q.get('sig');
}

/** wall.get pages sliced from the fixture by offset and count. */
function wallGet(req: SeenRequest): Answer {
  const body = fixtureJson('vk/wall.get.json');
  const offset = Number(req.form.get('offset') ?? 0);
  const count = Number(req.form.get('count') ?? 100);
  body.response.count = body.response.items.length;
  body.response.items = body.response.items.slice(offset, offset + count);
  return { json: body };
}

const emptyComments = { response: { count: 0, items: [], current_level_count: 0, can_post: false, show_reply_button: true, groups_can_post: true } };

function wallComments(postId: string | null): unknown {
  return postId === '48213' ? fixtureJson('vk/wall.getComments.json').response : emptyComments.response;
}

/** execute: each API.wall.getComments({...}) of the code answered in order. */
function execute(req: SeenRequest): Answer {
  const code = req.form.get('code') ?? '';
  const calls = [...code.matchAll(/API\.(\w+\.\w+)\((\{.*?\})\)/g)];
  return { json: { response: calls.map(([, method, params]) => (method === 'wall.getComments' ? wallComments(String(JSON.parse(params!).post_id)) : false)) } };
}

function defaultAnswer(req: SeenRequest): Answer {
  const vk = /^\/method\/(.+)$/.exec(req.path);
  if (vk) {
    switch (vk[1]) {
      case 'wall.get':
        return wallGet(req);
      case 'wall.getComments':
        return { json: { response: wallComments(req.form.get('post_id')) } };
      case 'newsfeed.search':
        if (req.form.get('start_from')) {
          const second = fixtureJson('vk/newsfeed.search.json');
          second.response.items = [{ ...second.response.items[1], id: 1190, date: 1794480000, text: 'Елец, яма у школы №5, вторая страница поиска' }];
          delete second.response.next_from;
          return { json: second };
        }
        return { json: fixtureJson('vk/newsfeed.search.json') };
      case 'video.getComments':
        return { json: fixtureJson('vk/video.getComments.json') };
      case 'execute':
        return execute(req);
      default:
        return { json: { error: { error_code: 3, error_msg: 'Unknown method passed' } } };
    }
  }
  if (req.path === '/fb.do' || req.path.startsWith('/api/')) {
    if (!okSigIsValid(req.query)) return { json: { error_code: 104, error_data: null, error_msg: 'PARAM_SIGNATURE : Invalid signature' } };
    const method = req.query.get('method');
    if (method === 'mediatopic.getTopics') {
      const body = fixtureJson('ok/mediatopic.getTopics.json');
      body.has_more = false; // the fixture says true; one page is all the fake has
      return { json: body };
    }
    if (method === 'discussions.getComments') {
      return { json: req.query.get('discussionId') === '156104822749447' ? fixtureJson('ok/discussions.getComments.json') : { comments: [], has_more: false } };
    }
    return { json: { error_code: 3, error_data: null, error_msg: 'METHOD : unknown' } };
  }
  if (req.path === '/s/elets_online48') {
    const before = req.query.get('before');
    if (!before) return { html: fixtureText('telegram/channel-page-1.html') };
    if (before === '3051') return { html: fixtureText('telegram/channel-page-2.html') };
    // Below the first message: the channel frame with an empty history (what t.me shows there is not recorded).
    return { html: '<html><head><meta property="og:title" content="Елец Онлайн | 48"></head><body><div class="tgme_channel_info"></div><section class="tgme_channel_history js-message_history"></section></body></html>' };
  }
  const tgOther = /^\/s\/([A-Za-z0-9_]+)$/.exec(req.path);
  if (tgOther) return { status: 302, headers: { location: `/${tgOther[1]}` } };
  if (/^\/[A-Za-z0-9_]+$/.test(req.path)) return { html: fixtureText('telegram/not-found.html') };
  if (req.path === '/youtube/v3/commentThreads') {
    const page1 = fixtureJson('youtube/commentThreads.list-page-1.json');
    if (!req.query.get('pageToken')) return { json: page1 };
    if (req.query.get('pageToken') === page1.nextPageToken) return { json: fixtureJson('youtube/commentThreads.list-page-2.json') };
    return { status: 400, json: { error: { code: 400, message: 'bad page token', errors: [{ reason: 'invalidPageToken' }] } } };
  }
  return { status: 404, html: 'not found' };
}

export interface FakePlatforms {
  url: string;
  host: string;
  requests: SeenRequest[];
  /** Answers of a path before the default ones: each handler is used once, in order. */
  queue(path: string, ...answers: Answer[]): void;
  /** A handler consulted before the defaults on every request (return undefined to fall through). */
  use(handler: Handler): void;
  /** Drops the handlers and queued answers: back to the fixtures. */
  reset(): void;
  count(path: string): number;
  close(): Promise<void>;
}

export async function startFakePlatforms(): Promise<FakePlatforms> {
  const requests: SeenRequest[] = [];
  const queued = new Map<string, Answer[]>();
  const handlers: Handler[] = [];
  const hanging = new Set<ServerResponse>();
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => { body += c; });
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, form: new URLSearchParams(body), headers: req.headers };
      requests.push(seen);
      const answer = queued.get(u.pathname)?.shift() ?? handlers.map((h) => h(seen)).find((a) => a !== undefined) ?? defaultAnswer(seen);
      if (answer.hang) {
        hanging.add(res);
        return;
      }
      const headers: Record<string, string> = { ...answer.headers };
      if (answer.json !== undefined) headers['content-type'] = 'application/json; charset=utf-8';
      else if (answer.html !== undefined) headers['content-type'] = 'text/html; charset=utf-8';
      res.writeHead(answer.status ?? 200, headers);
      res.end(answer.json !== undefined ? JSON.stringify(answer.json) : answer.html ?? '');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    queue(path, ...answers) {
      queued.set(path, [...(queued.get(path) ?? []), ...answers]);
    },
    use(handler) {
      handlers.push(handler);
    },
    reset() {
      handlers.length = 0;
      queued.clear();
    },
    count: (path) => requests.filter((r) => r.path === path).length,
    async close() {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
