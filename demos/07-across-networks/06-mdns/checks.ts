import { check } from "playground/checks";

const kinds = /^(mDNS name|loopback|private|public)\b/;

check(
  "Every host address, before and after the camera, says what kind it is",
  () => {
    const entries = ["#before", "#after"].flatMap((selector) => (document.querySelector(selector)?.textContent ?? "").split(", "));
    return entries.every((entry) => {
      const [, address = "", kind = ""] = /^(\S+) \((.*)\)$/.exec(entry) ?? [];
      if (!kinds.test(kind)) return false;
      if (address.endsWith(".local")) return kind.startsWith("mDNS name");
      if (address.startsWith("127.")) return kind.startsWith("loopback");
      return true;
    });
  },
  {
    within: 15_000,
    hint: "An address ending in .local is an mDNS name; 127.x.x.x is loopback; 10.x, 172.16–31.x and 192.168.x are private; the rest is public.",
  },
);
