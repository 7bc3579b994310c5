/** Reading TCCC's CDR leniently: the doc's sloppy sample, UUI vs Uui, numbers as strings, and clear refusals. */

import { endStatusLabel, readCdr, readRecording } from '../src/cdr';

/** The shape of TCCC's documented push sample (679/67257), with its duplicated Duration key resolved by JSON.parse. */
const DOC_SAMPLE = `{"SdkAppId":1400123456,"SessionId":"e97be0ab-1ef6-4ad2-a8c4-2b2bbfb18e55","Caller":"008618621520280",
"Callee":"008613912345678","Direction":1,"CallType":1,"StartTimestamp":1764554400,"RingTimestamp":1764554402,
"AcceptTimestamp":1764554410,"EndedTimestamp":1764554470,"Duration":60,"Duration":60,"IVRDuration":0,
"SeatUser":{"Mail":"agent.a@example.com","Name":"甲","Nick":"甲","Phone":"","UserId":"agent.a@example.com",
"StaffNumber":"001","SkillGroupNameList":[]},"HungUpSide":"user","EndStatusString":"ok",
"PostIVRKeyPressed":[{"key":"1","label":"满意"}],"RecordId":"rec-1","Uui":"td1.mip3k2x0ab"}`;

describe('readCdr', () => {
  it('reads the documented push sample', () => {
    const read = readCdr(JSON.parse(DOC_SAMPLE));
    expect(read).toEqual({
      ok: true,
      value: expect.objectContaining({
        sessionId: 'e97be0ab-1ef6-4ad2-a8c4-2b2bbfb18e55',
        sdkAppId: '1400123456',
        uui: 'td1.mip3k2x0ab',
        uuiCallId: 'mip3k2x0ab',
        seatUserId: 'agent.a@example.com',
        endStatusString: 'ok',
        duration: 60,
        acceptTs: 1764554410,
        hungUpSide: 'user',
      }),
    });
  });

  it('reads UUI before the deprecated Uui', () => {
    const read = readCdr({ SdkAppId: 1, SessionId: 's', UUI: 'td1.aaaaaaaaaa', Uui: 'td1.bbbbbbbbbb' });
    expect(read.ok && read.value.uuiCallId).toBe('aaaaaaaaaa');
  });

  it('accepts numbers sent as strings and drops values of the wrong type instead of failing', () => {
    const read = readCdr({ SdkAppId: '1400123456', SessionId: 's', Duration: '42', Direction: 'out', SeatUser: 7 });
    expect(read).toEqual({
      ok: true,
      value: expect.objectContaining({ sdkAppId: '1400123456', duration: 42, direction: null, seatUserId: null }),
    });
  });

  it('refuses what cannot be a CDR, with the reason', () => {
    expect(readCdr([])).toEqual({ ok: false, reason: 'body is not a JSON object' });
    expect(readCdr({ SdkAppId: 1 })).toEqual({ ok: false, reason: expect.stringMatching(/SessionId/) });
    expect(readCdr({ SessionId: 's' })).toEqual({ ok: false, reason: expect.stringMatching(/SdkAppId/) });
    expect(readCdr({ SdkAppId: 1, SessionId: 'x'.repeat(129) })).toEqual({ ok: false, reason: expect.any(String) });
  });
});

describe('readRecording', () => {
  it('reads the record push and requires RecordId', () => {
    const read = readRecording({
      SdkAppId: 1,
      SessionId: 's',
      RecordId: 'r',
      RecordURL: 'https://x/r.mp3',
      Timestamp: 5,
    });
    expect(read).toEqual({
      ok: true,
      value: expect.objectContaining({ recordId: 'r', recordUrl: 'https://x/r.mp3', ts: 5 }),
    });
    expect(readRecording({ SdkAppId: 1, SessionId: 's' })).toEqual({ ok: false, reason: 'RecordId is missing' });
  });
});

describe('endStatusLabel', () => {
  it('says TCCC’s outcomes in Chinese and never guesses an unknown one', () => {
    expect(endStatusLabel('busy')).toBe('忙线');
    expect(endStatusLabel('notAnswer')).toBe('无人接听');
    expect(endStatusLabel('numberNotExist')).toBe('空号');
    expect(endStatusLabel('somethingNew')).toBe('其他');
    expect(endStatusLabel(null)).toBe('未知');
  });
});
