/** Builds DOM nodes. Text always goes in as text nodes: nothing a response holds is parsed as HTML. */
type Child = Node | string | number | false | null | undefined | Child[];

export interface Props {
  class?: string;
  /** Attributes set with setAttribute (never `on…` handlers or `style`). */
  attrs?: Record<string, string>;
  on?: Partial<Record<keyof HTMLElementEventMap, (event: Event) => void>>;
}

const append = (parent: Node, child: Child): void => {
  if (child === false || child === null || child === undefined) return;
  if (Array.isArray(child)) {
    for (const item of child) append(parent, item);
    return;
  }
  parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
};

export const h = <K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props | null, ...children: Child[]): HTMLElementTagNameMap[K] => {
  const element = document.createElement(tag);
  if (props?.class) element.className = props.class;
  for (const [name, value] of Object.entries(props?.attrs ?? {})) {
    if (/^on/i.test(name) || name === 'style') throw new Error(`attribute ${name} is not allowed`);
    element.setAttribute(name, value);
  }
  for (const [event, handler] of Object.entries(props?.on ?? {})) if (handler) element.addEventListener(event, handler);
  append(element, children);
  return element;
};

/** Replaces a node's children. */
export const fill = (parent: Element, ...children: Child[]): void => {
  parent.replaceChildren();
  append(parent, children);
};

/** A link inside the dashboard (hash routes); parts are URI-encoded. */
export const link = (parts: string[], label: Child, className?: string): HTMLAnchorElement =>
  h('a', { attrs: { href: `#/${parts.map(encodeURIComponent).join('/')}` }, ...(className && { class: className }) }, label);

/** A table with a header row; `empty` is shown when there are no rows. */
export const table = (headers: string[], rows: HTMLTableRowElement[], empty: string): HTMLElement =>
  rows.length === 0
    ? h('p', { class: 'empty' }, empty)
    : h('table', null, h('thead', null, h('tr', null, headers.map((header) => h('th', null, header)))), h('tbody', null, rows));

export const row = (...cells: Child[]): HTMLTableRowElement => h('tr', null, cells.map((cell) => h('td', null, cell)));

/** Pretty JSON in a <pre>, clipped so a huge result does not freeze the page. */
export const jsonBlock = (value: unknown, maxChars = 50_000): HTMLElement => {
  const text = JSON.stringify(value, null, 2) ?? '';
  return h('pre', { class: 'json' }, text.length > maxChars ? `${text.slice(0, maxChars)}\n… (${text.length - maxChars} more characters: see GET /v1/jobs/{id})` : text);
};

/** A status word with a colour class. */
export const badge = (status: string): HTMLElement => h('span', { class: `badge ${status.replace(/[^a-z_]/g, '')}` }, status);
