// Draws a QR code of a link into a canvas. The QR library (qrcode, self-hosted
// and bundled by Vite) loads only when a join panel first opens.

/** Draws `text` as a QR code filling `canvas` (`size` CSS pixels square). */
export async function drawQr(canvas: HTMLCanvasElement, text: string, size = 320): Promise<void> {
  const { toCanvas } = await import("qrcode");
  // Medium error correction and a 4-module quiet zone: readable from the back of a room.
  await toCanvas(canvas, text, { errorCorrectionLevel: "M", margin: 4, width: size, color: { dark: "#000000", light: "#ffffff" } });
}
