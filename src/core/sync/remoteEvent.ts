import { LoreError } from '../errors';
import { validateAnchor, validateLanguage } from '../model';
import { validateEvent, type LoreEvent } from '../store/events';

/**
 * Parses one event line from another machine: shape, id matching content (validateEvent), and
 * the values that would be dangerous on this machine. Anchors must hold workspace-relative
 * paths: an absolute path or one with `..` could make the editor open files outside the
 * workspace. A snippet's language must be a short identifier: it becomes a Markdown code fence's
 * info string, where a newline would end the fence. Throws a LoreError naming the problem.
 */
export function parseRemoteEvent(line: string): LoreEvent {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    throw new LoreError('an event line is not JSON');
  }
  let event: LoreEvent;
  try {
    event = validateEvent(raw);
  } catch (error) {
    throw new LoreError(`an event is invalid: ${error instanceof Error ? error.message : String(error)}`);
  }
  if ('anchor' in event.changes) {
    try {
      validateAnchor(event.changes.anchor);
    } catch (error) {
      throw new LoreError(`event ${event.id.slice(0, 12)}… has an unsafe anchor: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (event.entity === 'snippet' && 'language' in event.changes) {
    try {
      validateLanguage(event.changes.language);
    } catch (error) {
      throw new LoreError(`event ${event.id.slice(0, 12)}… has an invalid snippet language: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return event;
}
