/**
 * Which images from other hosts Lore loads. Loading an image tells its host who read what,
 * when and from where (a tracking pixel), so by default none is loaded: the article view shows
 * a placeholder with the host, and review notes a link. Hosts listed in the setting
 * `lore.articleView.allowedImageHosts` load; only over https.
 *
 * A listed host is a host name (`images.example.com`), optionally with a port
 * (`intranet.example.com:8443`) or a leading `*.` for every subdomain (`*.example.com`, which
 * does not include `example.com` itself): the same meaning as in a Content Security Policy,
 * so the view's CSP and its sanitiser agree on every image.
 */

const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?';
const HOST_PATTERN = new RegExp(`^(?:\\*\\.)?${LABEL}(?:\\.${LABEL})*(?::\\d{1,5})?$`);

export interface ImageHostSetting {
  /** Valid hosts, lower case, without duplicates. */
  hosts: string[];
  /** Entries that are not a host name (shown to the user, never put into the CSP). */
  invalid: string[];
}

/** Reads the setting's value: a pasted URL (`https://images.example.com/`) counts as its host. */
export function parseImageHosts(value: unknown): ImageHostSetting {
  const hosts: string[] = [];
  const invalid: string[] = [];
  for (const entry of Array.isArray(value) ? value : []) {
    const host = typeof entry === 'string' ? normaliseHost(entry) : undefined;
    if (host === undefined) invalid.push(String(entry));
    else if (!hosts.includes(host)) hosts.push(host);
  }
  return { hosts, invalid };
}

/** A host name as written in the setting, or undefined when it is not one. */
export function normaliseHost(entry: string): string | undefined {
  const host = entry.trim().toLowerCase().replace(/^https:\/\//, '').replace(/\/$/, '');
  return host.length <= 260 && HOST_PATTERN.test(host) ? host : undefined;
}

export interface RemoteImage {
  /** `images.example.com`, with the port when it is not the default one. */
  host: string;
  /** Only https images can be loaded; http and protocol-relative ones never are. */
  loadable: boolean;
}

/** The host of an image URL that would be fetched from the network, else undefined. */
export function remoteImage(src: string): RemoteImage | undefined {
  const trimmed = src.trim();
  if (!/^(https?:)?\/\//i.test(trimmed)) return undefined;
  try {
    const url = new URL(trimmed.startsWith('//') ? `https:${trimmed}` : trimmed);
    return { host: url.host.toLowerCase(), loadable: /^https:/i.test(trimmed) };
  } catch {
    return { host: '', loadable: false };
  }
}

/** Whether an image from `host` may be loaded, given the allowed hosts (CSP host-source matching). */
export function isImageHostAllowed(host: string, allowed: readonly string[]): boolean {
  if (!host) return false;
  return allowed.some((entry) => {
    if (!entry.startsWith('*.')) return entry === host;
    const [suffixHost, suffixPort] = entry.slice(2).split(':');
    const [name, port] = host.split(':');
    return name.endsWith(`.${suffixHost}`) && port === suffixPort;
  });
}

/** Whether an image URL may be loaded: https from an allowed host. */
export function isImageUrlAllowed(src: string, allowed: readonly string[]): boolean {
  const image = remoteImage(src);
  return image !== undefined && image.loadable && isImageHostAllowed(image.host, allowed);
}

/** The CSP `img-src` sources for the allowed hosts (`https://host`, never a wildcard scheme). */
export function imageSources(allowed: readonly string[]): string[] {
  return allowed.filter((host) => normaliseHost(host) === host).map((host) => `https://${host}`);
}
