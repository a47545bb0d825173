// Where the runner frame and the signaling server are, as seen from this page.

/**
 * The runner's origin: PUBLIC_RUNNER_ORIGIN when the site was built with one
 * (deployments: e.g. https://run.example.org), else this host on the next port,
 * which is where `npm start` and `npm run dev` serve it.
 */
export function runnerOrigin(): string {
  const configured = import.meta.env["PUBLIC_RUNNER_ORIGIN"] as string | undefined;
  if (configured) return configured.replace(/\/$/, "");
  const port = Number(location.port || (location.protocol === "https:" ? 443 : 80));
  return `${location.protocol}//${location.hostname}:${port + 1}`;
}

/** A short random room name, e.g. "k3x9q2". */
export function randomRoom(): string {
  return Math.random().toString(36).slice(2, 8);
}
