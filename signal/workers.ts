// --workers N: N processes of signal/cli.ts on one port (node:cluster hands each new connection
// to one of them), so a multi-core machine is used. Each worker is a separate process with its own
// memory: only Redis makes them one server, so --workers needs --redis.
import cluster from "node:cluster";

/**
 * Why `--workers count` cannot run with these options, or undefined when it can.
 * @param redis the redis option in force ("" when none)
 * @param bundledTurn whether --turn asks this program to start coturn (once per process would clash)
 */
export function workersRefusal(count: number, redis: string, bundledTurn: boolean): string | undefined {
  if (!Number.isInteger(count) || count < 1) return `--workers must be a whole number of processes (1 or more), not ${count}.`;
  if (count === 1) return undefined;
  if (redis === "") {
    return "--workers needs --redis URL (or SIGNAL_REDIS_URL): each worker is a process with its own memory, so without a shared Redis two clients that land on different workers would never see each other.";
  }
  if (bundledTurn) return "--workers cannot start coturn (--turn) in every worker: run one TURN server and give --turn-url and --turn-secret.";
  return undefined;
}

/** The primary's job: fork `count` workers running this program with the same flags, replace one that dies, pass SIGTERM/SIGINT on. */
export function runWorkers(count: number, log: (line: string) => void): void {
  let stopping = false;
  const fork = () => cluster.fork();
  for (let i = 0; i < count; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
      return;
    }
    log(`worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
    fork();
  });
  const stop = (reason: string) => {
    if (stopping) return;
    stopping = true;
    log(`${reason}: stopping ${count} workers`);
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
  };
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGINT", () => stop("SIGINT"));
}
