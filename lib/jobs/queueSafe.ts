import type { ErrorDetail } from './errors';

/**
 * What SQS refuses in a message body: anything outside #x9 | #xA | #xD | #x20–#xD7FF |
 * #xE000–#xFFFD | #x10000–#x10FFFF. With the `u` flag a lone surrogate is a code point of its own,
 * so it matches; a valid pair is one code point above #xFFFF, so it does not.
 */
const UNSAFE = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const UNSAFE_ALL = new RegExp(UNSAFE.source, 'gu');

/** Stop after this many offending strings: enough to act on, and the error stays small. */
export const QUEUE_UNSAFE_MAX = 20;

const PATH_MAX = 200;

const codePointName = (codePoint: number) => `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first character of `text` SQS cannot carry, as a code point, or undefined when there is none. */
export const firstUnsafeCodePoint = (text: string): number | undefined => {
  const found = UNSAFE.exec(text);
  return found === null ? undefined : found[0].codePointAt(0);
};

interface Node {
  value: unknown;
  key?: string | number;
  parent?: Node;
}

/** A path such as `jobs[2].args.cursor`, with refused characters written as `\uXXXX` so the error can carry it. */
const pathOf = (node: Node, prefix: string): string => {
  const keys: (string | number)[] = [];
  for (let at: Node | undefined = node; at?.key !== undefined; at = at.parent) keys.push(at.key);
  const path = keys.reverse().reduce<string>((out, key) => {
    if (typeof key === 'number') return `${out}[${key}]`;
    const shown = key.replace(UNSAFE_ALL, (char) => `\\u${(char.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
    return out === '' ? shown : `${out}.${shown}`;
  }, prefix);
  return path.length > PATH_MAX ? `${path.slice(0, PATH_MAX - 1)}…` : path;
};

/**
 * Every string of a parsed JSON body (keys too) holding a character SQS refuses, up to
 * QUEUE_UNSAFE_MAX of them. One pass with an explicit stack: deep nesting cannot overflow the call
 * stack, and the cost is bounded by the body, which the HTTP layer caps.
 */
export const findUnsafeStrings = (body: unknown, prefix = ''): ErrorDetail[] => {
  const found: ErrorDetail[] = [];
  const report = (node: Node, text: string, what: string) => {
    const codePoint = firstUnsafeCodePoint(text);
    if (codePoint !== undefined) found.push({ path: pathOf(node, prefix), message: `${what} holds ${codePointName(codePoint)}, a character the queue cannot carry` });
  };
  const stack: Node[] = [{ value: body }];
  while (stack.length > 0 && found.length < QUEUE_UNSAFE_MAX) {
    const node = stack.pop() as Node;
    const { value } = node;
    if (typeof value === 'string') {
      report(node, value, 'the value');
    } else if (Array.isArray(value)) {
      // Pushed last-first so they are checked, and reported, in the body's order.
      for (let index = value.length - 1; index >= 0; index -= 1) stack.push({ value: value[index], key: index, parent: node });
    } else if (value !== null && typeof value === 'object') {
      const entries = Object.entries(value);
      for (let index = entries.length - 1; index >= 0; index -= 1) stack.push({ value: entries[index][1], key: entries[index][0], parent: node });
      for (const [key] of entries) {
        if (found.length < QUEUE_UNSAFE_MAX) report({ value: key, key, parent: node }, key, 'the key');
      }
    }
  }
  return found;
};
