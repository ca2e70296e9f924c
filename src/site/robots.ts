// Areas that are private or per-person: nothing there belongs in a search engine.
const DISALLOWED = ['/staff', '/api/', '/case'];

/** robots.txt: everything public may be crawled; the sitemap is given as an absolute URL. */
export function renderRobotsTxt(baseUrl: string): string {
  return ['User-agent: *', 'Allow: /', ...DISALLOWED.map((p) => `Disallow: ${p}`), '', `Sitemap: ${baseUrl}/sitemap.xml`, ''].join('\n');
}
