// One way to read the signaling server's options, for every program that runs it:
// `npm run signal` (signal/cli.ts), `npm start` (server/start.ts) and `npm run dev`
// (server/dev-integration.ts) take the same flags and SIGNAL_* variables.
import type { ServerOptions } from "node:http";
import { parseArgs, type ParseArgsOptionsConfig } from "node:util";
import { defaults, envName, flagName, optionsFromEnv, optionsFromFlags, type SignalOptions, type SignalOptionsInput } from "./limits.ts";

/** parseArgs() options for every limit and path: --max-room-size, --allowed-origins… */
export const limitFlags: ParseArgsOptionsConfig = Object.fromEntries(
  Object.entries(defaults).map(([key, value]) => [flagName(key), { type: typeof value === "boolean" ? "boolean" : "string" }] as const),
);

/** The --help lines for them: flag, environment variable, default. */
export const limitsUsage = `Limits and paths (flag, environment variable, default):
${Object.entries(defaults)
  .map(([key, value]) => `  --${flagName(key).padEnd(24)} ${envName(key).padEnd(34)} ${JSON.stringify(value)}`)
  .join("\n")}

Every option is described in signal/PROTOCOL.md ("Limits").`;

/**
 * createSignalServer()'s options from parsed flags (keyed by flag name) and the environment.
 * A flag wins over its SIGNAL_* variable, which wins over the default.
 */
export function signalOptions(
  flags: Record<string, string | boolean | (string | boolean)[] | undefined>,
  env: Record<string, string | undefined>,
): SignalOptionsInput {
  const single: Record<string, string | boolean | undefined> = {};
  for (const [name, value] of Object.entries(flags)) single[name] = Array.isArray(value) ? value.at(-1) : value;
  return { ...optionsFromEnv(env), ...optionsFromFlags(single) };
}

/** The same, from an argv that belongs to another program (astro dev): its other flags are left alone. */
export function signalOptionsFromArgv(argv: string[], env: Record<string, string | undefined>): SignalOptionsInput {
  const { values } = parseArgs({ args: argv, options: limitFlags, strict: false, allowPositionals: true });
  const ours = Object.fromEntries(Object.entries(values).filter(([name]) => name in limitFlags));
  return signalOptions(ours, env);
}

/**
 * node:http options for a server we create: headersTimeoutMs and requestTimeoutMs. Node's
 * requestTimeout covers receiving the request only (headers and body): a response that is
 * still streaming (an SSE stream) and an upgraded socket (a WebSocket) are not cut by it.
 */
export function httpServerOptions(options: Pick<SignalOptions, "headersTimeoutMs" | "requestTimeoutMs">): ServerOptions {
  return {
    headersTimeout: options.headersTimeoutMs,
    requestTimeout: options.requestTimeoutMs,
    // Node looks for expired requests every 30 s by default, which would let a slow client keep
    // its connection up to 30 s past the timeout.
    connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(options.headersTimeoutMs / 4))),
  };
}
