// A GET over TLS that trusts only the given authority: proves a certificate made by
// server/tls.ts is accepted for a name, by a real handshake.
import https from "node:https";
import { isIP } from "node:net";

/** Resolves with the status and body of a GET over TLS that trusts only `ca`. */
export function getTrusting(ca: string, port: number, servername: string, path = "/"): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    // (An IP address is checked against the certificate's IP names, and is no SNI name.)
    const sni = isIP(servername) ? {} : { servername };
    const req = https.get({ host: "127.0.0.1", port, path, ca, ...sni, headers: { Host: `${servername}:${port}` } }, (res) => {
      let body = "";
      res.on("data", (chunk: Buffer) => (body += chunk.toString()));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on("error", reject);
  });
}
