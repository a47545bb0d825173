// What the benchmark relays: the payloads the stock peerjs 1.5 client really
// sends (negotiator.ts), with an SDP and ICE candidates shaped like Chrome's.
// A call is one OFFER (or ANSWER) and a handful of CANDIDATEs each way, so the
// driver sends them in that proportion (see kindOf).

/** The m= sections of a Chrome audio + video + data offer, trimmed of nothing that matters for size. */
function chromeSdp(type: "offer" | "answer"): string {
  const fingerprint = "sha-256 4A:AD:B9:B1:3F:82:18:3B:54:02:12:DF:3E:5D:49:6B:19:E5:7C:AB:3D:45:1C:11:8F:A0:3E:82:2B:4D:2C:31";
  const ice = [
    "a=ice-ufrag:Xk3l",
    "a=ice-pwd:0Hq5cTz9pTtRVnZq0a9Y+Gv1",
    "a=ice-options:trickle",
    `a=fingerprint:${fingerprint}`,
    `a=setup:${type === "offer" ? "actpass" : "active"}`,
  ];
  const audio = [
    "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8 13 110 126",
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    ...ice,
    "a=mid:0",
    "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=sendrecv",
    "a=msid:9d1c7a3e-6b1f-4c55-9a0e-4a3f6a2d1b7c 5b0f3c9e-2d4a-4f6e-8b1c-7e9d0a2c4f6b",
    "a=rtcp-mux",
    "a=rtpmap:111 opus/48000/2",
    "a=rtcp-fb:111 transport-cc",
    "a=fmtp:111 minptime=10;useinbandfec=1",
    "a=rtpmap:63 red/48000/2",
    "a=fmtp:63 111/111",
    "a=rtpmap:9 G722/8000",
    "a=rtpmap:0 PCMU/8000",
    "a=rtpmap:8 PCMA/8000",
    "a=rtpmap:13 CN/8000",
    "a=rtpmap:110 telephone-event/48000",
    "a=rtpmap:126 telephone-event/8000",
    "a=ssrc:1811542130 cname:pQ2wR7tY9uI0oP3a",
    "a=ssrc:1811542130 msid:9d1c7a3e-6b1f-4c55-9a0e-4a3f6a2d1b7c 5b0f3c9e-2d4a-4f6e-8b1c-7e9d0a2c4f6b",
  ];
  const videoCodecs: [number, string, string[]][] = [
    [96, "VP8/90000", []],
    [98, "VP9/90000", ["profile-id=0"]],
    [100, "VP9/90000", ["profile-id=2"]],
    [102, "H264/90000", ["level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42001f"]],
    [104, "H264/90000", ["level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f"]],
    [106, "H264/90000", ["level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f"]],
    [108, "H264/90000", ["level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=4d001f"]],
    [112, "H264/90000", ["level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=64001f"]],
    [39, "AV1/90000", ["level-idx=5;profile=0;tier=0"]],
  ];
  const video = [
    `m=video 9 UDP/TLS/RTP/SAVPF ${videoCodecs.map(([pt]) => `${pt} ${pt + 1}`).join(" ")} 114 115 116`,
    "c=IN IP4 0.0.0.0",
    "a=rtcp:9 IN IP4 0.0.0.0",
    ...ice,
    "a=mid:1",
    "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
    "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "a=extmap:13 urn:3gpp:video-orientation",
    "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "a=extmap:5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
    "a=extmap:6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
    "a=extmap:7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
    "a=extmap:8 http://www.webrtc.org/experiments/rtp-hdrext/color-space",
    "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
    "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
    "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
    "a=sendrecv",
    "a=msid:9d1c7a3e-6b1f-4c55-9a0e-4a3f6a2d1b7c 0e4b8d2f-1a3c-4e5f-9b7d-6c8a0f2e4d1b",
    "a=rtcp-mux",
    "a=rtcp-rsize",
    ...videoCodecs.flatMap(([pt, codec, fmtp]) => [
      `a=rtpmap:${pt} ${codec}`,
      ...["goog-remb", "transport-cc", "ccm fir", "nack", "nack pli"].map((fb) => `a=rtcp-fb:${pt} ${fb}`),
      ...fmtp.map((f) => `a=fmtp:${pt} ${f}`),
      `a=rtpmap:${pt + 1} rtx/90000`,
      `a=fmtp:${pt + 1} apt=${pt}`,
    ]),
    "a=rtpmap:114 red/90000",
    "a=rtpmap:115 rtx/90000",
    "a=fmtp:115 apt=114",
    "a=rtpmap:116 ulpfec/90000",
    "a=ssrc-group:FID 2764183210 3312046985",
    "a=ssrc:2764183210 cname:pQ2wR7tY9uI0oP3a",
    "a=ssrc:2764183210 msid:9d1c7a3e-6b1f-4c55-9a0e-4a3f6a2d1b7c 0e4b8d2f-1a3c-4e5f-9b7d-6c8a0f2e4d1b",
    "a=ssrc:3312046985 cname:pQ2wR7tY9uI0oP3a",
    "a=ssrc:3312046985 msid:9d1c7a3e-6b1f-4c55-9a0e-4a3f6a2d1b7c 0e4b8d2f-1a3c-4e5f-9b7d-6c8a0f2e4d1b",
  ];
  const data = ["m=application 9 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0", ...ice, "a=mid:2", "a=sctp-port:5000", "a=max-message-size:262144"];
  const session = [
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "a=group:BUNDLE 0 1 2",
    "a=extmap-allow-mixed",
    "a=msid-semantic: WMS 9d1c7a3e-6b1f-4c55-9a0e-4a3f6a2d1b7c",
  ];
  return [...session, ...audio, ...video, ...data, ""].join("\r\n");
}

const connectionId = "mc_k3j5h2l1q9w8e7r6";

/** peerjs 1.5's OFFER / ANSWER payload for a media call (negotiator.ts). */
export function sdpPayload(type: "offer" | "answer"): object {
  return { sdp: { type, sdp: chromeSdp(type) }, type: "media", connectionId, metadata: null, browser: "chrome" };
}

/** peerjs 1.5's CANDIDATE payload: RTCIceCandidate.toJSON() plus the connection it belongs to. */
export function candidatePayload(n: number): object {
  const port = 50_000 + (n % 10_000);
  return {
    candidate: {
      candidate: `candidate:${842_163_049 + n} 1 udp 1677729535 203.0.113.${n % 250} ${port} typ srflx raddr 192.168.1.23 rport ${port} generation 0 ufrag Xk3l network-id 1 network-cost 10`,
      sdpMid: "0",
      sdpMLineIndex: 0,
      usernameFragment: "Xk3l",
    },
    type: "media",
    connectionId,
  };
}

export type Kind = "OFFER" | "ANSWER" | "CANDIDATE";

/** Every 9th message of a client is its description (OFFER from even clients, ANSWER from odd), the rest candidates. */
export function kindOf(client: number, seq: number): Kind {
  if (seq % 9 !== 0) return "CANDIDATE";
  return client % 2 === 0 ? "OFFER" : "ANSWER";
}

/**
 * The payload's JSON without its opening brace, so a sender can put the
 * sequence number and send time first: `{"t":12,"at":3.5,` + tail.
 */
export const payloadTails: Record<Kind, string> = {
  OFFER: JSON.stringify(sdpPayload("offer")).slice(1),
  ANSWER: JSON.stringify(sdpPayload("answer")).slice(1),
  CANDIDATE: JSON.stringify(candidatePayload(7)).slice(1),
};
