// @ts-check
import { defineConfig } from "astro/config";
import { playgroundDevServer } from "./server/dev-integration.ts";

export default defineConfig({
  // The site is static; server/start.ts serves it beside the signaling server.
  output: "static",
  // Code samples sit in <pre>: keep their whitespace exactly.
  compressHTML: false,
  trailingSlash: "always",
  // Steps that moved keep their old address working. Static output writes a page that
  // forwards with <meta http-equiv="refresh">.
  redirects: {
    "/learn/peerconnection/perfect-negotiation/": "/learn/signaling/perfect-negotiation/",
  },
  devToolbar: { enabled: false },
  integrations: [playgroundDevServer()],
  server: { port: 4321, host: "localhost" },
  vite: {
    worker: { format: "es" },
    // No inline scripts: the pages' Content-Security-Policy allows scripts from files only
    // (server/headers.ts), and Astro would inline a small component script.
    build: { assetsInlineLimit: 0 },
    // Declared up front so the dev server never re-optimizes Monaco halfway through a load.
    optimizeDeps: {
      include: [
        "monaco-editor/editor",
        "monaco-editor/languages/definitions/typescript/register",
        "monaco-editor/languages/definitions/html/register",
        "monaco-editor/languages/features/typescript/register",
      ],
    },
  },
});
