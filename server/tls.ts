// The certificate `npm start -- --https` serves with, made on first run and kept
// in .cache/tls/: a small local certificate authority (ca.pem, the one file you
// trust on a device) and a server certificate it signs (cert.pem) for localhost,
// 127.0.0.1 and this machine's LAN addresses. The server certificate is made
// anew when the addresses change or it nears its end; the authority is kept, so
// a device that trusts it once keeps trusting the site.
import { X509Certificate } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import selfsigned from "selfsigned";

export const TLS_DIR = join(import.meta.dirname, "..", ".cache", "tls");

const DAY = 24 * 60 * 60 * 1000;
/** Server certificates live 365 days: browsers refuse longer ones (Apple: 398 days at most). */
const SERVER_DAYS = 365;
/** The local authority lives ten years, so trusting it is a one-time chore. */
const CA_DAYS = 3650;

export interface Certificate {
  /** The server's private key and certificate chain (PEM), for node:https. */
  key: string;
  cert: string;
  /** The authority to trust (PEM), and where it is on disk. */
  caCert: string;
  caPath: string;
  /** True when this call made a new server certificate. */
  created: boolean;
}

interface Pair {
  key: string;
  cert: string;
}

function read(dir: string, name: string): Pair | undefined {
  const keyPath = join(dir, `${name}-key.pem`);
  const certPath = join(dir, `${name}.pem`);
  if (!existsSync(keyPath) || !existsSync(certPath)) return undefined;
  return { key: readFileSync(keyPath, "utf8"), cert: readFileSync(certPath, "utf8") };
}

function write(dir: string, name: string, pair: Pair): void {
  // The keys are readable by you only.
  writeFileSync(join(dir, `${name}-key.pem`), pair.key, { mode: 0o600 });
  writeFileSync(join(dir, `${name}.pem`), pair.cert);
}

/** "DNS:localhost, IP Address:127.0.0.1" style names, as X509Certificate.subjectAltName lists them. */
function altName(host: string): string {
  return isIP(host) ? `IP Address:${host}` : `DNS:${host}`;
}

function stillGood(cert: X509Certificate, now: Date): boolean {
  return new Date(cert.validTo).getTime() - now.getTime() > DAY;
}

async function makeAuthority(now: Date): Promise<Pair> {
  const pems = await selfsigned.generate(
    [
      { name: "commonName", value: "WebRTC Playground local CA" },
      { name: "organizationName", value: "WebRTC Playground (this machine only)" },
    ],
    {
      keyType: "ec",
      algorithm: "sha256",
      notBeforeDate: new Date(now.getTime() - DAY),
      notAfterDate: new Date(now.getTime() + CA_DAYS * DAY),
      extensions: [
        { name: "basicConstraints", cA: true, pathLenConstraint: 0, critical: true },
        { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
      ],
    },
  );
  return { key: pems.private, cert: pems.cert };
}

async function makeServer(ca: Pair, hosts: string[], now: Date): Promise<Pair> {
  const pems = await selfsigned.generate([{ name: "commonName", value: hosts[0] ?? "localhost" }], {
    keyType: "ec",
    algorithm: "sha256",
    notBeforeDate: new Date(now.getTime() - DAY),
    notAfterDate: new Date(now.getTime() + SERVER_DAYS * DAY),
    ca,
    extensions: [
      { name: "basicConstraints", cA: false },
      { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: hosts.map((host) => (isIP(host) ? { type: 7 as const, ip: host } : { type: 2 as const, value: host })) },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}

/**
 * The certificate for `hosts` (names and IP addresses), from `dir` when the one
 * there still covers them all and is not about to expire, else made now.
 * @param options.dir   where to keep it; default .cache/tls/ in the project
 * @param options.hosts every name the site is opened by (DNS names and IPv4), e.g. ["localhost", "127.0.0.1", "192.168.1.20"]
 */
export async function loadCertificate(options: { hosts: string[]; dir?: string; now?: Date }): Promise<Certificate> {
  const dir = options.dir ?? TLS_DIR;
  const now = options.now ?? new Date();
  mkdirSync(dir, { recursive: true });

  let ca = read(dir, "ca");
  if (!ca || !stillGood(new X509Certificate(ca.cert), now)) {
    ca = await makeAuthority(now);
    write(dir, "ca", ca);
  }
  const authority = new X509Certificate(ca.cert);

  let server = read(dir, "cert");
  let created = false;
  const current = server && new X509Certificate(server.cert);
  const names = current?.subjectAltName?.split(", ") ?? [];
  const fits =
    current?.checkIssued(authority) &&
    current.verify(authority.publicKey) &&
    stillGood(current, now) &&
    options.hosts.every((host) => names.includes(altName(host)));
  if (!server || !fits) {
    server = await makeServer(ca, options.hosts, now);
    write(dir, "cert", server);
    created = true;
  }
  // The chain a client needs: our certificate, then the authority that signed it.
  return { key: server.key, cert: `${server.cert.trim()}\n${ca.cert.trim()}\n`, caCert: ca.cert, caPath: join(dir, "ca.pem"), created };
}
