import type { Route } from './types';

/** A path parameter: what an ID may hold (no slashes, bounded). */
const PARAM = '([A-Za-z0-9_.:-]{1,128})';

export interface CompiledRoute {
  route: Route;
  pattern: RegExp;
  names: string[];
}

export const compileRoutes = (routes: readonly Route[]): CompiledRoute[] =>
  routes.map((route) => {
    const names: string[] = [];
    const source = route.path
      .split(/(\{[a-z_]+\})/)
      .map((part) => {
        const name = /^\{([a-z_]+)\}$/.exec(part)?.[1];
        if (name) {
          names.push(name);
          return PARAM;
        }
        return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      })
      .join('');
    return { route, pattern: new RegExp(`^${source}/?$`), names };
  });

export type Match =
  | { kind: 'found'; route: Route; params: Record<string, string> }
  | { kind: 'wrong_method'; allowed: string[] }
  | { kind: 'none' };

/** Finds the route for a method and path; a known path with another verb says which verbs it takes. */
export const matchRoute = (compiled: readonly CompiledRoute[], method: string, path: string): Match => {
  const allowed: string[] = [];
  for (const { route, pattern, names } of compiled) {
    const found = pattern.exec(path);
    if (!found) continue;
    if (route.method !== method) {
      allowed.push(route.method);
      continue;
    }
    return { kind: 'found', route, params: Object.fromEntries(names.map((name, index) => [name, found[index + 1]])) };
  }
  return allowed.length > 0 ? { kind: 'wrong_method', allowed } : { kind: 'none' };
};
