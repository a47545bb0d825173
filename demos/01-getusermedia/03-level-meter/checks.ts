import { check, moves } from "playground/checks";

check(
  "The meter moves with the microphone",
  async (program) => {
    const meter = program.exposed<HTMLMeterElement>("meter");
    if (!meter) return false;
    let loudest = 0;
    const moved = await moves(() => {
      loudest = Math.max(loudest, meter.value);
      return meter.value;
    });
    return moved && loudest > 0.01;
  },
  {
    hint: "The microphone has to reach the analyser (an audio node made from the stream), and the meter shows the samples' root mean square. (If a “Start the meter” button shows, click it.)",
  },
);
