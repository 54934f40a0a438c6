import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RegoEngine, TemplateFile } from '@aws/cloudformation-validate';
import table from '../../infra/table.json';

jest.setTimeout(180_000);

type Resource = { Type: string; Properties: Record<string, any>; Condition?: string };
let dir: string;
let resources: Record<string, Resource>;
let templatePath: string;

const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const ref = (value: unknown): string | undefined => (value as { 'Fn::GetAtt'?: [string, string]; Ref?: string })?.['Fn::GetAtt']?.[0] ?? (value as { Ref?: string })?.Ref;

beforeAll(() => {
  // The same offline build as `npm run package`: no AWS credentials, no network.
  dir = mkdtempSync(join(tmpdir(), 'scq-package-'));
  execFileSync('npx', ['serverless', 'package', '--stage', 'ci', '--package', dir], {
    stdio: 'pipe',
    env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
  });
  templatePath = join(dir, 'cloudformation-template-update-stack.json');
  resources = JSON.parse(readFileSync(templatePath, 'utf8')).Resources;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const functions = () => Object.fromEntries(ofType('AWS::Lambda::Function'));
const statements = (role: string) => resources[role].Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement);

/** A ledger ARN as a name: `table`, `index/<name>`, or the resource as JSON when it is neither. */
const ledgerArn = (resource: unknown): string => {
  if (ref(resource) === 'LedgerTable') return 'table';
  const sub = (resource as { 'Fn::Sub'?: unknown })?.['Fn::Sub'];
  const index = typeof sub === 'string' ? /^\$\{LedgerTable\.Arn\}\/index\/([\w-]+)$/.exec(sub) : null;
  return index ? `index/${index[1]}` : JSON.stringify(resource);
};
/** Each DynamoDB action a role has, with the ledger ARNs it has it on. */
const dynamoGrants = (role: string): Record<string, string[]> => {
  const grants: Record<string, string[]> = {};
  for (const statement of statements(role)) {
    for (const action of [statement.Action].flat().filter((a: string) => a.startsWith('dynamodb:'))) {
      grants[action] = [...(grants[action] ?? []), ...[statement.Resource].flat().map(ledgerArn)].sort();
    }
  }
  return grants;
};

describe('CloudFormation template (npm run package, offline)', () => {
  it('passes AWS’s offline validator (cloudformation-validate) with no errors and no unexplained warnings', () => {
    const engine = new RegoEngine();
    try {
      const report = engine.validateStandard(new TemplateFile(templatePath));
      const findings = report.diagnostics
        .filter((d: { severity: string }) => d.severity === 'ERROR' || d.severity === 'WARN')
        // W3005: the framework adds a DependsOn on each function's custom role that its GetAtt already implies.
        .filter((d: { ruleId: string }) => d.ruleId !== 'W3005')
        .map((d: { severity: string; ruleId: string; message: string; entity?: { logicalId?: string } }) => `${d.severity} ${d.ruleId} ${d.entity?.logicalId}: ${d.message}`);
      expect(findings).toEqual([]);
    } finally {
      engine.free();
    }
  });

  it('runs every function on nodejs22.x, arm64, each with its own role', () => {
    const fns = functions();
    expect(Object.keys(fns).sort()).toEqual(['ApiLambdaFunction', 'CallbackWorkerLambdaFunction', 'JobWorkerLambdaFunction']);
    for (const fn of Object.values(fns)) {
      expect(fn.Properties.Runtime).toBe('nodejs22.x');
      expect(fn.Properties.Architectures).toEqual(['arm64']);
    }
    expect(Object.values(fns).map((fn) => ref(fn.Properties.Role))).toEqual(
      expect.arrayContaining(['ApiRole', 'JobWorkerRole', 'CallbackWorkerRole']),
    );
  });

  it('has a FIFO jobs queue and a standard callbacks queue, each with an encrypted 14-day DLQ and redrive', () => {
    const jobs = resources.JobsQueue.Properties;
    const callbacks = resources.CallbacksQueue.Properties;
    expect(jobs.FifoQueue).toBe(true);
    expect(jobs.ContentBasedDeduplication).toBe(false);
    expect(resources.JobsDeadLetterQueue.Properties.FifoQueue).toBe(true);
    for (const [queue, dlq] of [[jobs, 'JobsDeadLetterQueue'], [callbacks, 'CallbacksDeadLetterQueue']] as const) {
      expect(ref(queue.RedrivePolicy.deadLetterTargetArn)).toBe(dlq);
      expect(queue.RedrivePolicy.maxReceiveCount).toBeGreaterThan(10);
      expect(queue.SqsManagedSseEnabled).toBe(true);
      expect(resources[dlq].Properties.MessageRetentionPeriod).toBe(1_209_600);
      expect(resources[dlq].Properties.SqsManagedSseEnabled).toBe(true);
      // Dead letters outlive the stack; queued work is kept as long as SQS allows.
      expect(resources[dlq]).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
      expect(queue.MessageRetentionPeriod).toBe(1_209_600);
    }
  });

  it('keeps the jobs redrive above the worker’s own receive cap, so rate-limit waits never dead-letter a healthy job', () => {
    expect(resources.JobsQueue.Properties.RedrivePolicy.maxReceiveCount).toBeGreaterThan(90);
  });

  it('wires each queue to its worker with partial batch responses, and visibility ≥ 6 × the timeout', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping').map(([, m]) => m.Properties);
    expect(mappings).toHaveLength(2);
    const fns = functions();
    for (const [queue, fn] of [['JobsQueue', 'JobWorkerLambdaFunction'], ['CallbacksQueue', 'CallbackWorkerLambdaFunction']]) {
      const mapping = mappings.find((m) => ref(m.EventSourceArn) === queue)!;
      expect(ref(mapping.FunctionName)).toBe(fn);
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.BatchSize).toBe(10);
      expect(mapping.ScalingConfig.MaximumConcurrency).toBeGreaterThanOrEqual(2);
      expect(resources[queue].Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * fns[fn].Properties.Timeout);
    }
  });

  it('grants each role only what its function does, with no wildcard action or resource', () => {
    const actions = (role: string) => statements(role).flatMap((s: any) => [s.Action].flat()).filter((a: string) => !a.startsWith('dynamodb:')).sort();
    expect(actions('ApiRole')).toEqual([
      'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:ReceiveMessage',
      'sqs:SendMessage', 'ssm:DeleteParameter', 'ssm:GetParameter', 'ssm:GetParameter', 'ssm:PutParameter',
    ]);
    expect(actions('JobWorkerRole')).toEqual([
      'logs:CreateLogStream', 'logs:PutLogEvents', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes',
      'sqs:ReceiveMessage', 'sqs:SendMessage', 'ssm:GetParameter',
    ]);
    expect(actions('CallbackWorkerRole')).toEqual(actions('JobWorkerRole'));
    // The one open resource besides log streams: this stage's workspace tokens, one parameter each.
    const workspaceTokens = (role: string) =>
      statements(role).filter((s: any) => JSON.stringify(s.Resource).includes('/workspaces/*')).flatMap((s: any) => [s.Action].flat()).sort();
    expect(workspaceTokens('ApiRole')).toEqual(['ssm:DeleteParameter', 'ssm:GetParameter', 'ssm:PutParameter']);
    expect(workspaceTokens('JobWorkerRole')).toEqual(['ssm:GetParameter']);
    expect(workspaceTokens('CallbackWorkerRole')).toEqual([]);
    const send = (role: string) => statements(role).filter((s: any) => [s.Action].flat().includes('sqs:SendMessage')).flatMap((s: any) => [s.Resource].flat().map(ref));
    // The API queues jobs, and the callbacks of jobs it cancels and of redeliveries.
    expect(send('ApiRole').sort()).toEqual(['CallbacksQueue', 'JobsQueue']);
    expect(send('JobWorkerRole').sort()).toEqual(['CallbacksQueue', 'JobsDeadLetterQueue', 'JobsQueue']);
    expect(send('CallbackWorkerRole')).toEqual(['CallbacksDeadLetterQueue']);

    for (const [name, role] of ofType('AWS::IAM::Role')) {
      for (const statement of role.Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement)) {
        for (const action of [statement.Action].flat()) expect(`${name} ${action}`).not.toMatch(/\*/);
        for (const resource of [statement.Resource].flat()) {
          const text = typeof resource === 'string' ? resource : JSON.stringify(resource);
          // Only the log-stream part of the function's own log group may be open.
          const own = text.replace(/:log-group:\/aws\/lambda\/[^:*]+:\*/, ':log-group:OWN').replace(':parameter/slack-conversations-queue/ci/workspaces/*', ':parameter/OWN-STAGE-WORKSPACES');
          expect(`${name} ${own}`).not.toMatch(/\*/);
        }
      }
    }
  });

  it('keeps the ledger in a retained, encrypted, on-demand DynamoDB table with point-in-time recovery and TTL', () => {
    const ledger = resources.LedgerTable as Resource & { DeletionPolicy?: string; UpdateReplacePolicy?: string };
    expect(ledger.Type).toBe('AWS::DynamoDB::Table');
    expect(ledger).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    const props = ledger.Properties;
    expect(props.TableName).toBe('slack-conversations-queue-ci-ledger');
    expect(props.BillingMode).toBe('PAY_PER_REQUEST');
    expect(props.SSESpecification).toEqual({ SSEEnabled: true });
    expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(props.TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: true });
    expect(table.ttlAttribute).toBe('expires_at');
  });

  it('builds the ledger’s keys and indexes from infra/table.json, the definition the local stack uses too', () => {
    const props = resources.LedgerTable.Properties;
    expect(props.KeySchema).toEqual(table.keySchema);
    expect(props.AttributeDefinitions).toEqual(table.attributeDefinitions);
    expect(props.GlobalSecondaryIndexes).toEqual(table.globalSecondaryIndexes);
    expect(props.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual(['batch-jobs', 'open-work', 'recent']);
  });

  it('grants each role exactly the DynamoDB actions its function uses, on the ledger table and the indexes it reads', () => {
    // The API records jobs, batches and idempotency keys, and reads results (in parts) and batches;
    // for operators it lists recent jobs and batches and counts open ones.
    expect(dynamoGrants('ApiRole')).toEqual({
      'dynamodb:BatchGetItem': ['table'],
      'dynamodb:BatchWriteItem': ['table'],
      'dynamodb:DeleteItem': ['table'],
      'dynamodb:GetItem': ['table'],
      'dynamodb:PutItem': ['table'],
      'dynamodb:Query': ['index/batch-jobs', 'index/open-work', 'index/recent', 'table'],
      'dynamodb:UpdateItem': ['table'],
    });
    // The job worker moves jobs and batches along, writes large results in parts, and records the jobs a sweep selects.
    expect(dynamoGrants('JobWorkerRole')).toEqual({
      'dynamodb:BatchWriteItem': ['table'],
      'dynamodb:DeleteItem': ['table'],
      'dynamodb:GetItem': ['table'],
      'dynamodb:PutItem': ['table'],
      'dynamodb:UpdateItem': ['table'],
    });
    // The callback worker reads what it delivers (a large result's parts by Query) and records each delivery.
    expect(dynamoGrants('CallbackWorkerRole')).toEqual({
      'dynamodb:GetItem': ['table'],
      'dynamodb:Query': ['table'],
      'dynamodb:UpdateItem': ['table'],
    });
    // The open-work index serves the local stack's resume and the API's overview only.
    for (const role of ['JobWorkerRole', 'CallbackWorkerRole']) {
      expect(Object.values(dynamoGrants(role)).flat()).not.toContain('index/open-work');
    }
  });

  it('tells every function its ledger table and retention settings', () => {
    for (const [name, fn] of Object.entries(functions())) {
      expect([name, fn.Properties.Environment.Variables.LEDGER_TABLE]).toEqual([name, { Ref: 'LedgerTable' }]);
      expect(fn.Properties.Environment.Variables).toMatchObject({ JOB_RETENTION_DAYS: '7', IDEMPOTENCY_TTL_SECONDS: '86400' });
    }
    expect(functions().ApiLambdaFunction.Properties.Environment.Variables.CALLBACKS_QUEUE_URL).toEqual({ Ref: 'CallbacksQueue' });
  });

  it('lets each function read only its own secret parameter, and keeps secret values out of the template', () => {
    const ssm = (role: string) =>
      resources[role].Properties.Policies.flatMap((p: any) => p.PolicyDocument.Statement)
        .filter((s: any) => [s.Action].flat().includes('ssm:GetParameter'))
        .map((s: any) => JSON.stringify(s.Resource));
    const names = (role: string) => ssm(role).flatMap((resources: string) => [...resources.matchAll(/parameter\/slack-conversations-queue\/ci\/([a-z/*-]+)/g)].map((m) => m[1])).sort();
    expect(names('ApiRole')).toEqual(['api-keys', 'slack-bot-token', 'slack-client-secret', 'slack-state-secret', 'workspaces/*']);
    expect(names('JobWorkerRole')).toEqual(['slack-bot-token', 'workspaces/*']);
    expect(ssm('CallbackWorkerRole')).toEqual([expect.stringContaining('/ci/callback-signing-secret')]);
    const env = (fn: string) => functions()[fn].Properties.Environment.Variables;
    expect(env('ApiLambdaFunction')).toMatchObject({ API_KEYS_PARAM: '/slack-conversations-queue/ci/api-keys', CALLBACK_ALLOW_PRIVATE: 'false' });
    expect(env('JobWorkerLambdaFunction')).toMatchObject({ SLACK_BOT_TOKEN_PARAM: '/slack-conversations-queue/ci/slack-bot-token' });
    expect(env('CallbackWorkerLambdaFunction')).toMatchObject({ CALLBACK_SIGNING_SECRET_PARAM: '/slack-conversations-queue/ci/callback-signing-secret' });
    for (const fn of Object.keys(functions())) {
      expect(Object.keys(env(fn))).not.toEqual(expect.arrayContaining(['API_KEYS', 'SLACK_BOT_TOKEN', 'CALLBACK_SIGNING_SECRET']));
    }
  });

  it('alarms on DLQ depth and on the age of the oldest message, optionally to an SNS topic', () => {
    const alarms = ofType('AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    const on = (metric: string) => alarms.filter((a) => a.MetricName === metric).map((a) => ref(a.Dimensions[0].Value)).sort();
    expect(on('ApproximateNumberOfMessagesVisible')).toEqual(['CallbacksDeadLetterQueue', 'JobsDeadLetterQueue']);
    expect(on('ApproximateAgeOfOldestMessage')).toEqual(['CallbacksQueue', 'JobsQueue']);
    expect(resources.AlarmTopic.Condition).toBe('HasAlarmEmail');
    expect(resources.AlarmTopic.Properties.Subscription[0].Endpoint).toEqual({ Ref: 'AlarmEmail' });
    for (const alarm of alarms) expect(alarm.AlarmActions['Fn::If'][0]).toBe('HasAlarmEmail');
  });

  it('gives the HTTP API default throttling and access logs, with stage-aware names', () => {
    const stage = ofType('AWS::ApiGatewayV2::Stage')[0][1].Properties;
    expect(stage.DefaultRouteSettings).toMatchObject({ ThrottlingRateLimit: expect.any(Number), ThrottlingBurstLimit: expect.any(Number) });
    expect(stage.AccessLogSettings).toMatchObject({ DestinationArn: expect.anything(), Format: expect.any(String) });
    expect(resources.JobsQueue.Properties.QueueName).toBe('slack-conversations-queue-ci-jobs.fifo');
    expect(functions().ApiLambdaFunction.Properties.FunctionName).toBe('slack-conversations-queue-ci-api');
  });
});
