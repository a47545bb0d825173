// --workers N: N processes on one port, one server through Redis; refused without --redis.
import { spawn } from "node:child_process";
import http from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { Client, type Json } from "./helpers.ts";
import { startRedis } from "./redis-server.ts";
import { spawnSignal } from "./spawn.ts";

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

/** GET health on a fresh connection (cluster hands each connection to one worker). */
function health(port: number): Promise<Json> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: "127.0.0.1", port, path: "/signal/health", agent: false }, (res) => {
        let body = "";
        res.on("data", (chunk: Buffer) => (body += chunk.toString()));
        res.on("end", () => resolve(JSON.parse(body) as Json));
      })
      .on("error", reject);
  });
}

describe("--workers", () => {
  it("refuses to start without --redis, saying why", async () => {
    const child = spawn(process.execPath, ["signal/cli.ts", "--workers", "2", "--port", "0"]);
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(code).toBe(2);
    expect(stderr).toMatch(/--workers needs --redis/);
  });

  it("2 workers on one port serve one room: every client sees every other", async () => {
    const redis = await startRedis();
    cleanup.push(() => redis.stop());
    const server = await spawnSignal(["--workers", "2", "--redis", redis.url]);
    cleanup.push(() => server.stop());
    // Both workers listen (the first one's line started the test) and answer, each reached Redis.
    for (let i = 0; i < 100 && server.output().match(/listening on port/g)?.length !== 2; i++) await new Promise((resolve) => setTimeout(resolve, 100));
    const instances = new Set<string>();
    for (let i = 0; i < 100 && instances.size < 2; i++) {
      const answer = await health(server.port);
      const shared = answer["redis"] as { instance: string; up: boolean } | undefined;
      if (shared?.up) instances.add(shared.instance);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(instances.size).toBe(2);

    const clients: Client[] = [];
    for (let i = 0; i < 6; i++) {
      const client = await Client.open(`ws://127.0.0.1:${server.port}/signal`);
      clients.push(client);
      client.send({ type: "join", version: 1, room: "workers" });
      const joined = await client.next();
      expect(joined).toMatchObject({ type: "joined" });
      expect(joined["peers"]).toHaveLength(i);
    }
    // The first client heard each of the five others join, whichever worker holds them.
    for (let i = 1; i < 6; i++) expect(await clients[0]?.next()).toMatchObject({ type: "peer-joined" });
    clients[5]?.send({ type: "send", data: "hello all" });
    for (const client of clients.slice(0, 5)) {
      let message = await client.next();
      while (message["type"] === "peer-joined") message = await client.next();
      expect(message).toMatchObject({ type: "message", data: "hello all" });
    }
    for (const client of clients) client.close();
  }, 30_000);
});
