// Step 2: signaling by hand.
// Alice's offer and Bob's answer travel through you: copy one pane's description, paste
// it into the other. No server is involved, only the clipboard. Once both descriptions
// are in place the peers connect, and a data channel says hello.
// Your turn: use the pasted description in useTheirs() (look for TODO).
import { expose, side, signal } from "playground";

const mine = document.querySelector<HTMLTextAreaElement>("#mine")!;
const theirs = document.querySelector<HTMLTextAreaElement>("#theirs")!;
const copyButton = document.querySelector<HTMLButtonElement>("#copy")!;
const useButton = document.querySelector<HTMLButtonElement>("#use")!;
const status = document.querySelector<HTMLElement>("#status b")!;
const received = document.querySelector<HTMLParagraphElement>("#received")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

// Alice calls, Bob answers: say so on the page.
const [mineLabel, theirsLabel] = document.querySelectorAll("label");
if (side.name === "alice") {
  mineLabel.textContent = "Alice's offer: copy it into Bob's pane";
  theirsLabel.textContent = "Bob's answer: paste it here";
  useButton.textContent = "Accept answer";
} else {
  mine.placeholder = "Your answer appears here";
  mineLabel.textContent = "Bob's answer: copy it back into Alice's pane";
  theirsLabel.textContent = "Alice's offer: paste it here";
  useButton.textContent = "Answer";
}

const pc = new RTCPeerConnection({ iceServers: signal.iceServers });
expose({ pc, mine, theirs });
pc.addEventListener("connectionstatechange", () => {
  console.log(`pc connectionState: ${pc.connectionState}`);
  status.textContent = pc.connectionState;
});
// Bob's side of the data channel arrives with Alice's offer.
pc.addEventListener("datachannel", (event) => setUpChannel(event.channel));

async function makeOffer() {
  // A data channel created before the offer makes the offer ask for one.
  setUpChannel(pc.createDataChannel("chat"));
  console.log("pc setLocalDescription start");
  await pc.setLocalDescription();
  console.log("pc setLocalDescription complete");
  await showMine();
}

// The "Use it" button: the other side's description goes in, and an offer gets an answer.
async function useTheirs() {
  errorMsg.textContent = "";
  try {
    // TODO: turn the pasted text back into a description and apply it as the remote one.
    // Alice only takes answers: refuse an offer pasted into Alice with a clear error.
    // TODO: if it was an offer, answer it and show the answer in your textarea (showMine()).
  } catch (error) {
    handleError(error);
  }
}

// One blob holds everything: wait for every candidate before showing the description,
// because nobody will carry the candidates found later.
async function showMine() {
  await iceGatheringComplete();
  const description = pc.localDescription!;
  console.log(`${description.type} from ${side.name}\n${description.sdp}`);
  mine.value = JSON.stringify(description);
}

function iceGatheringComplete(): Promise<void> {
  return new Promise((resolve) => {
    if (pc.iceGatheringState === "complete") return resolve();
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") resolve();
    });
  });
}

async function copyMine() {
  mine.select();
  try {
    await navigator.clipboard.writeText(mine.value);
    console.log("clipboard writeText complete");
  } catch (error) {
    // Some browsers refuse the clipboard in a frame; the text is selected, so Ctrl+C works.
    console.log(`clipboard refused (${(error as Error).name}): press Ctrl+C (⌘C) to copy the selection`);
  }
}

function setUpChannel(channel: RTCDataChannel) {
  expose({ channel });
  channel.addEventListener("open", () => {
    console.log("channel open");
    channel.send(`hello from ${side.name}`);
  });
  channel.addEventListener("message", (event: MessageEvent<string>) => {
    console.log(`channel received: ${event.data}`);
    received.textContent = `${side.other} says: ${event.data}`;
  });
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  // SyntaxError: not the whole text. InvalidStateError: a description that doesn't fit the
  // state, e.g. an answer pasted into Bob, who has made no offer.
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

copyButton.addEventListener("click", copyMine);
useButton.addEventListener("click", useTheirs);
if (side.name === "alice") await makeOffer();
