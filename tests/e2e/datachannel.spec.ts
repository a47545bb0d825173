// The RTCDataChannel chapter, step by step: each solution does what its prose promises in
// real Chromium over loopback, beyond its checks
// (checks.spec.ts runs every step's checks, and its starter).
import { createHash, randomBytes } from "node:crypto";
import { expect, test, type Frame, type Page } from "@playwright/test";
import { expectConsole, expectNoErrors, openStep, run, runnerFrame, solveAndRun } from "./helpers.ts";

interface BurstResult {
  received: number;
  outOfOrder: number;
  arrivals: number[];
}

/** What the steps expose() on the runner frame's window (each step some of them). */
type Exposed = typeof globalThis &
  Partial<{
    pc: RTCPeerConnection;
    channel: RTCDataChannel;
    pc1: RTCPeerConnection;
    pc2: RTCPeerConnection;
    reliable1: RTCDataChannel;
    reliable2: RTCDataChannel;
    unordered1: RTCDataChannel;
    unordered2: RTCDataChannel;
    lifetime1: RTCDataChannel;
    lifetime2: RTCDataChannel;
    results: Record<string, BurstResult>;
    transfer: Transfer;
    receivedFile: File;
    measurements: Measurement[];
  }>;

/** One row of the throughput step's results. */
interface Measurement {
  chunkSize: number;
  queueLimit: number;
  bytesSent: number;
  bytesReceived: number;
  seconds: number;
  megabytesPerSecond: number;
}

/** The file step's record of its last transfer. */
interface Transfer {
  name: string;
  size: number;
  sentHash: string;
  receivedHash: string;
  bytesSent: number;
  bytesReceived: number;
  pauses: number;
}

/** A channel's settings as the step's table shows them. */
interface ChannelConfig {
  label: string;
  ordered: boolean;
  maxRetransmits: number | null;
  maxPacketLifeTime: number | null;
  negotiated: boolean;
  id: number | null;
}

/** Reads the settings of the exposed channels (by name, e.g. "unordered2") from the frame. */
function channelConfigs(frame: Frame): Promise<Record<string, ChannelConfig>> {
  return frame.evaluate(() => {
    const configs: Record<string, ChannelConfig> = {};
    for (const name of Object.keys(globalThis)) {
      // Some globals throw when read (localStorage, in a runner that is a third party).
      let value: unknown;
      try {
        value = (globalThis as Record<string, unknown>)[name];
      } catch {
        continue;
      }
      if (!(value instanceof RTCDataChannel)) continue;
      const { label, ordered, maxRetransmits, maxPacketLifeTime, negotiated, id } = value;
      configs[name] = { label, ordered, maxRetransmits, maxPacketLifeTime, negotiated, id };
    }
    return configs;
  });
}

test.describe("RTCDataChannel", () => {
  /** Both panes' runner frames, after Solve and Run. */
  async function panes(page: Page, solve = true): Promise<[Frame, Frame]> {
    const alice = solve ? await solveAndRun(page) : await run(page);
    return [alice, await runnerFrame(page, "bob")];
  }

  /** The data-channel entry of a frame's pc.getStats(): messages each way. */
  function channelStats(frame: Frame): Promise<{ messagesSent: number; messagesReceived: number } | undefined> {
    return frame.evaluate(async () => {
      const report = await (globalThis as Exposed).pc?.getStats();
      for (const stats of report?.values() ?? []) {
        if (stats.type === "data-channel") return { messagesSent: stats.messagesSent, messagesReceived: stats.messagesReceived };
      }
      return undefined;
    });
  }

  test("chat: Alice's message arrives in Bob's pane over the data channel, and Bob's reply in Alice's", async ({ page }) => {
    await openStep(page, "/learn/datachannel/chat/");
    const [alice, bob] = await panes(page);
    for (const frame of [alice, bob]) {
      await frame.waitForFunction(() => (globalThis as Exposed).channel?.readyState === "open");
      expect(await frame.evaluate(() => (globalThis as Exposed).pc?.connectionState)).toBe("connected");
    }
    await expect(alice.locator("#status")).toHaveText("Connected to bob, peer to peer.");
    await expect(bob.locator("#status")).toHaveText("Connected to alice, peer to peer.");
    // The same in-band channel at both ends: Alice created it, Bob received it.
    const ends = await Promise.all(
      [alice, bob].map((frame) =>
        frame.evaluate(() => {
          const { label, id, negotiated } = (globalThis as Exposed).channel!;
          return { label, id, negotiated };
        }),
      ),
    );
    expect(ends[0]).toEqual({ label: "chat", id: ends[1]?.id, negotiated: false });
    await expectConsole(page, 'pc createDataChannel("chat")');
    await expectConsole(page, 'pc datachannel: "chat"');
    await expectConsole(page, "m=application");

    await alice.getByRole("textbox", { name: "Message" }).fill("Hello Bob");
    await alice.getByRole("button", { name: "Send" }).click();
    await expect(bob.locator("#messages li")).toHaveText(["alice: Hello Bob"]);
    await expect(alice.locator("#messages li")).toHaveText(["alice: Hello Bob"]);

    await bob.getByRole("textbox", { name: "Message" }).fill("Hi Alice");
    await bob.getByRole("textbox", { name: "Message" }).press("Enter");
    await expect(alice.locator("#messages li")).toHaveText(["alice: Hello Bob", "bob: Hi Alice"]);
    await expect(bob.locator("#messages li")).toHaveText(["alice: Hello Bob", "bob: Hi Alice"]);

    // The text went over the data channel, one message each way.
    await expect.poll(() => channelStats(alice)).toEqual({ messagesSent: 1, messagesReceived: 1 });
    await expect.poll(() => channelStats(bob)).toEqual({ messagesSent: 1, messagesReceived: 1 });

    // Closing one end closes the other.
    await bob.evaluate(() => (globalThis as Exposed).channel?.close());
    await expect(alice.locator("#status")).toHaveText("The chat channel is closed.");
    await expect(alice.getByRole("textbox", { name: "Message" })).toBeDisabled();
    await expectNoErrors(page);
  });

  test("ordered-unordered: both ends read back the options, and the reliable channel delivers the whole burst in order", async ({ page }) => {
    // A burst on a busy loopback loses packets; the reliable channel's retransmissions can take seconds.
    test.setTimeout(120_000);
    await openStep(page, "/learn/datachannel/ordered-unordered/");
    const frame = await solveAndRun(page);
    await expectConsole(page, "All six channel ends are open");
    await expectConsole(page, "pc1 sent burst 1");

    const { reliable1, reliable2, unordered1, unordered2, lifetime1, lifetime2 } = await channelConfigs(frame);
    const reliable = { label: "reliable", ordered: true, maxRetransmits: null, maxPacketLifeTime: null, negotiated: false };
    expect(reliable1).toMatchObject(reliable);
    expect(reliable2).toMatchObject(reliable);
    const unordered = { label: "unordered", ordered: false, maxRetransmits: 0, maxPacketLifeTime: null, negotiated: false };
    expect(unordered1).toMatchObject(unordered);
    expect(unordered2).toMatchObject(unordered);
    expect(unordered2?.id).toBe(unordered1?.id);
    const lifetime = { label: "lifetime", ordered: false, maxRetransmits: null, maxPacketLifeTime: 100, negotiated: true, id: 42 };
    expect(lifetime1).toEqual(lifetime);
    expect(lifetime2).toEqual(lifetime);
    // The table shows what the channels say: pc2's unordered row.
    await expect(frame.locator("#config tbody tr").nth(3)).toHaveText(/pc2\s*unordered\s*false\s*0\s*null\s*false/);

    await frame.waitForFunction(() => (globalThis as Exposed).results?.["reliable"]?.received === 128, null, { timeout: 100_000 });
    const result = await frame.evaluate(() => (globalThis as Exposed).results?.["reliable"]);
    expect(result?.arrivals).toEqual(Array.from({ length: 128 }, (_, i) => i));
    expect(result?.outOfOrder).toBe(0);
    await expect(frame.locator("#results tbody tr").first()).toContainText("128 / 128");
    await expectNoErrors(page);
  });

  /** The file step's transfer record, read from the frame. */
  async function transfer(frame: Frame): Promise<Transfer> {
    const value = await frame.evaluate(() => (globalThis as Exposed).transfer);
    if (!value) throw new Error("The step exposed no transfer");
    return value;
  }

  /** SHA-256, as hex, of the file pc2 put together: computed here, not by the step. */
  function hashOfReceivedFile(frame: Frame): Promise<string> {
    return frame.evaluate(async () => {
      const file = (globalThis as Exposed).receivedFile;
      if (!file) return "no receivedFile";
      const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
      return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
    });
  }

  /** A <progress>'s value and max. */
  function progressOf(frame: Frame, selector: string): Promise<{ value: number; max: number }> {
    return frame.$eval(selector, (progress: HTMLProgressElement) => ({ value: progress.value, max: progress.max }));
  }

  test("file-transfer: the generated 5 MB file arrives whole, with flow control, and the hashes match", async ({ page }) => {
    await openStep(page, "/learn/datachannel/file-transfer/");
    const frame = await solveAndRun(page);
    await expectConsole(page, "sendChannel open");
    await frame.getByRole("button", { name: "Send a generated 5 MB test file" }).click();
    await expectConsole(page, "pc2 received 5242880 bytes; hash matches");

    const result = await transfer(frame);
    expect(result).toMatchObject({ name: "test-5MB.bin", size: 5242880, bytesSent: 5242880, bytesReceived: 5242880 });
    expect(result.sentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.receivedHash).toBe(result.sentHash);
    expect(await hashOfReceivedFile(frame)).toBe(result.sentHash);
    // 5 MB never fits under a 64 KiB queue limit: the sender must have waited for bufferedamountlow.
    expect(result.pauses).toBeGreaterThan(0);
    expect(await progressOf(frame, "#receive-progress")).toEqual({ value: 5242880, max: 5242880 });
    expect(await progressOf(frame, "#send-progress")).toEqual({ value: 5242880, max: 5242880 });
    await expect(frame.locator("#sent-hash")).toHaveText(result.sentHash);
    await expect(frame.locator("#received-hash")).toHaveText(result.sentHash);
    await expect(frame.locator("#verdict")).toContainText("The hashes match");
    await expectNoErrors(page);
  });

  test("file-transfer: a file chosen in the file input arrives with the hash Node computes for it", async ({ page }) => {
    await openStep(page, "/learn/datachannel/file-transfer/");
    const frame = await solveAndRun(page);
    await expectConsole(page, "sendChannel open");
    // Not a multiple of the chunk size, so the last chunk is a short one.
    const bytes = randomBytes(300_001);
    const expected = createHash("sha256").update(bytes).digest("hex");
    await frame.locator("#file-input").setInputFiles({ name: "random.bin", mimeType: "application/octet-stream", buffer: bytes });
    await expectConsole(page, "pc2 received 300001 bytes; hash matches");

    const result = await transfer(frame);
    expect(result).toMatchObject({ name: "random.bin", size: 300_001, sentHash: expected, receivedHash: expected, bytesReceived: 300_001 });
    expect(await hashOfReceivedFile(frame)).toBe(expected);
    await expect(frame.getByRole("link", { name: "random.bin" })).toHaveAttribute("download", "random.bin");
    await expectNoErrors(page);
  });

  /** The throughput step's measurements so far. */
  function measurements(frame: Frame): Promise<Measurement[]> {
    return frame.evaluate(() => (globalThis as Exposed).measurements ?? []);
  }

  test("throughput: pc2 receives every byte pc1 sent and measures a rate above zero, for two chunk sizes", async ({ page }) => {
    await openStep(page, "/learn/datachannel/throughput/");
    const frame = await solveAndRun(page);
    await expectConsole(page, "sendChannel open");
    const measureButton = frame.getByRole("button", { name: "Measure for 3 s" });

    await measureButton.click();
    await expectConsole(page, "pc1 sends 16 KiB chunks for 3 s, queue limit 64 KiB");
    await expect.poll(async () => (await measurements(frame)).length, { timeout: 30_000 }).toBe(1);
    await frame.getByLabel("Chunk size").selectOption("262144");
    await frame.getByLabel("Queue limit").selectOption("1048576");
    await measureButton.click();
    await expectConsole(page, "pc1 sends 256 KiB chunks for 3 s, queue limit 1024 KiB");
    await expect.poll(async () => (await measurements(frame)).length, { timeout: 30_000 }).toBe(2);

    const [small, large] = await measurements(frame);
    expect(small).toMatchObject({ chunkSize: 16384, queueLimit: 65536 });
    expect(large).toMatchObject({ chunkSize: 262144, queueLimit: 1048576 });
    for (const result of [small, large]) {
      expect(result?.bytesSent).toBeGreaterThan(0);
      expect(result?.bytesReceived).toBe(result?.bytesSent);
      expect((result?.bytesSent ?? 1) % (result?.chunkSize ?? 1)).toBe(0);
      expect(result?.seconds).toBeGreaterThan(0);
      expect(result?.megabytesPerSecond).toBeGreaterThan(0);
    }
    await expect(frame.locator("#results tbody tr")).toHaveCount(2);
    await expect(frame.locator("#live")).toHaveText(/^\d+\.\d MB\/s$/);
    await expectNoErrors(page);
  });
});
