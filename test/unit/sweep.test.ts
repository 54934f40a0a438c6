import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { acceptJobs } from '../../lib/jobs/submit';
import type { Ledger } from '../../lib/ledger/ledger';
import { runSweep } from '../../lib/provisioning/sweep';
import { scriptedSlack } from '../helpers/fakes';
import { useTestLedger } from '../helpers/ledger';

const sqsMock = mockClient(SQSClient);
const ledgers = useTestLedger();
let ledger: Ledger;
const sqs = new SQSClient({ region: 'us-east-1' });

beforeEach(async () => {
  sqsMock.reset();
  sqsMock.on(SendMessageCommand).resolves({});
  sqsMock.on(SendMessageBatchCommand).callsFake(async (input) => ({ Successful: input.Entries.map((e: { Id: string }) => ({ Id: e.Id })), Failed: [] }));
  ledger = await ledgers.fresh();
  await ledger.batches.create({ batch_id: 'b-1', workspace: 'default', total: 0, created_at: '2026-11-24T00:00:00.000Z', open_ended: true });
  await ledger.sweeps.create({ sweep_id: 's-1', batch_id: 'b-1', workspace: 'default', action: 'conversations.archive', select: { name_prefix: 'old-' }, args: {}, dry_run: false, created_at: '2026-11-24T00:00:00.000Z' });
});

const context = (call = scriptedSlack({}).call) => ({
  call,
  ledger,
  sqs,
  callbacksQueueUrl: 'callbacks-url',
  accept: (requests: Parameters<typeof acceptJobs>[0], batch: Parameters<typeof acceptJobs>[2]) =>
    acceptJobs(requests, { ledger, sqs, callbacksQueueUrl: 'callbacks-url', queueUrl: 'jobs-url', workspace: 'default', callbackPolicy: { allowPrivate: true } }, batch),
});

describe('sweeps over the ledger', () => {
  it('grows its batch once per page, even when a page is added again after a crash', async () => {
    await ledger.batches.grow('b-1', 3, 'page:');
    await ledger.batches.grow('b-1', 3, 'page:');
    await ledger.batches.grow('b-1', 2, 'page:next');
    expect((await ledger.batches.get('b-1'))?.total).toBe(5);
  });

  it('seals and closes its batch when a run died after recording its last page', async () => {
    await ledger.sweeps.recordPage('s-1', '', { cursor: '', listed: true, scanned: 3, matched: 0 });
    const outcome = await runSweep('s-1', context());
    expect(outcome).toMatchObject({ kind: 'succeeded' });
    expect(await ledger.batches.get('b-1')).toMatchObject({ total: 0, completed_at: expect.any(String) });
    expect((await ledger.batches.get('b-1'))?.open_ended).toBeUndefined();
  });

  it('cancels the jobs of a page that was being listed when the batch was cancelled', async () => {
    const page = { kind: 'succeeded' as const, response: { ok: true, channels: [{ id: 'C0000000001', name: 'old-a' }, { id: 'C0000000002', name: 'new-b' }], response_metadata: { next_cursor: '' } } };
    const slack = scriptedSlack({ 'conversations.list': [page] });
    const call: typeof slack.call = async (method, args) => {
      await ledger.batches.requestCancel('b-1'); // the cancel lands while Slack answers
      return slack.call(method, args);
    };
    await runSweep('s-1', context(call));
    const batch = await ledger.batches.get('b-1');
    expect(batch).toMatchObject({ total: 1, cancelled: 1, completed_at: expect.any(String) });
  });
});
