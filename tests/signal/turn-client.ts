// A minimal TURN client for the tests (RFC 5389 / 5766 over UDP): a STUN Binding and an
// Allocate with long-term credentials, enough to prove a real coturn accepts (or refuses)
// the credentials /signal/ice-servers hands out. Browsers do the rest in the e2e tests.
import { createHash, createHmac, randomBytes } from "node:crypto";
import { createSocket } from "node:dgram";

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

/** TURN Allocate (UDP relay) with a long-term credential, as a browser does for a relay candidate. */
export async function turnAllocate(host: string, port: number, username: string, credential: string): Promise<AllocateResult> {
  const transport = attribute(Attr.transport, Buffer.from([17, 0, 0, 0]));
  // Socket reused so the second request is the same 5-tuple, as a browser's is.
  const socket = createSocket("udp4");
  const ask = (request: Buffer) =>
    new Promise<Message>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${host}:${port}`)), 3000);
      socket.once("message", (data) => {
        clearTimeout(timer);
        resolve(decode(data));
      });
      socket.send(request, port, host);
    });
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
    socket.close();
  }
}

function errorOf(message: Message): AllocateResult {
  const value = message.attrs.get(Attr.errorCode);
  if (!value) return { ok: false, code: 0, reason: `unexpected message type 0x${message.type.toString(16)}` };
  return { ok: false, code: (value[2] ?? 0) * 100 + (value[3] ?? 0), reason: value.subarray(4).toString() };
}
