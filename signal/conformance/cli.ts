// npm run conformance -- <url> [--peerjs] [--key K] [--timeout MS] [--expire-wait MS] [--refused-origin O] [--only TEXT]
// Prints a pass/fail table with the reason for each failure; exits 1 if a required check failed.
import { parseArgs } from "node:util";
import { passed, runConformance, type CheckResult } from "./run.ts";

const usage = `Usage: npm run conformance -- <url> [--peerjs] [options]

  <url>              room protocol over WebSocket: ws://localhost:9000/signal
                     room protocol over SSE + POST: http://localhost:9000/signal
                     --peerjs: the PeerJS base (host, port and path), e.g. ws://localhost:9000/peerjs
  --peerjs           check the PeerJS protocol instead of the room protocol
  --key K            PeerJS key (default peerjs)
  --timeout MS       wait for one message (default 5000)
  --expire-wait MS   wait for EXPIRE (default 15000)
  --refused-origin O an Origin the server refuses (allowedOrigins): checks origin-not-allowed
  --second URL       a second instance sharing the first's state (--redis): every other client goes there

Some checks run only when the server is started for them (they are reported as
not checked otherwise): --max-connections or --max-connections-per-ip of 16 or
less (server-full, too-many-connections), --idle-timeout-ms of 3000 or less.
  --only TEXT        run only checks whose name contains TEXT`;

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        peerjs: { type: "boolean" },
        key: { type: "string" },
        timeout: { type: "string" },
        "expire-wait": { type: "string" },
        "refused-origin": { type: "string" },
        only: { type: "string" },
        second: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    console.error(`${(err as Error).message}\n\n${usage}`);
    process.exit(2);
  }
  const { values, positionals } = parsed;
  const [url] = positionals;
  if (values.help || url === undefined) {
    console.log(usage);
    process.exit(url === undefined && !values.help ? 2 : 0);
  }

  const over = values.peerjs ? "" : /^https?:/i.test(url) ? " over SSE + POST" : " over WebSocket";
  console.log(`Checking ${values.peerjs ? "the PeerJS protocol" : "the room protocol"}${over} at ${url}\n`);
  const row = (result: CheckResult) => {
    const mark = result.ok ? "PASS" : result.skipped ? "SKIP" : result.optional ? "WARN" : "FAIL";
    console.log(`${mark}  ${result.name}${result.reason ? `\n      ${result.reason}` : ""}`);
  };
  const results = await runConformance(url, {
    peerjs: values.peerjs ?? false,
    ...(values.key ? { key: values.key } : {}),
    ...(values.timeout ? { timeoutMs: Number(values.timeout) } : {}),
    ...(values["expire-wait"] ? { expireWaitMs: Number(values["expire-wait"]) } : {}),
    ...(values.only ? { only: values.only } : {}),
    ...(values.second ? { secondUrl: values.second } : {}),
    ...(values["refused-origin"] ? { refusedOrigin: values["refused-origin"] } : {}),
    onResult: row,
  });
  const failed = results.filter((r) => !r.ok && !r.optional).length;
  const skipped = results.filter((r) => r.skipped).length;
  const warned = results.filter((r) => !r.ok && r.optional && !r.skipped).length;
  const notes = [warned ? `${warned} optional improvements missing` : "", skipped ? `${skipped} not checked (see why above)` : ""].filter(Boolean);
  console.log(`\n${results.length - failed - warned - skipped} passed, ${failed} failed${notes.map((n) => `, ${n}`).join("")}`);
  process.exit(passed(results) ? 0 : 1);
}

void main();
