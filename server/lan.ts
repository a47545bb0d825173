// The addresses other devices on your network can reach this machine at, for
// `npm start -- --host`: printed at start, offered to the talk mode's join link
// (GET /api/lan), and put in the HTTPS certificate's subjectAltNames.
import { networkInterfaces, type NetworkInterfaceInfo } from "node:os";

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
