import { Readable } from 'node:stream';
import { typedValue, parseKeyValues, argShapeOf } from '../../cli/argValues';
import { formatOf, type JobLine, readJobLines } from '../../cli/input/jobLines';

const linesOf = async (text: string, format: 'csv' | 'jsonl', defaults = {}): Promise<JobLine[]> => {
  const lines: JobLine[] = [];
  for await (const line of readJobLines(Readable.from([text]), format, defaults)) lines.push(line);
  return lines;
};

describe('CSV bulk files', () => {
  it('maps each column to the argument of its name, typed by the method', async () => {
    // Prepare
    const csv = 'channel,users,force\nC800000001,U2345678901 U3456789012,true\n';

    // Act
    const lines = await linesOf(csv, 'csv', { method: 'conversations.invite' });

    // Assess
    expect(lines).toEqual([{ line: 2, ok: true, job: { method: 'conversations.invite', args: { channel: 'C800000001', users: ['U2345678901', 'U3456789012'], force: true } } }]);
  });

  it.each([
    ['spaces', 'U2345678901 U3456789012'],
    ['bars', 'U2345678901|U3456789012'],
    ['commas in a quoted cell', '"U2345678901,U3456789012"'],
  ])('reads a list cell written with %s', async (_name, cell) => {
    // Prepare
    const csv = `channel,users\nC800000001,${cell}\n`;

    // Act
    const [line] = await linesOf(csv, 'csv', { method: 'conversations.invite' });

    // Assess
    expect(line.ok && line.job.args.users).toEqual(expect.arrayContaining(['U2345678901', 'U3456789012']));
  });

  it('takes the method and workspace per row from their own columns and leaves empty cells out', async () => {
    // Prepare
    const csv = 'method,workspace,channel,topic\nconversations.setTopic,T0AAAAAAAA,C800000001,Hello\nconversations.archive,,C800000002,\n';

    // Act
    const lines = await linesOf(csv, 'csv');

    // Assess
    expect(lines).toEqual([
      { line: 2, ok: true, job: { method: 'conversations.setTopic', workspace: 'T0AAAAAAAA', args: { channel: 'C800000001', topic: 'Hello' } } },
      { line: 3, ok: true, job: { method: 'conversations.archive', args: { channel: 'C800000002' } } },
    ]);
  });

  it('keeps a numeric-looking channel name as text and a page size as a number', async () => {
    // Prepare
    const csv = 'name\n123\n';
    const members = 'channel,limit\nC01GENERAL,200\n';

    // Act
    const [create] = await linesOf(csv, 'csv', { method: 'conversations.create' });
    const [list] = await linesOf(members, 'csv', { method: 'conversations.members' });

    // Assess
    expect(create.ok && create.job.args).toEqual({ name: '123' });
    expect(list.ok && list.job.args).toEqual({ channel: 'C01GENERAL', limit: 200 });
  });

  it('reports each bad row by its line number, counting blank lines and quoted line breaks', async () => {
    // Prepare
    const csv = 'channel,topic\nC800000001,"two\nlines"\n\nnot-a-channel,x\nC800000002\nC800000003,ok\n';

    // Act
    const lines = await linesOf(csv, 'csv', { method: 'conversations.setTopic' });

    // Assess
    expect(lines.map((l) => [l.line, l.ok])).toEqual([[2, true], [5, false], [6, false], [7, true]]);
    expect(lines[1]).toMatchObject({ problems: [expect.stringMatching(/^args\.channel: must be a conversation ID/)] });
    expect(lines[2]).toMatchObject({ problems: ['has 1 cells where the header names 2 columns'] });
  });

  it.each([
    ['CRLF', '\r\n'],
    ['CR', '\r'],
  ])('counts lines the same in a %s file, quoted line breaks included', async (_name, eol) => {
    // Prepare
    const csv = ['channel,topic', 'C800000001,"two', 'lines"', 'not-a-channel,x', 'C800000003,ok', ''].join(eol);

    // Act
    const lines = await linesOf(csv, 'csv', { method: 'conversations.setTopic' });

    // Assess
    expect(lines.map((l) => [l.line, l.ok])).toEqual([[2, true], [4, false], [5, true]]);
  });

  it('names the bad entry of a list', async () => {
    // Prepare
    const csv = 'channel,users\nC800000001,U2345678901|UBAD\n';

    // Act
    const [line] = await linesOf(csv, 'csv', { method: 'conversations.invite' });

    // Assess
    expect(line).toMatchObject({ ok: false, problems: [expect.stringMatching(/^args\.users\[1\]: must be a user ID/)] });
  });

  it('refuses a header with a repeated column', async () => {
    // Act
    const lines = await linesOf('channel,channel\nC800000001,C800000002\n', 'csv', { method: 'conversations.archive' });

    // Assess
    expect(lines).toEqual([{ line: 1, ok: false, problems: ['the header names the column "channel" twice'] }]);
  });
});

describe('JSONL bulk files', () => {
  it('reads envelopes and plain argument objects, skipping blank lines but counting them', async () => {
    // Prepare
    const jsonl = '{"method":"conversations.archive","args":{"channel":"C800000001"}}\n\n{"channel":"C800000002"}\n';

    // Act
    const lines = await linesOf(jsonl, 'jsonl', { method: 'conversations.unarchive', workspace: 'T0AAAAAAAA' });

    // Assess
    expect(lines).toEqual([
      { line: 1, ok: true, job: { method: 'conversations.archive', args: { channel: 'C800000001' }, workspace: 'T0AAAAAAAA' } },
      { line: 3, ok: true, job: { method: 'conversations.unarchive', args: { channel: 'C800000002' }, workspace: 'T0AAAAAAAA' } },
    ]);
  });

  it('reports lines that are not JSON, not objects, of no method or with unknown fields', async () => {
    // Prepare
    const jsonl = ['{"channel":"C800000001"}', 'nope', '[1]', '{"method":"conversations.archive","args":{"channel":"C800000001"},"extra":1}'].join('\n');

    // Act
    const lines = await linesOf(jsonl, 'jsonl');

    // Assess
    expect(lines).toEqual([
      { line: 1, ok: false, problems: [expect.stringMatching(/^method: is required/)] },
      { line: 2, ok: false, problems: [expect.stringMatching(/^is not JSON/)] },
      { line: 3, ok: false, problems: [expect.stringMatching(/^must be a JSON object/)] },
      { line: 4, ok: false, problems: [expect.stringMatching(/^extra: is not a known field/)] },
    ]);
  });

  it('checks arguments with the catalogue before anything is sent', async () => {
    // Act
    const [line] = await linesOf('{"method":"conversations.archive","args":{"channel":"C800000001","token":"xoxb-1"}}\n', 'jsonl');

    // Assess
    expect(line).toMatchObject({ ok: false, problems: [expect.stringMatching(/^args\.token: is not accepted/)] });
  });

  it('knows a file\'s format by its extension', () => {
    // Assess
    expect(formatOf('a/b.CSV')).toBe('csv');
    expect(formatOf('jobs.jsonl')).toBe('jsonl');
    expect(() => formatOf('jobs.txt')).toThrow(/must end in .csv or .jsonl/);
  });
});

describe('key=value arguments', () => {
  it('parses values as JSON when the argument takes that, else as text', () => {
    // Act
    const args = parseKeyValues(['channel=C01GENERAL', 'include_num_members=true', 'topic=123'], { ...argShapeOf('conversations.info'), ...argShapeOf('conversations.setTopic') });

    // Assess
    expect(args).toEqual({ channel: 'C01GENERAL', include_num_members: true, topic: '123' });
  });

  it('parses JSON for methods the catalogue does not know', () => {
    // Assess
    expect(typedValue('{"a":1}')).toEqual({ a: 1 });
    expect(typedValue('plain')).toBe('plain');
  });

  it('refuses a word without = and a key given twice', () => {
    // Assess
    expect(() => parseKeyValues(['channel'], undefined)).toThrow(/is not key=value/);
    expect(() => parseKeyValues(['a=1', 'a=2'], undefined)).toThrow(/given twice/);
  });
});
