import { readFileSync } from 'node:fs';
import { run } from './main';

// Output piped into `head` and the like: a closed pipe ends the command quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

// Ctrl-C: the cursor back, and a word on what goes on without us.
process.once('SIGINT', () => {
  if (process.stdout.isTTY) process.stdout.write('\x1b[?25h\n');
  process.stderr.write('interrupted: what was sent keeps running (scq bulk: run the same command again to follow it; nothing is sent twice)\n');
  process.exit(130);
});

/** The `scq` process: runs the command, then exits with its code once its output is written. */
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const code = await run(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, stdin: process.stdin, env: process.env }, version);
process.exitCode = code;
