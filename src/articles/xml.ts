import { escapeXml } from '../web/html.ts';

/** XML that is already escaped. Only the `xml` tag creates it. */
export class XmlFragment {
  readonly value: string;
  constructor(value: string) {
    this.value = value;
  }
}

type XmlValue = XmlFragment | string | number | null | undefined | false | readonly XmlValue[];

function render(value: XmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (value instanceof XmlFragment) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeXml(String(value));
}

/** Tagged template for feeds and sitemaps: every interpolation is XML-escaped unless it is a fragment. */
export function xml(strings: TemplateStringsArray, ...values: XmlValue[]): XmlFragment {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new XmlFragment(out);
}
