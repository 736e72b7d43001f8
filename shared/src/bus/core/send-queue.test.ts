import { describe, expect, it } from 'vitest';
import { createSendQueue, mergeByTopic, splitByBytes, type TopicMessages } from './send-queue';

const msg = (key: string, size = 10) => ({ key, value: 'x'.repeat(size) });
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('send queue', () => {
  it('merges by topic in arrival order', () => {
    expect(mergeByTopic([
      { topic: 'a', messages: [msg('1')] }, { topic: 'b', messages: [msg('2')] }, { topic: 'a', messages: [msg('3')] },
    ]).map((t) => [t.topic, t.messages.map((m) => m.key)])).toEqual([['a', ['1', '3']], ['b', ['2']]]);
  });

  it('sends what piles up during a request as one request, in order, and settles each caller after it', async () => {
    const sent: TopicMessages[][] = [];
    let release: () => void = () => undefined;
    const queue = createSendQueue({
      maxBytes: 1_000_000,
      sendBatch: async (batch) => {
        sent.push(batch);
        if (sent.length === 1) await new Promise<void>((resolve) => { release = resolve; });
      },
    });
    const settled: string[] = [];
    const first = queue.send('a', [msg('1')]).then(() => settled.push('1'));
    await tick();
    const rest = [queue.send('a', [msg('2')]).then(() => settled.push('2')), queue.send('b', [msg('3')]).then(() => settled.push('3')), queue.send('a', [msg('4')]).then(() => settled.push('4'))];
    await tick();
    expect(settled).toEqual([]);
    release();
    await Promise.all([first, ...rest]);
    expect(sent.map((batch) => batch.map((t) => [t.topic, t.messages.map((m) => m.key)]))).toEqual([
      [['a', ['1']]],
      [['a', ['2', '4']], ['b', ['3']]],
    ]);
    expect(settled).toEqual(['1', '2', '3', '4']);
    expect(queue.requests()).toBe(2);
  });

  it('keeps a merged request under maxBytes (a caller under it is not cut) and fails only the caller whose request fails', async () => {
    const sent: string[][] = [];
    let hold: Promise<void> | null = new Promise<void>((resolve) => setTimeout(resolve, 20));
    const queue = createSendQueue({
      maxBytes: 100,
      sendBatch: async (batch) => {
        const keys = batch.flatMap((t) => t.messages.map((m) => m.key));
        sent.push(keys);
        if (hold) { const h = hold; hold = null; await h; }
        if (keys.includes('bad')) throw new Error('MESSAGE_TOO_LARGE');
      },
    });
    const first = queue.send('a', [msg('0', 10)]);
    await tick(); // the first request is out; the rest pile up behind it
    const results = await Promise.allSettled([
      first,
      queue.send('a', [msg('1', 40)]), queue.send('a', [msg('bad', 40)]), queue.send('a', [msg('2', 40)]),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // 1 + bad fit under 100 bytes together (and fail together), so each is retried alone; 2 goes in its own request.
    expect(sent).toEqual([['0'], ['1', 'bad'], ['1'], ['bad'], ['2']]);
  });

  it('sends publishes started in the same turn (Promise.all over topics) as one request', async () => {
    const sent: TopicMessages[][] = [];
    const queue = createSendQueue({ maxBytes: 1_000_000, sendBatch: async (batch) => { sent.push(batch); } });
    await Promise.all([queue.send('incidents', [msg('1')]), queue.send('incident.events', [msg('1a'), msg('1b')]), queue.send('alerts', [msg('1!')])]);
    expect(sent.map((batch) => batch.map((t) => [t.topic, t.messages.map((m) => m.key)]))).toEqual([
      [['incidents', ['1']], ['incident.events', ['1a', '1b']], ['alerts', ['1!']]],
    ]);
    expect(queue.requests()).toBe(1);
  });

  it('cuts a publish into consecutive pieces under maxBytes; an oversized message is a piece alone', () => {
    const keysOf = (pieces: { messages: { key: string }[] }[]) => pieces.map((piece) => piece.messages.map((m) => m.key));
    // key 1 byte + value 10 bytes = 11 bytes each
    expect(keysOf(splitByBytes([msg('a'), msg('b'), msg('c'), msg('d'), msg('e')], 25))).toEqual([['a', 'b'], ['c', 'd'], ['e']]);
    expect(keysOf(splitByBytes([msg('a'), msg('b', 100), msg('c')], 25))).toEqual([['a'], ['b'], ['c']]);
    expect(splitByBytes([], 25)).toEqual([]);
    // Cyrillic counts in UTF-8 bytes: 5 letters = 10 bytes
    expect(keysOf(splitByBytes([{ key: 'я', value: 'Липец' }, { key: 'ю', value: 'Елец!' }], 15))).toEqual([['я'], ['ю']]);
  });

  it('cuts a caller larger than maxBytes into requests under it, in order, and settles it once all are sent', async () => {
    const sent: string[][] = [];
    const queue = createSendQueue({ maxBytes: 25, sendBatch: async (batch) => { sent.push(batch.flatMap((t) => t.messages.map((m) => m.key))); } });
    await queue.send('a', [msg('1'), msg('2'), msg('3'), msg('4'), msg('5')]); // 11 bytes each
    expect(sent).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(queue.requests()).toBe(3);
  });
});
