import path from 'node:path';

/** How long a stop waits for Slack calls and callback deliveries in hand. */
const DEFAULT_GRACE_MS = 15_000;

/** `npm start`: the whole service on this machine, with a callback inbox to try it against. */
const main = async () => {
  // The SDK warns that Node 20 support ends in 2027; locally that is noise (deployed, the runtime is nodejs22.x).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const port = Number(process.env.PORT ?? 3000);
  const inboxPort = Number(process.env.CALLBACK_INBOX_PORT ?? port + 1);
  const dataDir = path.resolve(process.env.DATA_DIR ?? '.data');
  const graceMs = Number(process.env.SHUTDOWN_GRACE_MS ?? DEFAULT_GRACE_MS);
  // Loaded here, not at the top: a bad setting then ends in a one-line message, not a stack trace.
  const { startStack } = await import('./stack');
  const { startCallbackInbox } = await import('./callbackInbox');
  const stack = await startStack({ port, env: process.env, dataDir });
  const inbox = await startCallbackInbox({
    secrets: String(stack.env.CALLBACK_SIGNING_SECRET).split(/[\s,]+/).filter(Boolean),
    port: inboxPort,
    onReceive: (callback) => {
      const body = callback.body as { type?: string; batch_id?: string; counts?: unknown; method?: string; status?: string; error?: { code?: string }; result?: unknown };
      const signature = `signature ${callback.verified ? 'verified' : 'INVALID'}`;
      if (body.type === 'batch.completed') {
        console.log(`callback ${callback.id} batch.completed ${JSON.stringify(body.counts)} ${signature}`);
        return;
      }
      const error = body.error?.code;
      console.log(
        `callback ${callback.id} ${body.method} ${body.status}${error ? ` (${error})` : ''} ${signature}\n` +
          `${JSON.stringify(body.result ?? body.error ?? {}).slice(0, 400)}`,
      );
    },
  });

  // A key the operator chose is never printed; a generated one is, once, so it can be used.
  const keyGenerated = stack.generated.includes('API_KEYS');
  const apiKey = keyGenerated ? String(stack.env.API_KEYS).split(',')[0] : '$API_KEY';
  const lines = [
    '',
    stack.slack
      ? `Slack: local emulator at ${stack.slack.url}, limits ×${stack.emulatorScale} (SLACK_EMULATOR_SCALE); its controls at ${stack.slack.url.replace(/\/api\/$/, '/_emulator/')} (stats, faults, script); set SLACK_BOT_TOKEN and SLACK_API_URL to use another Slack`
      : `Slack: ${stack.env.SLACK_API_URL ?? 'https://slack.com/api/'} with the configured SLACK_BOT_TOKEN`,
    `SQS: in-process emulator at ${stack.sqs.endpoint}`,
    `Ledger: embedded DynamoDB-compatible store, data in ${dataDir} (npm run reset empties it)`,
    `Resumed from the ledger: ${stack.resumed.jobs} unfinished jobs, ${stack.resumed.callbacks} undelivered callbacks, ${stack.resumed.batches} open batches`,
    stack.env.CALLBACK_ALLOW_PRIVATE === 'true'
      ? 'Callbacks: http and private/loopback addresses ALLOWED (CALLBACK_ALLOW_PRIVATE=true, local only)'
      : 'Callbacks: https to public addresses only',
    `Callback inbox: ${inbox.url} (prints what it receives; GET it to list them)`,
    `Workspaces: the default one (SLACK_BOT_TOKEN's)${stack.seeded.length > 0 ? `, and from SLACK_BOT_TOKENS ${stack.seeded.join(', ')}` : ''}; list them at ${stack.apiUrl}/v1/workspaces`,
    ...(stack.env.SLACK_CLIENT_ID ? [`Add to Slack: ${stack.apiUrl}/slack/install${stack.slack ? ` (the emulator's T0LOCAL003: ${stack.apiUrl}/slack/install?team=T0LOCAL003)` : ''}`] : []),
    `Dashboard: ${stack.apiUrl}/ui/ (log in with the API key); CLI: SCQ_API_KEY=<key> npx scq --help`,
    `Slack-compatible endpoint: ${stack.apiUrl}/slack/api/ (an API key as the token)`,
    ...(keyGenerated ? [`Generated API key (set API_KEYS to choose): ${apiKey}`] : ['API key: one of API_KEYS (not printed)']),
    ...(stack.generated.includes('CALLBACK_SIGNING_SECRET')
      ? [`Generated signing secret (set CALLBACK_SIGNING_SECRET to choose): ${stack.env.CALLBACK_SIGNING_SECRET}`]
      : []),
    '',
    'Try:',
    `  curl -s -X POST ${stack.apiUrl}/v1/jobs -H 'Authorization: Bearer ${apiKey}' -H 'Content-Type: application/json' \\`,
    `    -d '{"method":"conversations.create","args":{"name":"myprivatechannel","is_private":true},"callback_url":"${inbox.url}"}'`,
    '',
    `slack-conversations-queue ready on ${stack.apiUrl}`,
  ];
  console.log(lines.join('\n'));

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping: no new jobs or messages; waiting up to ${graceMs} ms for calls and deliveries in hand`);
    await stack.stop({ graceMs });
    await inbox.close();
    console.log('stopped; unfinished work is in the ledger and resumes on the next start');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
};

main().catch((error: Error) => {
  console.error(`Could not start: ${error.message}`);
  process.exit(1);
});
