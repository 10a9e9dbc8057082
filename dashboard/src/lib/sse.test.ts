import { describe, expect, it } from 'vitest';
import { SseParser, type SseMessage } from './sse.js';

function parse(chunks: readonly string[], lastEventId = '') {
  const messages: SseMessage[] = [];
  const retries: number[] = [];
  const comments: string[] = [];
  const parser = new SseParser(
    { message: (m) => messages.push(m), retry: (ms) => retries.push(ms), comment: (c) => comments.push(c) },
    lastEventId,
  );
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { messages, retries, comments, lastEventId: parser.lastEventId };
}

/** Every way of cutting `text` in two, and one character at a time. */
function cuts(text: string): string[][] {
  const all: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) all.push([text.slice(0, i), text.slice(i)]);
  return all;
}

describe('the WHATWG examples', () => {
  it('joins data lines with LF', () => {
    expect(parse(['data: YHOO\ndata: +2\ndata: 10\n\n']).messages).toEqual([
      { type: 'message', data: 'YHOO\n+2\n10', lastEventId: '' },
    ]);
  });

  it('keeps the last event id across messages; a bare id resets it; one space after the colon goes', () => {
    const { messages, lastEventId } = parse([
      'data: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n',
    ]);
    expect(messages).toEqual([
      { type: 'message', data: 'first event', lastEventId: '1' },
      { type: 'message', data: 'second event', lastEventId: '' },
      { type: 'message', data: ' third event', lastEventId: '' },
    ]);
    expect(lastEventId).toBe('');
  });

  it('dispatches an empty data line and a lone LF; drops an event the stream cut off', () => {
    expect(parse(['data\n\ndata\ndata\n\ndata:']).messages.map((m) => m.data)).toEqual(['', '\n']);
  });

  it('reads "data:test" and "data: test" the same', () => {
    expect(parse(['data:test\n\ndata: test\n\n']).messages.map((m) => m.data)).toEqual(['test', 'test']);
  });

  it('names the event type, and goes back to message after a dispatch', () => {
    const { messages, comments } = parse([': test stream\n\nevent: add\ndata: 73857293\n\ndata: 2\n\n']);
    expect(messages).toEqual([
      { type: 'add', data: '73857293', lastEventId: '' },
      { type: 'message', data: '2', lastEventId: '' },
    ]);
    expect(comments).toEqual([' test stream']);
  });
});

describe('line ends and chunks', () => {
  const stream =
    'retry: 2000\r\n: keep-alive\r\nid: 41\r\nevent: activity\r\ndata: {"user_id":3}\r\n\r\nid: 42\revent: reset\rdata: {}\r\rid: 43\nevent: expired\ndata: {}\n\n';
  const expected = [
    { type: 'activity', data: '{"user_id":3}', lastEventId: '41' },
    { type: 'reset', data: '{}', lastEventId: '42' },
    { type: 'expired', data: '{}', lastEventId: '43' },
  ];

  it('takes CRLF, CR and LF, however the stream is cut (a CRLF across chunks is one line end)', () => {
    for (const chunks of cuts(stream)) {
      const parsed = parse(chunks);
      expect(parsed.messages, JSON.stringify(chunks)).toEqual(expected);
      expect(parsed.retries).toEqual([2000]);
      expect(parsed.comments).toEqual([' keep-alive']);
    }
  });

  it('drops a byte order mark at the start only', () => {
    expect(parse(['\uFEFFdata: a\n\n', 'data: \uFEFFb\n\n']).messages.map((m) => m.data)).toEqual(['a', '\uFEFFb']);
  });
});

describe('fields', () => {
  it('takes retry in digits only', () => {
    expect(parse(['retry: 5000\nretry: 5s\nretry: -1\nretry:\nretry: 10\n\n']).retries).toEqual([5000, 10]);
  });

  it('ignores an id with NUL, and unknown fields', () => {
    const { messages } = parse(['id: 7\ndata: a\n\nid: 8\0\nfoo: bar\ndata: b\n\n']);
    expect(messages.map((m) => m.lastEventId)).toEqual(['7', '7']);
  });

  it('sets the last event id from a block without data, without dispatching', () => {
    const { messages, lastEventId } = parse(['id: 9\n\n']);
    expect(messages).toEqual([]);
    expect(lastEventId).toBe('9');
  });

  it('starts from the id it resumes after', () => {
    expect(parse(['data: x\n\n'], '40').messages).toEqual([{ type: 'message', data: 'x', lastEventId: '40' }]);
  });

  it('reads a field without a colon as a field with an empty value', () => {
    expect(parse(['event\ndata\n\n']).messages).toEqual([{ type: 'message', data: '', lastEventId: '' }]);
  });
});
