// A minimal TURN client for the tests (RFC 5389 / 5766): a STUN Binding and an Allocate with
// long-term credentials, enough to prove a real coturn accepts (or refuses) the credentials
// /signal/ice-servers hands out, and what kind of relay it grants. Browsers do the rest in the e2e tests.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";
import { connect } from "node:net";

const MAGIC = 0x2112a442;
const Attr = { username: 0x0006, integrity: 0x0008, errorCode: 0x0009, realm: 0x0014, nonce: 0x0015, relayed: 0x0016, transport: 0x0019, mapped: 0x0020 };

interface Message {
  type: number;
  attrs: Map<number, Buffer>;
}

function attribute(type: number, value: Buffer): Buffer {
  const header = Buffer.alloc(4);
  header.writeUInt16BE(type, 0);
  header.writeUInt16BE(value.length, 2);
  return Buffer.concat([header, value, Buffer.alloc((4 - (value.length % 4)) % 4)]);
}

function encode(type: number, attrs: Buffer[], key?: Buffer): Buffer {
  const header = Buffer.alloc(20);
  header.writeUInt16BE(type, 0);
  header.writeUInt32BE(MAGIC, 4);
  randomBytes(12).copy(header, 8);
  let body = Buffer.concat(attrs);
  if (key) {
    // MESSAGE-INTEGRITY covers the message with its length already counting the 24-byte attribute.
    header.writeUInt16BE(body.length + 24, 2);
    const mac = createHmac("sha1", key)
      .update(Buffer.concat([header, body]))
      .digest();
    body = Buffer.concat([body, attribute(Attr.integrity, mac)]);
  }
  header.writeUInt16BE(body.length, 2);
  return Buffer.concat([header, body]);
}

function decode(data: Buffer): Message {
  const attrs = new Map<number, Buffer>();
  for (let at = 20; at + 4 <= data.length; ) {
    const type = data.readUInt16BE(at);
    const length = data.readUInt16BE(at + 2);
    attrs.set(type, data.subarray(at + 4, at + 4 + length));
    at += 4 + length + ((4 - (length % 4)) % 4);
  }
  return { type: data.readUInt16BE(0), attrs };
}

function xorAddress(value: Buffer | undefined): string | undefined {
  if (!value) return undefined;
  const port = value.readUInt16BE(2) ^ (MAGIC >>> 16);
  const ip = (value.readUInt32BE(4) ^ MAGIC) >>> 0;
  return `${ip >>> 24}.${(ip >>> 16) & 255}.${(ip >>> 8) & 255}.${ip & 255}:${port}`;
}

async function exchange(host: string, port: number, request: Buffer): Promise<Message> {
  const socket = createSocket("udp4");
  try {
    return await new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${host}:${port}`)), 3000);
      socket.once("message", (data) => {
        clearTimeout(timer);
        resolve(decode(data));
      });
      socket.send(request, port, host);
    });
  } finally {
    socket.close();
  }
}

/** STUN Binding: the address the server saw us at (what a server-reflexive candidate carries). */
export async function stunBinding(host: string, port: number): Promise<string | undefined> {
  const answer = await exchange(host, port, encode(0x0001, []));
  return xorAddress(answer.attrs.get(Attr.mapped));
}

export type AllocateResult = { ok: true; relayed: string } | { ok: false; code: number; reason: string };

/** One client 5-tuple to the server, so a second request comes from where the first did, as a browser's does. */
function conversation(host: string, port: number, over: "udp" | "tcp") {
  const waitFor = (subscribe: (deliver: (data: Buffer) => void) => void, send: () => void) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${host}:${port} over ${over}`)), 3000);
      subscribe((data) => {
        clearTimeout(timer);
        resolve(decode(data));
      });
      send();
    });
  if (over === "udp") {
    const socket = createSocket("udp4");
    return {
      ask: (request: Buffer) =>
        waitFor(
          (deliver) => socket.once("message", deliver),
          () => socket.send(request, port, host),
        ),
      close: () => socket.close(),
    };
  }
  // Over TCP, STUN messages follow each other on the stream, each as long as its header says.
  const socket = connect({ host, port });
  let buffered = Buffer.alloc(0);
  let deliver: ((data: Buffer) => void) | undefined;
  socket.on("data", (chunk: Buffer) => {
    buffered = Buffer.concat([buffered, chunk]);
    const size = buffered.length >= 20 ? 20 + buffered.readUInt16BE(2) : Infinity;
    if (buffered.length < size) return;
    const message = buffered.subarray(0, size);
    buffered = buffered.subarray(size);
    deliver?.(message);
  });
  return {
    ask: (request: Buffer) =>
      waitFor(
        (next) => (deliver = next),
        () => socket.write(request),
      ),
    close: () => socket.destroy(),
  };
}

/**
 * TURN Allocate with a long-term credential, as a browser does for a relay candidate: a UDP
 * relay asked over UDP by default; `relay: "tcp"` asks for a TCP relay (RFC 6062) over TCP.
 */
export async function turnAllocate(host: string, port: number, username: string, credential: string, relay: "udp" | "tcp" = "udp"): Promise<AllocateResult> {
  const transport = attribute(Attr.transport, Buffer.from([relay === "tcp" ? 6 : 17, 0, 0, 0]));
  const { ask, close } = conversation(host, port, relay);
  try {
    const challenge = await ask(encode(0x0003, [transport]));
    const realm = challenge.attrs.get(Attr.realm);
    const nonce = challenge.attrs.get(Attr.nonce);
    if (!realm || !nonce) return errorOf(challenge);
    const key = createHash("md5").update(`${username}:${realm.toString()}:${credential}`).digest();
    const answer = await ask(
      encode(0x0003, [transport, attribute(Attr.username, Buffer.from(username)), attribute(Attr.realm, realm), attribute(Attr.nonce, nonce)], key),
    );
    if (answer.type === 0x0103) return { ok: true, relayed: xorAddress(answer.attrs.get(Attr.relayed)) ?? "?" };
    return errorOf(answer);
  } finally {
    close();
  }
}

function errorOf(message: Message): AllocateResult {
  const value = message.attrs.get(Attr.errorCode);
  if (!value) return { ok: false, code: 0, reason: `unexpected message type 0x${message.type.toString(16)}` };
  return { ok: false, code: (value[2] ?? 0) * 100 + (value[3] ?? 0), reason: value.subarray(4).toString() };
}
