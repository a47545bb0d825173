// Which page may send this runner code: the ?parent= the page named, but only
// when it is one of the site's origins. They are written into runner.html's
// <meta name="wp-site-origins"> by the runner's server (server/headers.ts), or
// at build time from PUBLIC_SITE_ORIGIN for a runner on a static host. Without
// this check any site could frame the runner, name itself as parent, and run
// code on the runner's origin with the camera it was granted.

/** The site's origins this runner serves, from its page. */
function siteOrigins(): string[] {
  const listed = document.querySelector<HTMLMetaElement>('meta[name="wp-site-origins"]')?.content.split(/\s+/).filter(Boolean) ?? [];
  if (listed.length > 0) return listed;
  // Not told (a static host, built without PUBLIC_SITE_ORIGIN): the site is on this host one port down,
  // the layout src/playground/config.ts assumes.
  const port = Number(location.port || (location.protocol === "https:" ? 443 : 80));
  return [`${location.protocol}//${location.hostname}:${port - 1}`];
}

/** The embedding page's origin when it may use this runner, else "" (nothing is sent or accepted). */
export function parentOrigin(): string {
  const requested = new URLSearchParams(location.search).get("parent") ?? "";
  const allowed = siteOrigins();
  // Chromium and Safari also say who really embeds us; it must be the page that named itself.
  const embedder = location.ancestorOrigins?.[0];
  if (allowed.includes(requested) && (embedder === undefined || embedder === requested)) return requested;
  if (window.parent !== window) {
    console.error(
      `Runner: ignoring ?parent=${requested}: only ${allowed.join(", ")} may run code here (a deployment names its site with PUBLIC_SITE_ORIGIN when building the runner).`,
    );
  }
  return "";
}
