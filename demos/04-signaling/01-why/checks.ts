import { check } from "playground/checks";

check(
  "The offer holds candidates: gathering completed before it was shown",
  () => [...document.querySelectorAll("#offer span")].some((line) => line.textContent?.startsWith("a=candidate:")),
  {
    hint: "An offer made at once has no addresses yet; the peer connection tells you when it has finished gathering them.",
  },
);

check(
  "The network and media lines are marked",
  () => document.querySelector("#offer [data-kind='network']") !== null && document.querySelector("#offer [data-kind='media']") !== null,
  {
    hint: "Sort the lines by their prefix: candidates, ICE credentials and c= are network; m=, rtpmap and fmtp are media.",
  },
);
