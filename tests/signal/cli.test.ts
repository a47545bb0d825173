// The standalone server: flags and env, log lines with --verbose, SIGTERM shuts down gracefully.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterEach, describe, expect, it } from "vitest";
import { Client } from "./helpers.ts";

let child: ChildProcess | undefined;
afterEach(() => {
  if (child?.exitCode === null) child.kill("SIGKILL");
  child = undefined;
});

/** Starts `node signal/cli.ts args`; resolves with the port from its first log line and a reader of its output. */
async function start(args: string[], env: Record<string, string> = {}) {
  child = spawn(process.execPath, ["signal/cli.ts", "--port", "0", "--host", "127.0.0.1", ...args], {
    env: { ...process.env, ...env },
  });
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child?.stdout?.on("data", () => {
      const match = /listening on port (\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child?.on("exit", (code) => reject(new Error(`exited ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child?.on("exit", (code) => resolve(code)));
  return { port, exited, output: () => output };
}

describe("signal/cli.ts", () => {
  it("logs one line per event with --verbose, and closes clients with 1001 on SIGTERM", async () => {
    const server = await start(["--verbose"]);
    const client = await Client.open(`ws://127.0.0.1:${server.port}/signal`);
    client.send({ type: "join", version: 1, room: "demo" });
    await client.next();
    client.send("{");
    await client.next();
    child?.kill("SIGTERM");
    expect((await client.closed).code).toBe(1001);
    expect(await server.exited).toBe(0);
    const lines = server.output();
    expect(lines).toMatch(/connect room 127\.0\.0\.1:\d+/);
    expect(lines).toMatch(/join room room=demo id=\w+/);
    expect(lines).toMatch(/error room 127\.0\.0\.1:\d+ bad-message: Message is not valid JSON\./);
    expect(lines).toMatch(/leave room room=demo/);
    expect(lines).toContain("SIGTERM: closing connections (1001 going away)");
  });

  it("takes limits from SIGNAL_* variables, and flags over them", async () => {
    const server = await start(["--max-room-size", "1"], { SIGNAL_MAX_ROOM_SIZE: "5", SIGNAL_PATH: "/rtc" });
    const a = await Client.open(`ws://127.0.0.1:${server.port}/rtc`);
    a.send({ type: "join", version: 1, room: "demo" });
    await a.next();
    const b = await Client.open(`ws://127.0.0.1:${server.port}/rtc`);
    b.send({ type: "join", version: 1, room: "demo" });
    expect(await b.next()).toMatchObject({ code: "room-full" });
    expect(server.output()).not.toContain("join room"); // no --verbose, no event lines
  });

  it("refuses a bad option with its name and exit code 2", () => {
    const out = spawnSync(process.execPath, ["signal/cli.ts", "--max-room-size", "zero"], { encoding: "utf8" });
    expect(out.status).toBe(2);
    expect(out.stderr).toContain("maxRoomSize");
  });
});
