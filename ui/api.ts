/** The API key lives in this tab's sessionStorage only: closing the tab forgets it. */
const KEY = 'scq.apiKey';

export const storedKey = (): string | null => sessionStorage.getItem(KEY);
export const storeKey = (key: string): void => sessionStorage.setItem(KEY, key);
export const forgetKey = (): void => sessionStorage.removeItem(KEY);

/** An answer of the API that is not a 2xx: its `{"error": {...}}` body. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** Called when the key is refused: the app shows the login form again. */
let onUnauthorized: () => void = () => undefined;
export const whenUnauthorized = (handler: () => void): void => {
  onUnauthorized = handler;
};

/** A request to the /v1 API with the stored (or given) key; JSON in, JSON out. */
export const api = async <T = Record<string, unknown>>(path: string, init: { method?: string; body?: unknown; key?: string } = {}): Promise<T> => {
  const key = init.key ?? storedKey();
  if (!key) {
    onUnauthorized();
    throw new ApiError(401, 'unauthorized', 'Log in with an API key');
  }
  const response = await fetch(path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${key}`, ...(init.body !== undefined && { 'content-type': 'application/json' }) },
    ...(init.body !== undefined && { body: JSON.stringify(init.body) }),
    cache: 'no-store',
    credentials: 'omit',
  });
  const text = await response.text();
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
    if (response.status === 401 && init.key === undefined) onUnauthorized();
    throw new ApiError(response.status, error?.code ?? `http_${response.status}`, error?.message ?? `HTTP ${response.status}`);
  }
  return body as T;
};

/** Query string from the defined values. */
export const query = (params: Record<string, string | number | undefined>): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== undefined && value !== '') search.set(name, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
};
