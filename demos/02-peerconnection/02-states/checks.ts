import { check } from "playground/checks";

interface StateChange {
  peer: string;
  state: string;
  value: string;
}

check(
  "The timeline records all four states, up to connected",
  (program) => {
    const timeline = program.exposed<StateChange[]>("timeline") ?? [];
    const seen = (state: string, value: string) => timeline.some((change) => change.state === state && change.value === value);
    return seen("iceGatheringState", "complete") && seen("iceConnectionState", "connected") && seen("connectionState", "connected");
  },
  {
    hint: "Each state has its own event on the peer connection, named after it in lowercase with “change” on the end.",
  },
);
