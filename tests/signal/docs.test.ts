// PROTOCOL.md must name every limit (option, env, flag), every error code and every close code.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CloseCode, ErrorCodes } from "../../signal/errors.ts";
import { defaults, envName, flagName } from "../../signal/limits.ts";

const protocol = readFileSync(new URL("../../signal/PROTOCOL.md", import.meta.url), "utf8");

describe("signal/PROTOCOL.md", () => {
  it.each(Object.keys(defaults))("documents the limit %s with its env variable and flag", (key) => {
    expect(protocol).toContain(`\`${key}\``);
    expect(protocol).toContain(envName(key));
    expect(protocol).toContain(`--${flagName(key)}`);
  });

  it.each(Object.keys(ErrorCodes))("documents the error code %s", (code) => {
    expect(protocol).toContain(`| \`${code}\` |`);
  });

  it.each(Object.values(CloseCode))("documents the close code %s", (code) => {
    expect(protocol).toContain(`| ${code} |`);
  });
});
