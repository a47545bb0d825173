// The dock under the preview: tabs for the output tools (the console; more join
// by adding a <button role="tab" data-dock="name"> and a
// <div role="tabpanel" data-dock-panel="name" hidden> in Playground.astro).
export function wireDock(dock: HTMLElement): void {
  const tabs = () => [...dock.querySelectorAll<HTMLElement>("[role=tab][data-dock]")];
  const select = (name: string) => {
    for (const tab of tabs()) {
      const selected = tab.dataset["dock"] === name;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
    }
    for (const panel of dock.querySelectorAll<HTMLElement>("[data-dock-panel]")) panel.hidden = panel.dataset["dockPanel"] !== name;
  };
  // Delegated, so a tab added later (after this ran) works too.
  dock.addEventListener("click", (event) => {
    const tab = (event.target as HTMLElement).closest<HTMLElement>("[role=tab][data-dock]");
    if (tab) select(tab.dataset["dock"] ?? "console");
  });
  dock.addEventListener("keydown", (event) => {
    const all = tabs();
    const index = all.indexOf(event.target as HTMLElement);
    if (index === -1 || (event.key !== "ArrowLeft" && event.key !== "ArrowRight")) return;
    const next = all[(index + (event.key === "ArrowRight" ? 1 : all.length - 1)) % all.length];
    if (next) {
      select(next.dataset["dock"] ?? "console");
      next.focus();
    }
  });
}
