/** "3 s", "4 min 10 s", "2 h 5 min". */
export const duration = (ms: number): string => {
  if (!Number.isFinite(ms) || ms < 0) return '—';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
};

/** A timestamp as local time, with how long ago. */
export const when = (iso: string | undefined): string => {
  if (!iso) return '—';
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return iso;
  return `${new Date(at).toLocaleString()} (${duration(Date.now() - at)} ago)`;
};

export const between = (from: string | undefined, to: string | undefined): string =>
  from && to ? duration(Date.parse(to) - Date.parse(from)) : '—';

export const shortId = (id: string): string => (id.length > 13 ? `${id.slice(0, 8)}…` : id);
