import type { Command } from 'commander';
import { resolveConnection } from './config';
import { pollIntervalMs } from './follow';
import { type ApiClient, createApiClient } from './http';
import { type Io, Output } from './output';

/** What every command gets: where to write, how to reach the API, how often to poll. */
export interface Context {
  io: Io;
  output: Output;
  /** The API client, made on first use (so a usage error is reported before a missing key is). */
  client: () => ApiClient;
  pollMs: number;
}

export interface GlobalOptions {
  url?: string;
  apiKey?: string;
  json?: boolean;
}

export const createContext = (io: Io, options: GlobalOptions): Context => {
  let client: ApiClient | undefined;
  return {
    io,
    output: new Output(io, { json: options.json === true }),
    client: () => {
      client ??= createApiClient(resolveConnection(options, io.env));
      return client;
    },
    pollMs: pollIntervalMs(io.env),
  };
};

/** Turns a command's action into a commander action: the last argument is the command, the rest positional values and options. */
export type ActionFactory = <A extends unknown[]>(action: (context: Context, ...args: A) => Promise<number>) => (...args: unknown[]) => Promise<void>;

/** Each action's result becomes the exit code through `setExitCode`. */
export const actionFactory = (io: Io, setExitCode: (code: number) => void): ActionFactory =>
  function wrap<A extends unknown[]>(action: (context: Context, ...args: A) => Promise<number>) {
    return async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      const context = createContext(io, command.optsWithGlobals<GlobalOptions>());
      setExitCode(await action(context, ...(args.slice(0, -1) as A)));
    };
  };
