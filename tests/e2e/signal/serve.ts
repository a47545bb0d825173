// One http server on 127.0.0.1:0 with our signal server attached, a page at
// every path, and a few fixed files (scripts) beside it.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createSignalServer, type SignalOptionsInput } from "../../../signal/server.ts";

export interface Served {
  port: number;
  close(): Promise<void>;
}

/**
 * @param scripts path → JavaScript source; any other path gets `page`.
 * @param options the signal server's options (signal/limits.ts).
 */
export async function serve(page: string, scripts: Record<string, string | Buffer>, options?: SignalOptionsInput): Promise<Served> {
  const signal = createSignalServer(options);
  const server = http.createServer((req, res) => {
    if (signal.handleRequest(req, res)) return;
    const script = scripts[req.url ?? ""];
    if (script !== undefined) res.writeHead(200, { "Content-Type": "text/javascript" }).end(script);
    else res.writeHead(200, { "Content-Type": "text/html; charset=utf-8" }).end(page);
  });
  signal.attach(server);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      await signal.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
