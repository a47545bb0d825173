// The signaling backend picker in Chromium: ?signal= links, persistence, the
// banner for a dead server and for servers that speak another protocol or
// version, "Check my backend", and a lesson program using the chosen backend.
import { expect, test } from "@playwright/test";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

const banner = (page: import("@playwright/test").Page) => page.getByRole("alert").filter({ hasText: "Open settings" });

/** A real server that speaks version 2 of the room protocol only. */
async function startVersion2Server(): Promise<{ url: string; close: () => Promise<void> }> {
  const http: Server = createServer();
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (socket) => {
    socket.on("message", () => {
      socket.send(JSON.stringify({ type: "error", code: "unsupported-version", message: "This server speaks version 2 only." }));
    });
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/signal`,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => http.close(() => resolve()));
      }),
  };
}

test("the header shows the bundled server, checked and working, by default", async ({ page }) => {
  await page.goto("/");
  const button = page.getByRole("button", { name: /Signaling:/ });
  await expect(button).toContainText("bundled server");
  await expect(button.locator(".dot")).toHaveAttribute("data-state", "ok");
  await expect(banner(page)).toBeHidden();
});

test("a ?signal= link switches the backend, and the choice persists across pages", async ({ page }) => {
  await page.goto("/?signal=broadcast");
  await expect(page.getByRole("button", { name: /Signaling:/ })).toContainText("BroadcastChannel");
  await page.goto("/learn/getusermedia/camera/");
  await expect(page.getByRole("button", { name: /Signaling:/ })).toContainText("BroadcastChannel");
  await page.getByRole("button", { name: /Signaling:/ }).click();
  await expect(page.getByRole("radio", { name: /In this browser only/ })).toBeChecked();
});

test("a dead server gets a banner that says what is wrong and how to fix it", async ({ page }) => {
  await page.goto("/?signal=ws://127.0.0.1:9/signal");
  await expect(banner(page)).toContainText("Cannot connect to ws://127.0.0.1:9/signal.");
  await expect(banner(page)).toContainText("Is the server running?");
  await expect(page.getByRole("button", { name: /Signaling:/ }).locator(".dot")).toHaveAttribute("data-state", "bad");
});

test("a server that speaks another protocol gets a banner saying so", async ({ page, baseURL }) => {
  // The PeerJS endpoint answers a room-protocol join with its own ERROR message.
  const peerjs = `${baseURL?.replace(/^http/, "ws")}/peerjs/peerjs`;
  await page.goto(`/?signal=${encodeURIComponent(peerjs)}`);
  await expect(banner(page)).toContainText("which is not the room protocol");
  await expect(banner(page)).toContainText("PeerJS");
});

test("a server that speaks another version gets a banner saying so", async ({ page }) => {
  const server = await startVersion2Server();
  try {
    await page.goto(`/?signal=${encodeURIComponent(server.url)}`);
    await expect(banner(page)).toContainText("does not speak version 1 of the room protocol");
    await expect(banner(page)).toContainText("This server speaks version 2 only.");
  } finally {
    await server.close();
  }
});

test("saving settings in the dialog fixes the banner", async ({ page }) => {
  await page.goto("/?signal=ws://127.0.0.1:9/signal");
  await expect(banner(page)).toBeVisible();
  await banner(page).getByRole("button", { name: "Open settings" }).click();
  await page.getByRole("radio", { name: /The bundled server/ }).check();
  await page.getByRole("button", { name: "Save" }).click();
  await expect(banner(page)).toBeHidden();
  await expect(page.getByRole("button", { name: /Signaling:/ })).toContainText("bundled server");
  await page.reload();
  await expect(page.getByRole("button", { name: /Signaling:/ })).toContainText("bundled server");
});

test("the dialog refuses a bad URL and bad ICE lines with a reason", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /Signaling:/ }).click();
  await page.getByRole("radio", { name: /Another server/ }).check();
  await page.getByRole("textbox", { name: "Server URL", exact: true }).fill("ftp://example.org/signal");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".form-error")).toContainText("is not a signaling URL");
  await page.getByRole("textbox", { name: "Server URL", exact: true }).fill("ws://localhost:9000/signal");
  await page.getByRole("textbox", { name: "ICE servers" }).fill("turn:t.example.org:3478 onlyuser");
  await page.getByRole("button", { name: "Save" }).click();
  await expect(page.locator(".form-error")).toContainText("ICE servers: Line 1");
});

test("Check my backend runs the conformance kit in the browser and lists each check", async ({ page }) => {
  await page.goto("/");
  await page.getByRole("button", { name: /Signaling:/ }).click();
  await page.getByRole("button", { name: "Check my backend" }).click();
  const list = page.getByRole("list", { name: "Conformance checks" });
  await expect(list.locator(".summary")).toContainText("passes the conformance kit", { timeout: 45_000 });
  expect(await list.locator("[data-ok='pass']").count()).toBeGreaterThan(5);
  await expect(list.locator("[data-ok='fail']")).toHaveCount(0);
});

test("Check my backend says why each check fails against another server", async ({ page }) => {
  const server = await startVersion2Server();
  try {
    await page.goto("/");
    await page.getByRole("button", { name: /Signaling:/ }).click();
    await page.getByRole("radio", { name: /Another server/ }).check();
    await page.getByRole("textbox", { name: "Server URL", exact: true }).fill(server.url);
    await page.getByRole("button", { name: "Check my backend" }).click();
    const list = page.getByRole("list", { name: "Conformance checks" });
    await expect(list.locator(".summary")).toContainText("fails", { timeout: 60_000 });
    await expect(list.locator("[data-ok='fail']").first()).toContainText("unsupported-version");
  } finally {
    await server.close();
  }
});
