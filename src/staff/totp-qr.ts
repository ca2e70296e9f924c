import { encode } from 'uqr';
import { html, type SafeHtml } from '../web/html.ts';

/**
 * The otpauth URI as an inline SVG QR code. Only the module matrix is taken from the encoder;
 * the markup is ours, built through the escaping template, with fill attributes rather than
 * style (the CSP allows no inline style), and a text alternative for screen readers.
 */
export function renderQrSvg(text: string, label: string): SafeHtml {
  const qr = encode(text, { ecc: 'M', border: 2 });
  const path: string[] = [];
  qr.data.forEach((row, y) => row.forEach((dark, x) => { if (dark) path.push(`M${x} ${y}h1v1h-1z`); }));
  return html`<svg class="qr-code" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${qr.size} ${qr.size}" width="240" height="240" role="img" aria-label="${label}" shape-rendering="crispEdges"><rect width="${qr.size}" height="${qr.size}" fill="#ffffff"/><path fill="#000000" d="${path.join('')}"/></svg>`;
}
