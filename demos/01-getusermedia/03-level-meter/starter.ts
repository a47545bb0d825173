// Step 3: a microphone level meter.
// The microphone stream goes into Web Audio: a MediaStreamAudioSourceNode feeds an
// AnalyserNode, and every animation frame we turn its samples into a level (RMS).
// Your turn: connect the microphone and compute the level (look for TODO).
import { button, expose, onStop } from "playground";

const meter = document.querySelector<HTMLMeterElement>("#level")!;
const errorMsg = document.querySelector<HTMLParagraphElement>("#error-msg")!;

const constraints: MediaStreamConstraints = { audio: true, video: false };
expose({ constraints, meter });

let audioContext: AudioContext;
let analyser: AnalyserNode;
let samples: Float32Array<ArrayBuffer>;

async function start() {
  try {
    console.log("getUserMedia start", constraints);
    const stream = await navigator.mediaDevices.getUserMedia(constraints);
    console.log("getUserMedia success");
    expose({ stream });
    // Stop (or Run again) releases the microphone and the audio hardware, as step 6 shows.
    onStop(() => {
      stream.getTracks().forEach((track) => track.stop());
      void audioContext?.close();
    });
    connect(stream);
  } catch (error) {
    handleError(error);
  }
}

function connect(stream: MediaStream) {
  audioContext = new AudioContext();
  // The analyser only measures: nothing reaches audioContext.destination, so you don't hear yourself.
  analyser = new AnalyserNode(audioContext, { fftSize: 2048 });
  samples = new Float32Array(analyser.fftSize);
  // TODO: bring the microphone's stream into the audio graph and feed it to the analyser
  // (Web Audio nodes).
  expose({ audioContext, analyser });
  console.log(`AudioContext ${audioContext.state}, ${audioContext.sampleRate} Hz`);
  // Browsers start an AudioContext suspended until the user interacts with the page.
  if (audioContext.state === "suspended") button("Start the meter", resume);
  requestAnimationFrame(draw);
}

async function resume() {
  console.log("AudioContext resume start");
  await audioContext.resume();
  console.log(`AudioContext ${audioContext.state}`);
}

// Root mean square of the last 2048 samples: 0 is silence, about 0.7 a full-scale tone.
function draw() {
  analyser.getFloatTimeDomainData(samples);
  // TODO: set meter.value to the level of these samples: their root mean square.
  requestAnimationFrame(draw);
}

function handleError(error: unknown) {
  if (!(error instanceof Error)) throw error;
  errorMsg.textContent = `${error.name}: ${error.message}`;
  console.error(error);
}

await start();
