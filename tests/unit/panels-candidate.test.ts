// ICE candidates decoded: the fields of the line and the three numbers inside its priority.
import { describe, expect, it } from "vitest";
import { decodePriority, describeCandidate, isMdns, parseCandidate } from "../../src/playground/panels/candidate.ts";
import { chromiumCandidates } from "./panels-chromium.ts";

describe("parseCandidate", () => {
  it("reads a host candidate Chromium gathered", () => {
    const candidate = parseCandidate(chromiumCandidates[0] ?? "");
    expect(candidate).toMatchObject({ component: 1, protocol: "udp", priority: 2122260223, address: "127.0.0.1", port: 34033, type: "host" });
    expect(candidate?.extensions).toMatchObject({ generation: "0", ufrag: "oXVM", "network-id": "1", "network-cost": "50" });
  });

  it("reads related addresses, TCP types and the a= form", () => {
    const srflx = parseCandidate("a=candidate:842163049 1 udp 1677729535 203.0.113.7 46154 typ srflx raddr 10.0.0.2 rport 46154 generation 0");
    expect(srflx).toMatchObject({ type: "srflx", address: "203.0.113.7", relatedAddress: "10.0.0.2", relatedPort: 46154 });
    const tcp = parseCandidate("candidate:1 1 TCP 1518280447 192.0.2.4 9 typ host tcptype active generation 0");
    expect(tcp).toMatchObject({ protocol: "tcp", port: 9, tcpType: "active" });
    expect(parseCandidate("not a candidate")).toBeUndefined();
  });
});

describe("decodePriority", () => {
  it("splits type preference, local preference and component", () => {
    expect(decodePriority(2122260223)).toEqual({ typePreference: 126, localPreference: 32542, component: 1 });
    expect(decodePriority(1677729535).typePreference).toBe(100);
    expect(decodePriority(41885439)).toEqual({ typePreference: 2, localPreference: 32542, component: 1 });
    expect(decodePriority(2122260222).component).toBe(2);
  });
});

describe("describeCandidate", () => {
  it("says what kind of path it is and spots mDNS names", () => {
    const relay = parseCandidate("candidate:3 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 50000");
    expect(relay && describeCandidate(relay)).toMatch(/relay: an address on a TURN server.*type preference 2.*Found from 203\.0\.113\.7:50000/);
    expect(isMdns("2a1c5e1e-6c7e-4c8e-9d1f-1b6a2d3e4f50.local")).toBe(true);
    const hidden = parseCandidate("candidate:4 1 udp 2122260223 2a1c5e1e-6c7e-4c8e-9d1f-1b6a2d3e4f50.local 5000 typ host");
    expect(hidden && describeCandidate(hidden)).toMatch(/mDNS name hiding the local address/);
  });
});
