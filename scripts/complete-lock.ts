// The npm registry these machines use lacks some of Astro's platform-specific
// compiler bindings (optional dependencies for other systems), so `npm install`
// leaves them out of package-lock.json and `npm ci` then refuses the lock. This
// adds the missing entries with their os/cpu, so every platform's `npm ci`
// accepts the lock and fetches only its own binding.
// Run after changing dependencies: node scripts/complete-lock.ts
import { readFileSync, writeFileSync } from "node:fs";

interface LockPackage {
  version?: string;
  optional?: boolean;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  license?: string;
  engines?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

const path = new URL("../package-lock.json", import.meta.url);
const lock = JSON.parse(readFileSync(path, "utf8")) as { packages: Record<string, LockPackage> };

// "<name>-<os>-<cpu>[-<libc or abi>]", as napi-rs names its platform packages.
function platformOf(name: string): Pick<LockPackage, "os" | "cpu" | "libc"> | undefined {
  const match = /-(android|darwin|linux|win32|freebsd)-(arm64|x64|ia32|arm)(?:-(gnu|musl|msvc|gnueabihf))?$/.exec(name);
  if (match) {
    const [, os = "", cpu = "", abi] = match;
    return { os: [os], cpu: [cpu], ...(abi === "gnu" ? { libc: ["glibc"] } : abi === "musl" ? { libc: ["musl"] } : {}) };
  }
  if (name.endsWith("-wasm32-wasi")) return { cpu: ["wasm32"] };
  return undefined;
}

let added = 0;
for (const [key, entry] of Object.entries(lock.packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const child = `${key.slice(0, key.lastIndexOf("node_modules/"))}node_modules/${name}`;
    const platform = platformOf(name);
    if (lock.packages[child] || lock.packages[`node_modules/${name}`] || !platform) continue;
    lock.packages[child] = { version, license: entry.license ?? "MIT", optional: true, ...platform, ...(entry.engines ? { engines: entry.engines } : {}) };
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(lock.packages).sort(([a], [b]) => (a === "" ? -1 : b === "" ? 1 : a.localeCompare(b))));
writeFileSync(path, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(`package-lock.json: added ${added} platform entries`);
