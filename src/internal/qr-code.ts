/**
 * QR codes drawn as SVG paths. The generator (`qrcode`, about 10 KB gzip) is a chunk of its own,
 * loaded only when an element is about to show a QR code. What the code encodes (a TOTP secret, a
 * Guardian enrollment) never lands in an attribute: the SVG holds only the modules' geometry.
 */
import { html, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

type Create = typeof import('qrcode').create;

/** A QR code's dark modules as one SVG path, on a `size` × `size` grid. */
export interface QrCode {
  size: number;
  path: string;
}

/** Light modules around the code, in modules: the quiet zone scanners need. */
const QUIET_ZONE = 4;

let generator: Promise<Create> | undefined;

/** Starts loading the generator, once; call it when the request whose answer needs a QR code goes out. */
export function loadQrGenerator(): Promise<Create> {
  generator ??= import('qrcode').then(
    // qrcode is CommonJS: bundlers hand it over as the default export, some also as named ones.
    (module: typeof import('qrcode') & { default?: typeof import('qrcode') }) => (module.default ?? module).create,
    (error: unknown) => {
      generator = undefined; // A failed chunk load may work next time.
      throw error;
    },
  );
  return generator;
}

export async function createQrCode(text: string): Promise<QrCode> {
  const create = await loadQrGenerator();
  const { size, data } = create(text, { errorCorrectionLevel: 'M' }).modules;
  let path = '';
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      if (!data[y * size + x]) continue;
      // One rectangle per horizontal run of dark modules keeps the path short.
      let run = 1;
      while (x + run < size && data[y * size + x + run]) run++;
      path += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`;
      x += run;
    }
  }
  return { size: size + 2 * QUIET_ZONE, path };
}

/**
 * The QR code as an image with a name, dark on light whatever the color scheme, as scanners expect. Its box
 * (`.qr`) carries the module count as `--_modules`, so that styles can size it to whole pixels per module.
 */
export function renderQrCode(qr: QrCode, label: string): TemplateResult {
  return html`<div class="qr" style=${styleMap({ '--_modules': String(qr.size) })}><svg
    part="qr-code"
    class="qr-code"
    role="img"
    aria-label=${label}
    viewBox="0 0 ${qr.size} ${qr.size}"
    shape-rendering="crispEdges"
    focusable="false"
  >
    <rect width=${qr.size} height=${qr.size} fill="#fff"></rect>
    <path d=${qr.path} fill="#000"></path>
  </svg></div>`;
}
