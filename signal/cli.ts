// The standalone signaling server: `npm run signal -- --port 9000 [--verbose]`.
// Reads flags, then SIGNAL_* environment variables, then the defaults
// (signal/options.ts, as npm start does); listens; logs; shuts down gracefully on SIGTERM/SIGINT.
import cluster from "node:cluster";
import http from "node:http";
import { parseArgs } from "node:util";
import { httpServerOptions, limitFlags, limitsUsage, signalOptions } from "./options.ts";
import { createSignalServer, type SignalServer } from "./server.ts";
import { lanAddresses } from "../server/lan.ts";
import { openTurn, turnFlags, turnOptionsFromArgs, turnUsage, type OpenTurn } from "./turn.ts";
import { runWorkers, workersRefusal } from "./workers.ts";

const usage = `Usage: npm run signal -- [--port 9000] [--host 0.0.0.0] [--verbose] [--quiet] [limits]

  --port N      port to listen on (env PORT, default 9000)
  --host H      address to listen on (env HOST, default all)
  --verbose     one log line per connect, join, leave, error and reject
  --quiet       no log lines at all, not even "listening"
  --workers N   N processes on one port (env SIGNAL_WORKERS, default 1); needs --redis

${limitsUsage}

${turnUsage}`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: "string", short: "p" },
        host: { type: "string" },
        verbose: { type: "boolean", short: "v" },
        quiet: { type: "boolean", short: "q" },
        help: { type: "boolean", short: "h" },
        workers: { type: "string" },
        ...limitFlags,
        ...turnFlags,
      },
    }).values;
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  if (args["help"]) {
    console.log(usage);
    return;
  }

  const quiet = args["quiet"] === true;
  const who = cluster.isWorker ? ` worker ${process.pid}` : "";
  const log = (line: string) => quiet || console.log(`${new Date().toISOString()}${who} ${line}`);

  const workers = Number(args["workers"] ?? process.env["SIGNAL_WORKERS"] ?? 1);
  if (cluster.isPrimary && workers !== 1) {
    let refusal: string | undefined;
    try {
      refusal = workersRefusal(workers, signalOptions(args, process.env).redis ?? "", turnOptionsFromArgs(args).kind === "bundled");
    } catch (err) {
      refusal = (err as Error).message;
    }
    if (refusal) {
      console.error(refusal);
      process.exit(2);
    }
    runWorkers(workers, log);
    return;
  }
  const port = Number(args["port"] ?? process.env["PORT"] ?? 9000);
  const host = args["host"] ?? process.env["HOST"];

  // TURN (signal/turn.ts): coturn as our child, or an external server's secret.
  let turn: OpenTurn = {};
  try {
    const choice = turnOptionsFromArgs(args);
    const loopbackOnly = host === "localhost" || host === "::1" || host?.startsWith("127.") === true;
    turn = await openTurn(choice, loopbackOnly ? undefined : lanAddresses(), args["verbose"] ? (line) => log(`turn ${line}`) : undefined);
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  if (turn.summary) log(`TURN ${turn.summary}`);

  let signal: SignalServer;
  try {
    signal = createSignalServer(signalOptions(args, process.env), turn.config ? { turn: turn.config } : {});
  } catch (err) {
    console.error((err as Error).message);
    process.exit(2);
  }
  // Redis going down or coming back is worth a line even without --verbose.
  signal.on("redis", (e) => log(e.message));
  if (args["verbose"] && !quiet) {
    signal.on("connect", (e) => log(`connect ${e.endpoint} ${e.remote}${e.origin ? ` origin=${e.origin}` : ""}`));
    signal.on("disconnect", (e) => log(`disconnect ${e.endpoint} ${e.remote}`));
    signal.on("join", (e) => log(`join ${e.endpoint} room=${e.room} id=${e.id}`));
    signal.on("leave", (e) => log(`leave ${e.endpoint} room=${e.room} id=${e.id}`));
    signal.on("error", (e) => log(`error ${e.endpoint} ${e.remote} ${e.code}: ${e.message}`));
    signal.on("reject", (e) => log(`reject ${e.endpoint ?? "-"} ${e.remote} ${e.code}: ${e.message}`));
  }

  const server = http.createServer(httpServerOptions(signal.options));
  signal.attach(server);
  server.on("error", (err) => {
    console.error(`Cannot listen: ${err.message}`);
    process.exit(1);
  });
  server.listen(port, host, () => {
    const address = server.address();
    const actual = typeof address === "object" && address ? address.port : port;
    const { path, peerjsPath } = signal.options;
    log(
      `signal server listening on port ${actual}: rooms ws://localhost:${actual}${path}, health http://localhost:${actual}${path}/health` +
        (peerjsPath ? `, PeerJS new Peer(id, { host, port: ${actual}, path: "${peerjsPath}" })` : ""),
    );
  });

  let stopping = false;
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: closing connections (1001 going away)`);
    void Promise.all([signal.close(), turn.server?.stop()]).then(() => server.close(() => process.exit(0)));
    server.closeAllConnections();
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}

void main();
