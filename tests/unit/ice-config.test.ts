// Where a Run asks for ICE servers: next to the chosen backend's room protocol.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, type Settings } from "../../src/playground/backend.ts";
import { iceServersUrl } from "../../src/playground/ice-config.ts";

const here = { protocol: "https:", host: "192.168.1.20:4321" };
const custom = (url: string): Settings => ({ ...DEFAULT_SETTINGS, kind: "custom", url });

describe("iceServersUrl", () => {
  it("asks the bundled server, and this site for in-browser backends", () => {
    expect(iceServersUrl(DEFAULT_SETTINGS, here)).toBe("https://192.168.1.20:4321/signal/ice-servers");
    expect(iceServersUrl({ ...DEFAULT_SETTINGS, kind: "broadcast" }, here)).toBe("https://192.168.1.20:4321/signal/ice-servers");
  });

  it("asks another server over HTTP at its own path, whether it speaks WebSocket or SSE", () => {
    expect(iceServersUrl(custom("wss://signal.example.org/rtc?x=1"), here)).toBe("https://signal.example.org/rtc/ice-servers");
    expect(iceServersUrl(custom("ws://localhost:9000/signal"), here)).toBe("http://localhost:9000/signal/ice-servers");
    expect(iceServersUrl(custom("http://localhost:9000/signal/"), here)).toBe("http://localhost:9000/signal/ice-servers");
  });
});
