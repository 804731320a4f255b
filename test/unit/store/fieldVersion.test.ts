import * as assert from 'node:assert/strict';
import { writtenAt, type FieldVersion } from '../../../src/core/store/fieldResolution';

const version = (hlc: string): FieldVersion => ({ eventId: 'e1', value: 'Title', author: 'Ada', hlc, device: 'd1' });

describe('a kept conflict version', () => {
  it('says when it was written, from its writer\'s clock stamp', () => {
    assert.equal(writtenAt(version('001767225600000-0003'))?.toISOString(), '2026-01-01T00:00:00.000Z');
  });

  it('says nothing rather than a wrong date for a malformed stamp', () => {
    assert.equal(writtenAt(version('yesterday')), undefined);
  });
});
