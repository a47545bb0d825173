// Run by turn.test.ts inside its own network namespace with a made-up LAN interface
// (a veth pair, 10.77.0.1): `npm run signal -- --turn` on all interfaces, as under --host. Prints JSON:
// what /signal/ice-servers answers by each address, what coturn relays on, and its flags.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import type { IceServersAnswer } from "../../signal/protocol.ts";
import { turnAllocate } from "./turn-client.ts";

const [port = "9100", turnPort = "3478"] = process.argv.slice(2);
const child = spawn(process.execPath, ["signal/cli.ts", "--port", port, "--turn", "--turn-port", turnPort], { stdio: ["ignore", "pipe", "inherit"] });
let output = "";
await new Promise<void>((resolve) =>
  child.stdout.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    if (output.includes("listening on port")) resolve();
  }),
);
const pid = Number(/coturn pid (\d+)/.exec(output)?.[1]);

async function through(host: string) {
  const answer = (await (await fetch(`http://${host}:${port}/signal/ice-servers`)).json()) as IceServersAnswer;
  const turn = answer.iceServers[1];
  const allocation = await turnAllocate(host, Number(turnPort), turn?.username ?? "", turn?.credential ?? "");
  return { urls: answer.iceServers.flatMap((server) => [server.urls].flat()), allocation };
}

const result = {
  lan: await through("10.77.0.1"),
  loopback: await through("127.0.0.1"),
  coturnArgs: readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0"),
  log: output,
};
child.kill("SIGTERM");
await new Promise((resolve) => child.once("exit", resolve));
console.log(JSON.stringify(result));
