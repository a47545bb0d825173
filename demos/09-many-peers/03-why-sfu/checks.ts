import { check } from "playground/checks";

interface Measured {
  name: string;
  connections: number;
  upload: number;
  download: number;
}
type Formula = (n: number, perVideo: number) => number;

check(
  "The formulas: a mesh uploads n − 1 copies, an SFU one",
  (program) => {
    const mesh = program.exposed<Formula>("meshUpload");
    const sfu = program.exposed<Formula>("sfuUpload");
    return !!mesh && !!sfu && mesh(4, 300) === 900 && mesh(10, 1) === 9 && sfu(10, 300) === 300 && sfu(2, 300) === 300;
  },
  {
    within: 10_000,
    hint: "Count the copies of your video that leave your computer: one per connection in a mesh; through a server?",
  },
);

// Each pane measures its own upload: every one of the four must match.
check(
  "The measured upload matches the mesh formula for four",
  (program) => {
    const measured = program.exposed<Measured>("measured");
    const mesh = program.exposed<Formula>("meshUpload");
    if (!measured || !mesh) return false;
    const expected = mesh(4, 300_000);
    return expected > 0 && measured.connections === 3 && measured.upload > 0.6 * expected && measured.upload < 1.2 * expected;
  },
  {
    within: 40_000,
    hint: "Each participant sends their video once per connection, each capped at 300 kbit/s.",
  },
);
