// Presenter mode's keys, as a pure mapping so it can be tested without a page.
// Keys never act while the speaker types: in the editor, a field, or a dialog.

export type TalkAction = "toggle" | "next" | "previous" | "fullscreen" | "leave" | "bigger" | "smaller" | "join" | "speaker";

export interface KeyPress {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** What a key does; `presenting` is whether presenter mode is on. */
export function keyAction(press: KeyPress, presenting: boolean): TalkAction | null {
  // Ctrl/Cmd+Enter (run) and browser shortcuts keep their meaning.
  if (press.ctrlKey || press.metaKey || press.altKey) return null;
  const key = press.key.length === 1 ? press.key.toLowerCase() : press.key;
  if (key === "p") return "toggle";
  if (!presenting) return null;
  switch (key) {
    case "ArrowRight":
    case "PageDown":
      return "next";
    case "ArrowLeft":
    case "PageUp":
      return "previous";
    case "f":
      return "fullscreen";
    case "Escape":
      return "leave";
    case "+":
    case "=":
      return "bigger";
    case "-":
    case "_":
      return "smaller";
    case "j":
      return "join";
    case "s":
      return "speaker";
    default:
      return null;
  }
}

/** True when keys belong to what has focus: the editor, a form field, an open dialog. */
export function isTyping(target: EventTarget | null): boolean {
  if (document.querySelector("dialog[open]")) return true;
  return target instanceof Element && target.closest("input, textarea, select, [contenteditable]:not([contenteditable='false']), .monaco-editor") !== null;
}
