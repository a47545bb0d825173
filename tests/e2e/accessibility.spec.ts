// axe-core on the pages a learner and a speaker use, light and dark: no serious
// or critical violations (contrast, names, roles, focusable scroll areas...).
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { openStep } from "./helpers.ts";

const PAGES = [
  { name: "home", path: "/" },
  { name: "a chapter", path: "/learn/peerconnection/" },
  { name: "a step", path: "/learn/getusermedia/camera/", editor: true },
  { name: "a two-pane step", path: "/learn/datachannel/chat/", editor: true },
  { name: "the playground", path: "/play/", editor: true },
  { name: "the speaker view", path: "/speaker/" },
  { name: "the 404 page", path: "/no-such-page/" },
];

for (const scheme of ["light", "dark"] as const) {
  test.describe(`${scheme} mode`, () => {
    test.use({ colorScheme: scheme, viewport: { width: 1440, height: 900 } });
    for (const { name, path, editor } of PAGES) {
      test(`${name} has no serious or critical axe violations`, async ({ page }) => {
        if (editor) await openStep(page, path);
        else await page.goto(path);
        const results = await new AxeBuilder({ page }).analyze();
        const serious = results.violations
          .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
          .map(
            (violation) =>
              `${violation.id}: ${violation.help} (${violation.nodes
                .map((node) => node.target.join(" "))
                .slice(0, 4)
                .join(", ")})`,
          );
        expect(serious).toEqual([]);
      });
    }
  });
}
