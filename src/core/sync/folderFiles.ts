import { canonicalJson } from '../hash';
import { publicKeyObject } from '../keyObjects';
import { isPublicKey } from './deviceKeys';
import { FORMAT_MAJOR, FORMAT_MINOR, isDeviceId } from './teamFolderLayout';

/** `lore/FORMAT.json`: which team the folder belongs to and how its files are laid out. */
export interface FormatFile {
  format: number;
  minor: number;
  teamId: string;
  created: string;
}

/** `lore/devices/<id>/DEVICE.json`: who a device is and the key its files are signed with. */
export interface DeviceFile {
  device: string;
  publicKey: string;
  author: string;
  created: string;
  /** The team the device registered with; absent in device files written before Lore bound devices to a team. */
  team?: string;
  /**
   * The device's X25519 key (base64 SPKI), for wrapping space keys for it (docs/SECURITY.md);
   * absent in device files written before spaces. A join request carries it too, signed.
   */
  boxKey?: string;
}

const encoder = new TextEncoder();

export function encodeFormatFile(teamId: string, created: string): Uint8Array {
  return encoder.encode(`${JSON.stringify({ format: FORMAT_MAJOR, minor: FORMAT_MINOR, teamId, created }, null, 2)}\n`);
}

/** What a FORMAT.json with git's merge markers means, and what to do. */
export const FORMAT_CONFLICT =
  'it holds a git merge conflict: two people created the Lore team at the same time in their own clones';

export function parseFormatFile(bytes: Uint8Array): FormatFile | string {
  let raw: Partial<FormatFile>;
  const text = new TextDecoder().decode(bytes);
  if (/^(<{7}|>{7}|={7})/m.test(text)) return FORMAT_CONFLICT;
  try {
    raw = JSON.parse(text) as Partial<FormatFile>;
  } catch {
    return 'it is not valid JSON (damaged, or still being copied)';
  }
  if (!raw || typeof raw !== 'object') return 'it is not a JSON object';
  if (typeof raw.format !== 'number' || !Number.isInteger(raw.format) || raw.format < 1) return 'it has no format number';
  if (typeof raw.teamId !== 'string' || !isDeviceId(raw.teamId)) return 'it has no valid team id';
  return { format: raw.format, minor: typeof raw.minor === 'number' ? raw.minor : 0, teamId: raw.teamId, created: String(raw.created ?? '') };
}

export function encodeDeviceFile(device: DeviceFile): Uint8Array {
  return encoder.encode(`${canonicalJson({ type: 'device', format: 1, ...device })}\n`);
}

export function parseDeviceFile(bytes: Uint8Array): DeviceFile | string {
  let raw: Partial<DeviceFile> & { type?: unknown };
  try {
    raw = JSON.parse(new TextDecoder().decode(bytes)) as typeof raw;
  } catch {
    return 'it is not valid JSON (damaged, or still being copied)';
  }
  if (!raw || typeof raw !== 'object' || raw.type !== 'device') return 'it is not a device file';
  if (typeof raw.device !== 'string' || !isDeviceId(raw.device)) return 'it names no valid device';
  if (!isPublicKey(raw.publicKey)) return 'it holds no valid Ed25519 public key';
  if (raw.team !== undefined && (typeof raw.team !== 'string' || !isDeviceId(raw.team))) return 'it names no valid team';
  if (raw.boxKey !== undefined && !publicKeyObject(raw.boxKey, 'x25519')) return 'its encryption key is not a valid X25519 public key';
  return {
    device: raw.device, publicKey: raw.publicKey, author: typeof raw.author === 'string' ? raw.author.slice(0, 200) : '', created: String(raw.created ?? ''),
    ...(raw.team ? { team: raw.team } : {}),
    ...(raw.boxKey ? { boxKey: raw.boxKey } : {}),
  };
}
