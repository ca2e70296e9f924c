import { xml } from './xml.ts';

// RSS 2.0 and Atom 1.0 renderers. Pure: the caller gives absolute URLs and the items in order.

export const FEED_SIZE = 20;
export const RSS_TYPE = 'application/rss+xml; charset=utf-8';
export const ATOM_TYPE = 'application/atom+xml; charset=utf-8';

export interface FeedChannel {
  readonly title: string;
  readonly description: string;
  /** The HTML page the feed stands for. */
  readonly pageUrl: string;
  /** The feed's own URL. */
  readonly selfUrl: string;
  /** Publisher name (Atom's required author). */
  readonly author: string;
  readonly authorUrl: string;
  /** Used as the feed's update time when it has no items. */
  readonly emptyUpdated: Date;
}

export interface FeedItem {
  readonly title: string;
  readonly url: string;
  readonly summary: string;
  /** YYYY-MM-DD */
  readonly updatedOn: string;
  /** YYYY-MM-DD */
  readonly publishedOn: string;
  /** Category names from the root, e.g. ['Dialysis', 'Complications']. */
  readonly categoryNames: readonly string[];
  /** Category slug path, e.g. `dialysis/complications`. */
  readonly categoryPath: string;
  /** Base URL of the topic pages: the taxonomy the category belongs to. */
  readonly categoryScheme: string;
}

/** An RSS 2.0 document; pubDate is the date the item's content last changed. */
export function renderRss(channel: FeedChannel, items: readonly FeedItem[]): string {
  const latest = latestUpdate(items);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml`<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
<channel>
<title>${channel.title}</title>
<link>${channel.pageUrl}</link>
<description>${channel.description}</description>
<language>en</language>
<lastBuildDate>${rfc822(latest ?? channel.emptyUpdated)}</lastBuildDate>
<atom:link href="${channel.selfUrl}" rel="self" type="application/rss+xml"/>
${items.map((item) => xml`<item>
<title>${item.title}</title>
<link>${item.url}</link>
<guid isPermaLink="true">${item.url}</guid>
<pubDate>${rfc822(dateOf(item.updatedOn))}</pubDate>
<description>${item.summary}</description>
<category domain="${item.categoryScheme}">${item.categoryNames.join('/')}</category>
</item>
`)}</channel>
</rss>
`.value}`;
}

/** An Atom 1.0 document. */
export function renderAtom(channel: FeedChannel, items: readonly FeedItem[]): string {
  const latest = latestUpdate(items);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${xml`<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
<id>${channel.selfUrl}</id>
<title>${channel.title}</title>
<subtitle>${channel.description}</subtitle>
<updated>${(latest ?? channel.emptyUpdated).toISOString()}</updated>
<author><name>${channel.author}</name><uri>${channel.authorUrl}</uri></author>
<link rel="self" type="application/atom+xml" href="${channel.selfUrl}"/>
<link rel="alternate" type="text/html" href="${channel.pageUrl}"/>
${items.map((item) => xml`<entry>
<id>${item.url}</id>
<title>${item.title}</title>
<link rel="alternate" type="text/html" href="${item.url}"/>
<updated>${dateOf(item.updatedOn).toISOString()}</updated>
<published>${dateOf(item.publishedOn).toISOString()}</published>
<summary type="text">${item.summary}</summary>
<category term="${item.categoryPath}" scheme="${item.categoryScheme}" label="${item.categoryNames.join(' / ')}"/>
</entry>
`)}</feed>
`.value}`;
}

/** RFC 822 date-time as RSS wants it, e.g. "Mon, 14 Sep 2026 00:00:00 GMT". */
export function rfc822(date: Date): string {
  return date.toUTCString();
}

function dateOf(isoDate: string): Date {
  return new Date(`${isoDate}T00:00:00Z`);
}

function latestUpdate(items: readonly FeedItem[]): Date | undefined {
  let latest: string | undefined;
  for (const item of items) if (latest === undefined || item.updatedOn > latest) latest = item.updatedOn;
  return latest === undefined ? undefined : dateOf(latest);
}
