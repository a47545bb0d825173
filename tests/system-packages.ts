// What some tests need beyond npm: a few system packages. A test that needs one and
// doesn't find it fails with the command that installs it, in vitest and Playwright
// alike (README, "Test it", lists them).
import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

interface SystemPackage {
  /** What is missing, for the message. */
  what: string;
  /** Debian's package names (apt-get install …). */
  debian: string[];
  /** pip's, where the package is Python's. */
  pip?: string[];
  /** The command to run it with, or undefined when it isn't installed. */
  find(): string | undefined;
}

/** An executable named `name` on PATH, if any. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env["PATH"] ?? "").split(delimiter).filter(Boolean)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this one
    }
  }
  return undefined;
}

export const systemPackages = {
  python: {
    what: "a python3 with Flask, gevent and gevent-websocket (the Python signaling server, signal/python/)",
    debian: ["python3-flask", "python3-gevent", "python3-gevent-websocket"],
    pip: ["flask", "gevent", "gevent-websocket"],
    // $PYTHON first (a virtualenv's), then the one on PATH, then Debian's (a pyenv python3 may lack them).
    find: () =>
      [process.env["PYTHON"], "python3", "/usr/bin/python3"]
        .filter((python): python is string => Boolean(python))
        .find((python) => spawnSync(python, ["-c", "from flask import Flask; import gevent, geventwebsocket"], { stdio: "ignore" }).status === 0),
  },
  coturn: { what: "coturn's turnserver (the TURN relay tests)", debian: ["coturn"], find: () => onPath("turnserver") },
  redis: { what: "redis-server (the scale-out tests)", debian: ["redis-server"], find: () => onPath("redis-server") },
} satisfies Record<string, SystemPackage>;

/** The command that runs `name`; throws, naming the install command, when it is not installed. */
export function requireSystemPackage(name: keyof typeof systemPackages): string {
  const wanted: SystemPackage = systemPackages[name];
  const found = wanted.find();
  if (found !== undefined) return found;
  const pip = wanted.pip ? `, or pip install ${wanted.pip.join(" ")} and set PYTHON to that python3` : "";
  throw new Error(`This test needs ${wanted.what}, which is not installed. Install it: sudo apt-get install ${wanted.debian.join(" ")}${pip}.`);
}
