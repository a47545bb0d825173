// The scale-out table (npm run bench -- --redis): one process of ours, two instances on one
// Redis with every pair split across them, and --workers 2, each as a ratio to the one process.
// Server CPU is the sum of every process serving (both instances; the cluster primary and its
// workers); Redis's CPU and the load driver's are shown apart, so a figure bound by the driver
// (driver CPU near 100%) or by Redis is visible as such.
import type { Figures, Plan } from "./report.ts";
import { formatNumber, ratio, table } from "./stats.ts";

const met = (ok: boolean) => (ok ? "met" : "MISSED");
const percents = (xs: number[]) => xs.map((x) => `${Math.round(x * 100)}%`).join(" ");

function rows(list: Figures[]): string[][] {
  const [one, ...others] = list;
  if (!one) return [];
  const capacity = (f: Figures) => 1e6 / f.cpuPerMessageMicros;
  const cross = others[0];
  const capacityTarget = cross ? `2 instances ≥ 0.7× one: ${met(capacity(cross) >= 0.7 * capacity(one))}` : "";
  const lostTarget = `nothing lost: ${met(list.every((f) => f.lost === 0 && f.outOfOrder === 0))}`;
  const row = (label: string, pick: (f: Figures) => number, format: (n: number) => string, target = "", ratios = true) => [
    label,
    ...list.map((f) => format(pick(f))),
    ...others.map((f) => (ratios ? ratio(pick(f), pick(one)) : "")),
    target,
  ];
  const best = (f: Figures) => f.relayRounds.indexOf(f.relayPerSecond);
  return [
    ["figure", ...list.map((f) => f.name), ...others.map((f) => `${f.name} ÷ one`), "target"],
    row("relayed msgs / s (wall clock, best round)", (f) => f.relayPerSecond, formatNumber),
    row("relay capacity, msgs / server CPU-second (servers summed)", capacity, formatNumber, capacityTarget),
    row("server CPU µs per msg (servers summed; lower is better)", (f) => f.cpuPerMessageMicros, formatNumber),
    row("Redis CPU µs per msg, same round (apart)", (f) => f.redisCpuPerMessageMicros, formatNumber, "", false),
    row(
      "load driver CPU in the best round",
      (f) => f.driverCpu[best(f)] ?? Number.NaN,
      (n) => `${Math.round(n * 100)}%`,
      "near 100%: client-bound",
      false,
    ),
    row(`relay p50, ms (at ${formatNumber(one.latencyRate)} msgs/s; lower is better)`, (f) => f.p50, formatNumber),
    row("relay p99, ms (lower is better)", (f) => f.p99, formatNumber),
    row("lost + out of order", (f) => f.lost + f.outOfOrder, formatNumber, lostTarget, false),
    row("clients held", (f) => f.held, formatNumber),
  ];
}

export function printScaleOut(report: { plan: Plan; room: Figures[]; peerjs: Figures[]; seconds: number }): void {
  const { plan } = report;
  const heading = `${formatNumber(plan.clients)} clients per target, ${plan.pairs} pairs relaying (window ${plan.window}, best of ${plan.rounds} interleaved rounds of ${plan.relayMs / 1000} s)`;
  console.log(`\n## Scale out, room protocol: ${heading}\n`);
  console.log(table(rows(report.room)));
  console.log(`\n## Scale out, PeerJS protocol: ${heading}\n`);
  console.log(table(rows(report.peerjs)));
  console.log("");
  for (const f of [...report.room.map((r) => ({ ...r, name: `${r.name} (rooms)` })), ...report.peerjs.map((r) => ({ ...r, name: `${r.name} (PeerJS)` }))]) {
    console.log(
      `${f.name}: relay rounds ${f.relayRounds.map((n) => formatNumber(n)).join(", ")} msgs/s; server CPU ${percents(f.serverCpu)} (${f.cpuPerMessage.map((n) => formatNumber(n)).join(", ")} µs per msg); Redis ${f.redisCpuPerMessage.map((n) => formatNumber(n)).join(", ")} µs per msg; driver CPU ${percents(f.driverCpu)}; lost ${f.lost}, out of order ${f.outOfOrder}`,
    );
  }
  console.log(
    "\n2 instances + Redis: client i connects to instance i % 2, so every relayed message crosses Redis. --workers 2: node:cluster deals the connections out; CPU is the primary's plus both workers'.",
  );
  console.log(`Took ${Math.round(report.seconds)} s in all.`);
}
