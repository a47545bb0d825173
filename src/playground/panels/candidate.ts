// ICE candidates in plain words: parse "candidate:…" (RFC 8839 §5.1) and decode
// its priority into the three numbers ICE packs into it (RFC 8445 §5.1.2.1).

export interface Candidate {
  foundation: string;
  /** 1 = RTP (with rtcp-mux, everything); 2 = RTCP. */
  component: number;
  protocol: string;
  priority: number;
  address: string;
  port: number;
  type: string;
  relatedAddress?: string;
  relatedPort?: number;
  tcpType?: string;
  /** The remaining "name value" extensions (generation, ufrag, network-id, network-cost…). */
  extensions: Record<string, string>;
}

export interface Priority {
  /** 0-126: what kind of path this is; higher is preferred (host 126, peer reflexive 110, server reflexive 100, relay 0-2 in Chromium). */
  typePreference: number;
  /** 0-65535: this peer's own ranking among its network interfaces and address families. */
  localPreference: number;
  /** 1 = RTP, 2 = RTCP. */
  component: number;
}

/** Parses a candidate line ("candidate:…" or "a=candidate:…"); undefined if it isn't one. */
export function parseCandidate(text: string): Candidate | undefined {
  const match = /^(?:a=)?candidate:(\S+) (\d+) (\S+) (\d+) (\S+) (\d+) typ (\S+)(.*)$/i.exec(text.trim());
  if (!match) return undefined;
  const [, foundation, component, protocol, priority, address, port, type, rest] = match as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const candidate: Candidate = {
    foundation,
    component: Number(component),
    protocol: protocol.toLowerCase(),
    priority: Number(priority),
    address,
    port: Number(port),
    type,
    extensions: {},
  };
  const words = rest.trim().split(/\s+/).filter(Boolean);
  for (let index = 0; index + 1 < words.length; index += 2) {
    const name = words[index] as string;
    const value = words[index + 1] as string;
    if (name === "raddr") candidate.relatedAddress = value;
    else if (name === "rport") candidate.relatedPort = Number(value);
    else if (name === "tcptype") candidate.tcpType = value;
    else candidate.extensions[name] = value;
  }
  return candidate;
}

/** priority = 2^24 × type preference + 2^8 × local preference + (256 − component). */
export function decodePriority(priority: number): Priority {
  return {
    typePreference: Math.floor(priority / 2 ** 24) & 0xff,
    localPreference: Math.floor(priority / 2 ** 8) & 0xffff,
    component: 256 - (priority & 0xff),
  };
}

const typeWords: Record<string, string> = {
  host: "host: an address of this machine's own network interface",
  srflx: "server reflexive: this peer's public address, as a STUN server saw it from outside the NAT",
  prflx: "peer reflexive: an address the other peer saw during the connectivity checks",
  relay: "relay: an address on a TURN server, which forwards the traffic",
};

/** "host", "srflx", … in words. */
export function candidateTypeWords(type: string): string {
  return typeWords[type] ?? `type ${type}`;
}

/** A .local name hides the real address from the page (mDNS), until a media permission is granted. */
export function isMdns(address: string): boolean {
  return address.toLowerCase().endsWith(".local");
}

/** One sentence for a candidate, e.g. for the SDP explainer and the ICE panel's tooltips. */
export function describeCandidate(candidate: Candidate): string {
  const { typePreference, localPreference, component } = decodePriority(candidate.priority);
  const where = isMdns(candidate.address) ? `${candidate.address} (an mDNS name hiding the local address)` : candidate.address;
  const parts = [
    `ICE candidate, ${candidateTypeWords(candidate.type)}.`,
    `${candidate.protocol.toUpperCase()}${candidate.tcpType ? ` (${candidate.tcpType})` : ""} ${where} port ${candidate.port}.`,
    `Priority ${candidate.priority} = type preference ${typePreference}, local preference ${localPreference}, component ${component}${component === 1 ? " (RTP)" : component === 2 ? " (RTCP)" : ""}.`,
  ];
  if (candidate.relatedAddress) parts.push(`Found from ${candidate.relatedAddress}:${candidate.relatedPort ?? "?"}.`);
  return parts.join(" ");
}
