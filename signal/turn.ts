// A TURN server for the course: Debian's coturn (`turnserver`) as a child
// process, or an external one named by URL. `npm start -- --turn` and
// `npm run signal -- --turn` use it; /signal/ice-servers (./ice-servers.ts)
// hands browsers short-lived credentials for it.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { accessSync, constants, existsSync, mkdtempSync, rmSync } from "node:fs";
import { createSocket } from "node:dgram";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import type { TurnConfig } from "./ice-servers.ts";

/** parseArgs options for the TURN flags, shared by signal/cli.ts and server/start.ts. */
export const turnFlags = {
  turn: { type: "boolean" },
  "turn-port": { type: "string" },
  "turn-url": { type: "string" },
  "turn-secret": { type: "string" },
  "turn-ttl": { type: "string" },
} as const;

export const turnUsage = `TURN (relay for networks that block peer-to-peer):
  --turn               start Debian's coturn (apt package coturn) as a child process
  --turn-port N        its UDP and TCP port (env TURN_PORT, default 3478)
  --turn-url U         use an external TURN server instead, e.g. turn:turn.example.org:3478 (env TURN_URL)
  --turn-secret S      that server's static-auth-secret (env TURN_SECRET; required with --turn-url)
  --turn-ttl S         how long the credentials of /signal/ice-servers last, in seconds (env TURN_TTL, default 3600)`;

/** Default lifetime of TURN credentials, in seconds: long enough for a lesson or a talk, short enough that a leaked one soon stops working. */
export const DEFAULT_TURN_TTL = 3600;
/** The TURN/STUN port coturn and browsers use by default (RFC 5766). */
export const DEFAULT_TURN_PORT = 3478;

/** What the flags ask for: no TURN, coturn as our child, or someone else's server. */
export type TurnChoice =
  | { kind: "none" }
  | { kind: "bundled"; port: number; ttlSeconds: number }
  | { kind: "external"; host: string; port: number; secret: string; ttlSeconds: number };

type TurnValues = { [K in keyof typeof turnFlags]?: (typeof turnFlags)[K]["type"] extends "boolean" ? boolean : string };

function port(text: string, what: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65535) throw new TypeError(`${what} must be a port number from 1 to 65535, not "${text}".`);
  return value;
}

/**
 * Reads the TURN flags (parseArgs values), then TURN_* environment variables.
 * @throws {TypeError} naming the flag and the fix.
 */
export function turnOptionsFromArgs(values: TurnValues, env: Record<string, string | undefined> = process.env): TurnChoice {
  const url = values["turn-url"] ?? env["TURN_URL"];
  const secret = values["turn-secret"] ?? env["TURN_SECRET"];
  const ttlText = values["turn-ttl"] ?? env["TURN_TTL"];
  const ttlSeconds = ttlText === undefined ? DEFAULT_TURN_TTL : Number(ttlText);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new TypeError(`--turn-ttl must be a whole number of seconds, not "${ttlText}".`);
  if (url !== undefined) {
    if (values.turn) throw new TypeError("Give either --turn (start coturn here) or --turn-url (use another server), not both.");
    // turns: (TURN over TLS) would need turns: URLs on its TLS port; /signal/ice-servers hands out turn: (UDP and TCP).
    if (/^turns:/i.test(url))
      throw new TypeError(
        `--turn-url takes a turn: URL (UDP and TCP on one port, e.g. turn:turn.example.org:3478), not "${url}": turns: (TLS) is not supported.`,
      );
    const match = /^turn:(\[[0-9a-f:.]+\]|[^:?\s/]+)(?::(\d+))?(?:\?.*)?$/i.exec(url);
    if (!match?.[1]) throw new TypeError(`--turn-url must look like turn:host:port (e.g. turn:turn.example.org:3478), not "${url}".`);
    if (!secret) throw new TypeError("--turn-url needs --turn-secret: the server's static-auth-secret, to sign credentials with.");
    return { kind: "external", host: match[1], port: match[2] ? port(match[2], "--turn-url's port") : DEFAULT_TURN_PORT, secret, ttlSeconds };
  }
  if (!values.turn) return { kind: "none" };
  const portText = values["turn-port"] ?? env["TURN_PORT"];
  return { kind: "bundled", port: portText === undefined ? DEFAULT_TURN_PORT : port(portText, "--turn-port"), ttlSeconds };
}

export interface TurnServerOptions {
  /** UDP and TCP port. Default 3478. */
  port?: number;
  /** Addresses to listen on. Default ["127.0.0.1"]. */
  listen?: string[];
  /** Addresses relayed traffic leaves from (the relay candidates). Default: `listen`. */
  relay?: string[];
  /**
   * Let peers on loopback be relayed to. Two tabs on one machine need it (their relay
   * addresses are 127.0.0.1); coturn refuses it by default because, on a server others
   * can reach, it would let them reach this machine's loopback services. Local use and tests only.
   */
  allowLoopbackPeers?: boolean;
  /** The shared secret credentials are signed with. Default: 32 random bytes. */
  secret?: string;
  /** Default "webrtc-playground". */
  realm?: string;
  /** The coturn binary. Default "turnserver" (on PATH). */
  command?: string;
  /** Each line coturn prints. Default: dropped. */
  onLog?: (line: string) => void;
}

export interface TurnServer {
  readonly port: number;
  readonly secret: string;
  readonly realm: string;
  readonly child: ChildProcess;
  /** As ./ice-servers.ts needs it (host undefined: the address each client reached us by). */
  config(ttlSeconds: number): TurnConfig;
  /** Ends coturn (SIGTERM, SIGKILL after 2 s) and removes its files. */
  stop(): Promise<void>;
}

/** The message for a missing binary: what to install, and the alternative. */
export const MISSING_TURNSERVER =
  "turnserver was not found on PATH. Install Debian's coturn package (sudo apt-get install coturn), " +
  "or point at an existing server with --turn-url turn:host:port --turn-secret S.";

/** Children still running; killed when this process exits, however it exits. */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;
function killOnExit(child: ChildProcess): void {
  running.add(child);
  child.once("exit", () => running.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  // 'exit' also runs after an uncaught exception; handlers must be synchronous, and kill() is.
  process.on("exit", () => {
    for (const each of running) each.kill("SIGTERM");
  });
}

/** The full path of `command` on PATH (or as given, when it has a slash), or undefined. */
export function findOnPath(command: string, path = process.env["PATH"] ?? ""): string | undefined {
  const candidates = command.includes("/")
    ? [command]
    : path
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, command));
  return candidates.find((file) => {
    try {
      accessSync(file, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Throws unless `port` is free for TCP and UDP on `address`. coturn itself does not say: it binds
 * with SO_REUSEPORT, so a second one on a busy port starts fine and the kernel shares the
 * traffic between the two, with half the credentials checked against the wrong secret.
 */
async function assertPortFree(address: string, portNumber: number): Promise<void> {
  const inUse = new Error(`Port ${portNumber} on ${address} is in use (another TURN server?): pass --turn-port to choose another.`);
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once("error", () => reject(inUse));
    server.listen(portNumber, address, () => server.close(() => resolve()));
  });
  await new Promise<void>((resolve, reject) => {
    const socket = createSocket(address.includes(":") ? "udp6" : "udp4");
    socket.once("error", () => reject(inUse));
    socket.bind(portNumber, address, () => socket.close(() => resolve()));
  });
}

/** Resolves once something accepts TCP connections on 127.0.0.1-or-`host`:port, or rejects after `ms`. */
async function waitForListener(host: string, portNumber: number, ms: number, gone: () => string | undefined): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host, port: portNumber });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    const why = gone();
    if (why !== undefined) throw new Error(why);
    if (Date.now() > deadline) throw new Error(`coturn did not listen on ${host}:${portNumber} within ${ms} ms.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Starts coturn with only what a course needs: TURN over UDP and TCP on one port, UDP relays, the
 * TURN REST API's shared secret, a realm; no TLS, DTLS, TCP relays, CLI, web admin, RFC 5780 or config file.
 * Resolves once it accepts connections.
 * @throws {Error} MISSING_TURNSERVER when the binary is missing, or coturn's last lines when it exits early.
 */
export async function startTurnServer(options: TurnServerOptions = {}): Promise<TurnServer> {
  const portNumber = options.port ?? DEFAULT_TURN_PORT;
  const listen = options.listen ?? ["127.0.0.1"];
  const relay = options.relay ?? listen;
  const secret = options.secret ?? randomBytes(32).toString("base64url");
  const realm = options.realm ?? "webrtc-playground";
  const command = findOnPath(options.command ?? "turnserver");
  if (command === undefined) throw new Error(MISSING_TURNSERVER);
  for (const address of listen) await assertPortFree(address, portNumber);
  // Its pid file and (unused) user database: ours, not /var/lib/turn, which a normal user can't write.
  const dir = mkdtempSync(join(tmpdir(), "webrtc-playground-turn-"));
  const args = [
    "-n",
    "--listening-port",
    String(portNumber),
    ...listen.flatMap((address) => ["--listening-ip", address]),
    ...relay.flatMap((address) => ["--relay-ip", address]),
    ...(options.allowLoopbackPeers ? ["--allow-loopback-peers"] : []),
    "--use-auth-secret",
    "--static-auth-secret",
    secret,
    "--realm",
    realm,
    "--fingerprint",
    "--no-cli",
    "--no-tls",
    "--no-dtls",
    "--no-rfc5780",
    "--no-multicast-peers",
    // Browsers ask for UDP relays only; a TCP relay (RFC 6062) would let a credential open TCP connections from here.
    "--no-tcp-relay",
    "--no-software-attribute",
    "--log-file",
    "stdout",
    "--simple-log",
    "--pidfile",
    join(dir, "turnserver.pid"),
    "--userdb",
    join(dir, "turndb"),
  ]; // prettier-ignore
  // setpriv --pdeathsig: the kernel ends coturn even if we are killed with SIGKILL.
  const setpriv = existsSync("/usr/bin/setpriv");
  const child = spawn(setpriv ? "/usr/bin/setpriv" : command, setpriv ? ["--pdeathsig", "TERM", command, ...args] : args, {
    stdio: ["ignore", "pipe", "pipe"],
  });
  killOnExit(child);
  const tail: string[] = [];
  let spawnError: Error | undefined;
  let exitCode: number | null | undefined;
  const onData = (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (!line.trim()) continue;
      tail.push(line);
      if (tail.length > 8) tail.shift();
      options.onLog?.(line);
    }
  };
  child.stdout?.on("data", onData);
  child.stderr?.on("data", onData);
  child.once("error", (error) => (spawnError = error));
  const exited = new Promise<void>((resolve) =>
    child.once("exit", (code) => {
      exitCode = code;
      resolve();
    }),
  );
  const cleanUp = () => rmSync(dir, { recursive: true, force: true });
  void exited.then(cleanUp);

  const gone = (): string | undefined => {
    if (spawnError) return `Cannot start ${command}: ${spawnError.message}`;
    if (exitCode !== undefined) return `coturn exited (code ${exitCode}) before listening:\n  ${tail.join("\n  ")}`;
    return undefined;
  };
  try {
    await waitForListener(listen[0] ?? "127.0.0.1", portNumber, 10_000, gone);
  } catch (error) {
    child.kill("SIGKILL");
    await exited;
    throw error;
  }

  return {
    port: portNumber,
    secret,
    realm,
    child,
    config: (ttlSeconds) => ({ port: portNumber, secret, ttlSeconds }),
    async stop() {
      if (exitCode !== undefined) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** What the server hands /signal/ice-servers, the coturn child if we started one, and a line for the log. */
export interface OpenTurn {
  config?: TurnConfig;
  server?: TurnServer;
  summary?: string;
}

/**
 * Starts what the flags chose. `lan` is the machine's LAN addresses when the site is shared
 * (--host), undefined when it serves only this machine: then coturn listens and relays on
 * 127.0.0.1 and lets loopback peers be relayed to (two tabs here); shared, it relays on the
 * LAN addresses and never lets peers reach loopback.
 */
export async function openTurn(choice: TurnChoice, lan: string[] | undefined, onLog?: (line: string) => void): Promise<OpenTurn> {
  if (choice.kind === "none") return {};
  if (choice.kind === "external") {
    const { host, port: turnPort, secret, ttlSeconds } = choice;
    return { config: { host, port: turnPort, secret, ttlSeconds }, summary: `turn:${host}:${turnPort} (external; credentials last ${ttlSeconds} s)` };
  }
  const shared = lan !== undefined && lan.length > 0;
  const server = await startTurnServer({
    port: choice.port,
    listen: shared ? ["127.0.0.1", ...lan] : ["127.0.0.1"],
    relay: shared ? lan : ["127.0.0.1"],
    allowLoopbackPeers: lan === undefined,
    ...(onLog ? { onLog } : {}),
  });
  const relayOn = shared ? lan.join(", ") : "127.0.0.1";
  return {
    config: server.config(choice.ttlSeconds),
    server,
    summary: `turn:<address you reach us by>:${server.port} (coturn pid ${server.child.pid}, relaying on ${relayOn}; credentials last ${choice.ttlSeconds} s)`,
  };
}
