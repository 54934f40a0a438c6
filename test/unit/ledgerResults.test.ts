import { randomBytes } from 'node:crypto';
import { useTestLedger } from '../helpers/ledger';

const ledgers = useTestLedger();
const spec = (jobId: string) => ({ job_id: jobId, workspace: 'default', method: 'conversations.history', args: { channel: 'C0123456789' }, enqueued_at: '2026-11-24T00:00:00.000Z' });

describe('results in the ledger, over the embedded store', () => {
  it.each([
    ['inline', { ok: true, messages: [{ ts: '1700000000.000100', text: 'hi' }] }],
    ['compressed', { ok: true, members: Array.from({ length: 20_000 }, (_, i) => `U${String(i).padStart(10, '0')}`) }],
    ['in parts', { ok: true, blob: randomBytes(1_200_000).toString('base64') }],
  ])('reads back a result stored %s whole', async (_how, result) => {
    const ledger = await ledgers.fresh();
    await ledger.jobs.create([{ spec: spec('j-1') }]);
    await ledger.jobs.start('j-1', 1);
    expect(await ledger.jobs.end('j-1', { status: 'succeeded', attempts: 1, result }, false)).toBe(true);
    expect((await ledger.jobs.get('j-1'))?.result).toEqual(result);
    expect((await ledger.jobs.get('j-1', { withResult: false }))?.result).toBeUndefined();
  });
});
