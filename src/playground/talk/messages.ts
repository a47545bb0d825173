// What the stage (a lesson page in presenter mode) and the speaker view (a second
// window, /speaker/) say to each other over a BroadcastChannel. Same origin only,
// but still checked: an old tab of another version may be listening too.
import * as v from "valibot";

/** The channel's name; every window of this site can hear it. */
export const TALK_CHANNEL = "wp-talk";

/** The stage tells where it is: sent when it starts presenting, moves, or is asked. */
export const StageState = v.strictObject({
  type: v.literal("stage"),
  presenting: v.boolean(),
  title: v.string(),
  chapter: v.string(),
  /** "2 / 7": the step's place in its chapter. */
  position: v.string(),
  /** The step's prose as HTML: the speaker's notes (the stage hides it). */
  notes: v.string(),
  previous: v.nullable(v.string()),
  next: v.nullable(v.string()),
  /** The audience's link while the join panel is open. */
  joinUrl: v.nullable(v.string()),
});
export type StageState = v.InferOutput<typeof StageState>;

export const TalkMessage = v.variant("type", [
  StageState,
  /** The speaker view asks the stage to say where it is (on opening). */
  v.strictObject({ type: v.literal("hello") }),
  /** The speaker view moves the stage. */
  v.strictObject({ type: v.literal("go"), to: v.picklist(["next", "previous"]) }),
]);
export type TalkMessage = v.InferOutput<typeof TalkMessage>;

/** The message, or undefined when it is not one of ours. */
export function readTalkMessage(data: unknown): TalkMessage | undefined {
  const result = v.safeParse(TalkMessage, data);
  return result.success ? result.output : undefined;
}
