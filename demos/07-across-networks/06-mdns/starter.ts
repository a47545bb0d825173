// Step 6: why your host address shows up as a random ".local" name.
// Gather host candidates twice, before the page uses the camera and after, and say what kind
// of address each one is. Browsers hide the machine's addresses behind mDNS names until the
// user trusts the page with a camera or microphone.
// Your turn: say what kind of address each one is (look for TODO).
import { expose, onStop } from "playground";

const permission = document.querySelector<HTMLElement>("#permission")!;
const before = document.querySelector<HTMLElement>("#before")!;
const after = document.querySelector<HTMLElement>("#after")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// Host candidates only: no servers, so nothing but this machine's own addresses (or their names).
async function hostAddresses(): Promise<string[]> {
  const pc = new RTCPeerConnection({ iceServers: [] });
  onStop(() => pc.close());
  const addresses: string[] = [];
  const done = new Promise<void>((resolve) =>
    pc.addEventListener("icecandidate", ({ candidate }) => {
      if (candidate === null) resolve();
      else if (candidate.type === "host" && candidate.address) addresses.push(candidate.address);
    }),
  );
  pc.createDataChannel("probe");
  await pc.setLocalDescription();
  await done;
  pc.close();
  return [...new Set(addresses)];
}

// What kind of address is it, and who could reach it?
function classify(address: string): string {
  // TODO: return "mDNS name: the real address, hidden" for a name ending in ".local",
  // "loopback: this machine only" for 127.x.x.x and ::1, "private: this network only" for
  // 10.x, 172.16-31.x, 192.168.x, fc00::/7 and fe80::, and "public" for anything else
  // (string methods and regular expressions do it).
  return "?";
}

const describe = (addresses: string[]) => addresses.map((address) => `${address} (${classify(address)})`).join(", ") || "none";

try {
  permission.textContent = (await navigator.permissions.query({ name: "camera" as PermissionName })).state;
  const hidden = await hostAddresses();
  before.textContent = describe(hidden);
  console.log(`host candidates before the camera: ${before.textContent}`);

  const stream = await navigator.mediaDevices.getUserMedia({ video: true });
  onStop(() => stream.getTracks().forEach((track) => track.stop()));
  const shown = await hostAddresses();
  after.textContent = describe(shown);
  console.log(`host candidates after the camera: ${after.textContent}`);
  expose({ hidden, shown, stream });
} catch (error) {
  errorMsg.textContent = `${(error as Error).name}: ${(error as Error).message}`;
  console.error(error);
}
