// The addresses other devices on your network can reach this machine at, for
// `npm start -- --host`: printed at start, offered to the talk mode's join link
// (GET /api/lan), and put in the HTTPS certificate's subjectAltNames.
import { isIP } from "node:net";
import { hostname, networkInterfaces, type NetworkInterfaceInfo } from "node:os";

type Interfaces = NodeJS.Dict<NetworkInterfaceInfo[]>;

/**
 * The machine's IPv4 LAN addresses, e.g. ["192.168.1.20"]: not loopback, not
 * link-local (169.254.x.x, which phones rarely share). IPv6 is left out: nobody
 * types one from a slide.
 */
export function lanAddresses(interfaces: Interfaces = networkInterfaces()): string[] {
  const found = new Set<string>();
  for (const infos of Object.values(interfaces)) {
    for (const info of infos ?? []) {
      if (info.family === "IPv4" && !info.internal && !info.address.startsWith("169.254.")) found.add(info.address);
    }
  }
  return [...found];
}

/** "http://192.168.1.20:4321/" for each address. */
export function lanUrls(addresses: string[], protocol: "http" | "https", port: number): string[] {
  return addresses.map((address) => `${protocol}://${address}:${port}/`);
}

/**
 * Every name this machine serves the site under: loopback, the machine's name
 * (and its .local mDNS name) and, with --host, its LAN addresses. The HTTPS
 * certificate lists them, /api/* answers only requests addressed to them, and
 * the runner may be framed only by pages at them.
 */
export function servedHostnames(lan: string[], machine = hostname().toLowerCase()): string[] {
  return [...new Set(["localhost", "127.0.0.1", "::1", machine, `${machine}.local`, ...lan])];
}

/** "http://[::1]:4321" for ("http", "::1", 4321): an origin as a browser writes it. */
export function originOf(protocol: "http" | "https", host: string, port: number): string {
  const name = isIP(host) === 6 ? `[${host}]` : host;
  const isDefault = (protocol === "http" && port === 80) || (protocol === "https" && port === 443);
  return `${protocol}://${name}${isDefault ? "" : `:${port}`}`;
}

/** The name and port of a Host header ("[::1]:4321" → {hostname "::1", port 4321}), or undefined if it isn't one. */
export function parseHost(host: string | undefined, protocol: "http" | "https"): { hostname: string; port: number } | undefined {
  if (!host) return undefined;
  try {
    const url = new URL(`${protocol}://${host}`);
    if (url.host !== host.toLowerCase() || url.pathname !== "/") return undefined;
    return { hostname: url.hostname.replace(/^\[|\]$/g, ""), port: Number(url.port || (protocol === "https" ? 443 : 80)) };
  } catch {
    return undefined;
  }
}

/**
 * True when a request's Host header names this server: one of `hostnames`, on
 * `port`. A page on another name that resolves here (DNS rebinding) is refused.
 */
export function isServedHost(host: string | undefined, hostnames: string[], protocol: "http" | "https", port: number): boolean {
  const parsed = parseHost(host, protocol);
  return parsed !== undefined && parsed.port === port && hostnames.includes(parsed.hostname.toLowerCase());
}
