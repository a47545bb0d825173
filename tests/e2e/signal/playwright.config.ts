// The signaling specs without the site: the root config (same browser, same
// fake-media flags) minus its webServer, since each spec starts its own
// signal server in-process on port 0.
//   unshare -n bash -c 'ip link set lo up && npx playwright test -c tests/e2e/signal'
import { defineConfig } from "@playwright/test";
import root from "../../../playwright.config.ts";

const { webServer: _site, ...rest } = root;

export default defineConfig({
  ...rest,
  testDir: ".",
  use: { ...rest.use, baseURL: undefined },
});
