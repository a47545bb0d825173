// The bench's table: each figure for the floor, peer and ours, with ours'
// ratio to the floor and to peer, and whether the targets are met.
import { formatNumber, ratio, table } from "./stats.ts";

export interface Figures {
  name: string;
  connected: number;
  connectionsPerSecond: number;
  /** Best of the rounds. */
  relayPerSecond: number;
  relayRounds: number[];
  /** Server CPU time per relayed message, µs, per round and the best (lowest): steadier than msgs/s on a shared machine. */
  cpuPerMessage: number[];
  cpuPerMessageMicros: number;
  p50: number;
  p99: number;
  /** The open-loop rate the latency was measured at, msgs/s. */
  latencyRate: number;
  /** Bytes. */
  rssPerClient: number;
  /** Clients still connected after every phase (the smaller of the driver's and the server's count). */
  held: number;
  lost: number;
  outOfOrder: number;
  serverCpu: number[];
  driverCpu: number[];
  /** Redis's CPU time per relayed message, µs, per round and in the round kept (NaN without Redis). */
  redisCpuPerMessage: number[];
  redisCpuPerMessageMicros: number;
}

export interface Plan {
  clients: number;
  pairs: number;
  window: number;
  rounds: number;
  relayMs: number;
}

const met = (ok: boolean) => (ok ? "met" : "MISSED");

function rows(plan: Plan, list: Figures[], targets: boolean): string[][] {
  const floor = list.find((f) => f.name.startsWith("floor"));
  const peer = list.find((f) => f.name.startsWith("peer"));
  const ours = list.find((f) => f.name === "ours");
  if (!floor || !ours) return [];
  const columns = [floor, ...(peer ? [peer] : []), ours];
  const row = (label: string, pick: (f: Figures) => number, format: (n: number) => string, target = "") => [
    label,
    ...columns.map((f) => format(pick(f))),
    ratio(pick(ours), pick(floor)),
    ...(peer ? [ratio(pick(ours), pick(peer))] : []),
    ...(targets ? [target] : []),
  ];
  const capacity = (f: Figures) => 1e6 / f.cpuPerMessageMicros;
  const relayTarget = (pick: (f: Figures) => number) =>
    peer ? `≥ 0.9× floor: ${met(pick(ours) >= 0.9 * pick(floor))}; ≥ 1.7× peer: ${met(pick(ours) >= 1.7 * pick(peer))}` : "";
  const rssTarget = peer ? `≤ peer: ${met(ours.rssPerClient <= peer.rssPerClient)}` : "";
  const heldTarget = plan.clients >= 10_000 ? `10,000: ${met(ours.held >= 10_000)}` : "10,000: full run only";
  const kb = (n: number) => formatNumber(n / 1024);
  const ms = (n: number) => formatNumber(n);
  return [
    ["figure", ...columns.map((f) => f.name), "ours ÷ floor", ...(peer ? ["ours ÷ peer"] : []), ...(targets ? ["target"] : [])],
    row("connections / s", (f) => f.connectionsPerSecond, formatNumber),
    row(
      "relayed msgs / s (wall clock)",
      (f) => f.relayPerSecond,
      formatNumber,
      relayTarget((f) => f.relayPerSecond),
    ),
    row("relay capacity, msgs / server CPU-second", capacity, formatNumber, relayTarget(capacity)),
    row(`relay p50, ms (at ${formatNumber(ours.latencyRate)} msgs/s; lower is better)`, (f) => f.p50, ms),
    row("relay p99, ms (lower is better)", (f) => f.p99, ms),
    row("RSS per idle client, KiB (lower is better)", (f) => f.rssPerClient, kb, rssTarget),
    row("clients held", (f) => f.held, formatNumber, heldTarget),
  ];
}

export function printReport(report: { plan: Plan; peerjs: Figures[]; room: Figures[]; seconds: number }): void {
  const { plan } = report;
  console.log(
    `\n## PeerJS protocol: ${formatNumber(plan.clients)} clients per server, ${plan.pairs} pairs relaying (window ${plan.window}, best of ${plan.rounds} interleaved rounds of ${plan.relayMs / 1000} s)\n`,
  );
  console.log(table(rows(plan, report.peerjs, true)));
  console.log(`\n## Room protocol: ours and the floor (peer has none)\n`);
  console.log(table(rows(plan, report.room, false)));
  console.log("");
  for (const f of [...report.peerjs, ...report.room.map((r) => ({ ...r, name: `${r.name} (rooms)` }))]) {
    const cpu = (xs: number[]) => xs.map((x) => `${Math.round(x * 100)}%`).join(" ");
    console.log(
      `${f.name}: relay rounds ${f.relayRounds.map((n) => formatNumber(n)).join(", ")} msgs/s; server CPU ${cpu(f.serverCpu)} (${f.cpuPerMessage.map((n) => formatNumber(n)).join(", ")} µs per msg); driver CPU ${cpu(f.driverCpu)}; lost ${f.lost}, out of order ${f.outOfOrder}`,
    );
  }
  console.log(
    "\nRelay capacity = 1 / (server CPU time per relayed message), the msgs/s one dedicated core would relay: on a shared machine it moves far less than wall-clock msgs/s.",
  );
  console.log(
    `Ours runs with maxConnections (and maxConnectionsPerIp) 25,000 and maxMessagesPerSecond 100,000 (bench/ipc.ts); peer with concurrent_limit 25,000 and alive_timeout 600 s. Took ${Math.round(report.seconds)} s.`,
  );
}
