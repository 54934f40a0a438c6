import cliProgress from 'cli-progress';
import type { Totals } from './follow';
import type { Output } from './output';

/** Shows a batch (or several) moving: a bar on a terminal, plain lines otherwise, JSON lines with --json. */
export interface Progress {
  update: (totals: Totals) => void;
  stop: () => void;
}

/** A plain progress line at most this often when stdout is not a terminal. */
const PLAIN_EVERY_MS = 5000;

export const formatSeconds = (seconds: number | undefined): string => {
  if (seconds === undefined || !Number.isFinite(seconds)) return '–';
  const whole = Math.max(0, Math.round(seconds));
  const h = Math.floor(whole / 3600);
  const m = Math.floor((whole % 3600) / 60);
  const s = whole % 60;
  return h > 0 ? `${h}h${String(m).padStart(2, '0')}m` : m > 0 ? `${m}m${String(s).padStart(2, '0')}s` : `${s}s`;
};

const ended = (totals: Totals) => totals.succeeded + totals.failed + totals.cancelled;

/** Ended jobs per second since following began, counting only what ended while watched. */
const rateMeter = () => {
  const startedAt = Date.now();
  let first: number | undefined;
  return (totals: Totals): number => {
    first ??= ended(totals);
    const seconds = (Date.now() - startedAt) / 1000;
    return seconds > 0 ? (ended(totals) - first) / seconds : 0;
  };
};

const summary = (totals: Totals, rate: number): string =>
  `${ended(totals)}/${totals.total} ended: queued ${totals.queued}, running ${totals.running}, done ${totals.succeeded}, failed ${totals.failed}` +
  `${totals.cancelled > 0 ? `, cancelled ${totals.cancelled}` : ''}, ${rate.toFixed(1)}/s, ETA ${totals.done ? '0s' : formatSeconds(totals.eta_seconds)}`;

const barProgress = (output: Output, label: string): Progress => {
  const rate = rateMeter();
  const bar = new cliProgress.SingleBar(
    {
      stream: output.io.stdout,
      format: `${label} {bar} {percentage}% {value}/{total} | queued {queued} running {running} ${output.style('green', 'done {succeeded}')} ${output.style('red', 'failed {failed}')} | {rate}/s | ETA {etaText}`,
      hideCursor: true,
      barsize: 24,
      clearOnComplete: false,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update: (totals) => {
      const payload = { ...totals, rate: rate(totals).toFixed(1), etaText: totals.done ? '0s' : formatSeconds(totals.eta_seconds) };
      if (!started) {
        bar.start(Math.max(totals.total, 1), ended(totals), payload);
        started = true;
      }
      bar.setTotal(Math.max(totals.total, 1));
      bar.update(ended(totals), payload);
    },
    stop: () => {
      if (started) bar.stop();
    },
  };
};

const plainProgress = (output: Output, label: string): Progress => {
  const rate = rateMeter();
  let lastAt = 0;
  let last: Totals | undefined;
  return {
    update: (totals) => {
      last = totals;
      if (Date.now() - lastAt < PLAIN_EVERY_MS || totals.done) return;
      lastAt = Date.now();
      output.line(`${label} ${summary(totals, rate(totals))}`);
    },
    stop: () => {
      if (last) output.line(`${label} ${summary(last, rate(last))}`);
    },
  };
};

const jsonProgress = (output: Output, extra: Record<string, unknown>): Progress => {
  const rate = rateMeter();
  let previous = '';
  return {
    update: (totals) => {
      const key = JSON.stringify(totals);
      if (key === previous) return;
      previous = key;
      output.document({ event: 'progress', ...extra, ...totals, rate: Number(rate(totals).toFixed(2)) });
    },
    stop: () => undefined,
  };
};

export const createProgress = (output: Output, label: string, extra: Record<string, unknown> = {}): Progress => {
  if (output.json) return jsonProgress(output, extra);
  return output.interactive ? barProgress(output, label) : plainProgress(output, label);
};
