// Scale out: two instances on one real Redis serve one room as if they were one.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { passed, runConformance, type CheckResult } from "../../signal/conformance/run.ts";
import { listen, type Running } from "./helpers.ts";
import { redisMissing, startRedis, type RedisProcess } from "./redis-server.ts";

if (redisMissing) console.warn(`Skipping the Redis tests: ${redisMissing}`);

const failures = (results: CheckResult[]) => results.filter((r) => !r.ok && !r.skipped).map((r) => `${r.name}: ${r.reason}`);

/** Resolves once `server` has reached Redis (health says up). */
export async function redisUp(server: Running): Promise<void> {
  for (let i = 0; i < 100 && server.signal.health().redis?.up !== true; i++) await new Promise((resolve) => setTimeout(resolve, 50));
  expect(server.signal.health().redis?.up).toBe(true);
}

describe.skipIf(redisMissing !== undefined)("two instances, one Redis", () => {
  let redis: RedisProcess;
  let a: Running;
  let b: Running;
  beforeAll(async () => {
    redis = await startRedis();
    a = await listen({ redis: redis.url, expireTimeoutMs: 1500 });
    b = await listen({ redis: redis.url, expireTimeoutMs: 1500 });
    await Promise.all([redisUp(a), redisUp(b)]);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await redis?.stop();
  });

  it.each(["ws", "http"] as const)("the room conformance kit passes with its clients on different instances, over %s", async (scheme) => {
    const joins = { a: 0, b: 0 };
    const countA = () => joins.a++;
    const countB = () => joins.b++;
    a.signal.on("join", countA);
    b.signal.on("join", countB);
    const results = await runConformance(a.url("/signal").replace(/^http/, scheme), { secondUrl: b.url("/signal").replace(/^http/, scheme) });
    a.signal.off("join", countA);
    b.signal.off("join", countB);
    expect(failures(results)).toEqual([]);
    // Both instances served the kit's clients: its rooms really spanned the two.
    expect(joins.a).toBeGreaterThan(5);
    expect(joins.b).toBeGreaterThan(5);
    expect(passed(results)).toBe(true);
  }, 60_000);
});
