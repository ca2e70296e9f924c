import { EGFR_PATH } from '../tools/index.ts';

// Public pages that are not articles, topics or resources: listed in the footer, the HTML site
// map and /sitemap.xml from this one place.

export interface SitePage {
  readonly path: string;
  readonly label: string;
  /** Tools go with the main pages; "about" pages with the site's own information. */
  readonly group: 'tool' | 'about';
}

export const SITE_PAGES: readonly SitePage[] = [
  { path: EGFR_PATH, label: 'eGFR calculator', group: 'tool' },
  { path: '/experts', label: 'Our experts', group: 'tool' },
  { path: '/stories', label: 'Patient stories', group: 'tool' },
  { path: '/contact', label: 'Contact us', group: 'about' },
  { path: '/privacy', label: 'Privacy notice', group: 'about' },
  { path: '/accessibility', label: 'Accessibility statement', group: 'about' },
  { path: '/site-map', label: 'Site map', group: 'about' },
];
