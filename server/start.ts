// `npm start`: the built site and the signaling server on one port, and the
// runner origin (where learner code runs) on the next one.
//   node server/start.ts [--port 4321] [--runner-port <port+1>] [--host] [--https] [--turn]
// --host listens on every interface (phones on your Wi-Fi can open the site) and
// prints the LAN URLs; --https serves both origins over HTTPS with a certificate
// made on first run (server/tls.ts), since phones get the camera only on https.
// --turn starts coturn beside it (signal/turn.ts has the TURN flags).
// Environment: PORT, HOST, RUNNER_PORT, TLS_DIR (where the certificate is kept,
// default .cache/tls/). The signaling server's limits come from the same flags and
// SIGNAL_* variables as `npm run signal`: signalOptions() (signal/options.ts) reads
// them here, and createSignalServer() gets the result (signal/PROTOCOL.md "Limits").
import { createServer, type RequestListener, type Server } from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import sirv from "sirv";
import { httpServerOptions, limitFlags, signalOptions } from "../signal/options.ts";
import { createSignalServer, type SignalServer } from "../signal/server.ts";
import { openTurn, turnFlags, turnOptionsFromArgs, type OpenTurn } from "../signal/turn.ts";
import { setCommonHeaders, setSiteFileHeaders, type Origins } from "./headers.ts";
import { isServedHost, lanAddresses, lanUrls, servedHostnames } from "./lan.ts";
import { createRunnerServer, RUNNER_DIR } from "./runner-host.ts";
import { RUNNER_HOST_SUFFIX } from "../src/playground/config.ts";
import { createTalkRoutes } from "./talk-routes.ts";
import { loadCertificate, type Certificate } from "./tls.ts";

const { values } = parseArgs({
  options: {
    port: { type: "string" },
    "runner-port": { type: "string" },
    host: { type: "boolean", default: false },
    https: { type: "boolean", default: false },
    ...limitFlags,
    ...turnFlags,
  },
});

const port = Number(values.port ?? process.env["PORT"] ?? 4321);
const runnerPort = Number(values["runner-port"] ?? process.env["RUNNER_PORT"] ?? port + 1);
// Loopback unless asked: the site is for you until you choose to share it.
const host = values.host ? "0.0.0.0" : (process.env["HOST"] ?? "localhost");

const siteDir = join(import.meta.dirname, "..", "dist");
for (const [dir, fix] of [
  [siteDir, "npm run build"],
  [RUNNER_DIR, "node scripts/build-runner.ts"],
] as const) {
  if (!existsSync(dir)) {
    console.error(`${dir} does not exist: run \`${fix}\` first (npm start does both).`);
    process.exit(1);
  }
}

const protocol = values.https ? "https" : "http";
const lan = values.host ? lanAddresses() : [];
const hostnames = servedHostnames(lan);
// Who may frame whom (server/headers.ts); PUBLIC_RUNNER_ORIGIN is the runner the site was built to use, if any.
const origins: Origins = { protocol, hostnames, port, runnerPort, runnerOrigin: process.env["PUBLIC_RUNNER_ORIGIN"] };
let tls: Certificate | undefined;
if (values.https) {
  // Every name the site may be opened by, so no browser finds a mismatch.
  const dir = process.env["TLS_DIR"];
  // (IPv6 loopback left out: tls.ts lists names and IPv4, and nobody opens https://[::1]/.)
  // *.run.localhost: the per-run runner origins (src/playground/config.ts).
  tls = await loadCertificate({ hosts: [...hostnames.filter((name) => !name.includes(":")), `*.${RUNNER_HOST_SUFFIX}`], ...(dir ? { dir } : {}) });
}

// TURN: coturn as our child (relaying on the LAN under --host), or an external server.
let turn: OpenTurn;
try {
  turn = await openTurn(turnOptionsFromArgs(values), values.host ? lan : undefined);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

let signal: SignalServer;
try {
  signal = createSignalServer(signalOptions(values, process.env), turn.config ? { turn: turn.config } : {});
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
signal.on("redis", (e) => console.log(`${new Date().toISOString()} ${e.message}`));
// Text files go out as their precompressed .br/.gz (scripts/precompress.ts, part of the build).
const site = sirv(siteDir, { etag: true, brotli: true, gzip: true, setHeaders: (res, pathname) => setSiteFileHeaders(res, pathname, origins) });
const notFound = join(siteDir, "404.html");
const talk = createTalkRoutes({
  lanUrls: () => lanUrls(lan, protocol, port),
  isServedHost: (hostHeader) => isServedHost(hostHeader, hostnames, protocol, port),
  ...(tls ? { caCert: tls.caCert } : {}),
});

const handler: RequestListener = (req, res) => {
  setCommonHeaders(res);
  if (signal.handleRequest(req, res) || talk(req, res)) return;
  site(req, res, () => {
    res.statusCode = 404;
    if (existsSync(notFound)) {
      req.url = "/404.html";
      site(req, res);
    } else {
      res.end("Not found");
    }
  });
};
const timeouts = httpServerOptions(signal.options);
const server = tls ? createHttpsServer({ ...tls, ...timeouts }, handler) : createServer(timeouts, handler);
server.on("upgrade", (req, socket, head) => {
  if (!signal.handleUpgrade(req, socket, head)) socket.destroy();
});
// The runner origin uses the same certificate (it lists the same names) and the same timeouts.
const runner = createRunnerServer(origins, tls, timeouts);

function listen(target: Server, listenPort: number, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    target.once("error", (error: NodeJS.ErrnoException) => {
      reject(error.code === "EADDRINUSE" ? new Error(`Port ${listenPort} (${what}) is in use: pass --port to choose another.`) : error);
    });
    target.listen(listenPort, host, resolve);
  });
}

try {
  await listen(server, port, "site");
  await listen(runner, runnerPort, "runner");
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const shown = host === "0.0.0.0" ? "localhost" : host;
const ws = values.https ? "wss" : "ws";
console.log(`WebRTC Playground: ${protocol}://${shown}:${port}/`);
console.log(`  signaling  ${ws}://${shown}:${port}/signal   PeerJS  ${protocol}://${shown}:${port}/peerjs`);
// Learner code runs on <room>.run.localhost:<runnerPort> (a fresh origin per run) from
// a page on localhost, on <this host>:<runnerPort> from a LAN address (see README "Run it").
console.log(`  runner     ${protocol}://*.${RUNNER_HOST_SUFFIX}:${runnerPort}/ (learner code runs there, one origin per run)`);
if (values.host) {
  if (lan.length === 0) console.log("  network    no LAN address found (only loopback): is Wi-Fi on?");
  for (const url of lanUrls(lan, protocol, port)) console.log(`  network    ${url}`);
  if (!values.https && lan.length > 0) console.log("             (phones get the camera only over https: add --https)");
}
if (turn.summary) console.log(`  TURN       ${turn.summary}`);
if (tls) {
  console.log(`  certificate ${relative(process.cwd(), tls.caPath) || tls.caPath}${tls.created ? " (made now)" : ""}: trust it once, see README "Presenting"`);
  for (const url of lanUrls(lan, protocol, port)) console.log(`             phones download it from ${url}tls/ca.pem`);
}

async function shutdown(): Promise<void> {
  // Signaling clients get a going-away close; then the listeners stop.
  await Promise.all([signal.close(), turn.server?.stop()]);
  server.close();
  runner.close();
  server.closeAllConnections();
  runner.closeAllConnections();
}
for (const event of ["SIGINT", "SIGTERM"] as const) {
  process.once(event, () => {
    void shutdown().then(() => process.exit(0));
  });
}
