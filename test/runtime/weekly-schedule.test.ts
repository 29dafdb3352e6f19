import { describe, expect, it } from 'vitest';
import { decodeSchedule, encodeSchedule, policyFromTags, policyToTags, POLICY_TAGS } from '../../src/runtime/model-policy';
import { ScheduleError, canonicalTimeZone, isInsideWindow, localTime, type WeeklySchedule } from '../../src/runtime/weekly-schedule';

const WEEKDAYS_8_TO_18: WeeklySchedule = {
  timeZone: 'Europe/Berlin',
  windows: [{ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startMinute: 8 * 60, endMinute: 18 * 60 }],
};
const at = (iso: string) => new Date(iso);

describe('weekly schedule windows in a time zone', () => {
  it('opens at 08:00 Berlin time: 07:00 UTC in winter, 06:00 UTC in summer', () => {
    // Friday 27 March 2026 is CET (UTC+1).
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-03-27T06:59:00Z'))).toBe(false);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-03-27T07:00:00Z'))).toBe(true);
    // Clocks go forward on Sunday 29 March; Monday 30 March is CEST (UTC+2).
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-03-30T05:59:00Z'))).toBe(false);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-03-30T06:00:00Z'))).toBe(true);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-03-30T15:59:00Z'))).toBe(true);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-03-30T16:00:00Z'))).toBe(false);
  });

  it('closes at 18:00 Berlin time across the autumn change, and not on weekends', () => {
    // Friday 23 October 2026 is CEST; clocks go back on Sunday 25 October; Monday 26 October is CET.
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-10-23T15:59:00Z'))).toBe(true);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-10-23T16:00:00Z'))).toBe(false);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-10-24T10:00:00Z'))).toBe(false); // Saturday
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-10-26T16:59:00Z'))).toBe(true);
    expect(isInsideWindow(WEEKDAYS_8_TO_18, at('2026-10-26T17:00:00Z'))).toBe(false);
  });

  it('never opens a window at a local time the spring change skips, and counts a repeated hour once per occurrence', () => {
    const nightOfChange: WeeklySchedule = { timeZone: 'Europe/Berlin', windows: [{ days: ['SUN'], startMinute: 2 * 60 + 15, endMinute: 2 * 60 + 45 }] };
    // 29 March 2026 01:00 UTC jumps from 02:00 to 03:00 local: 02:15-02:45 does not occur.
    for (let minute = 0; minute < 24 * 60; minute += 5) {
      expect(isInsideWindow(nightOfChange, new Date(Date.UTC(2026, 2, 29, 0, minute)))).toBe(false);
    }
    // 25 October 2026: 02:15 local occurs twice (00:15 and 01:15 UTC); both are inside.
    expect(isInsideWindow(nightOfChange, at('2026-10-25T00:15:00Z'))).toBe(true);
    expect(isInsideWindow(nightOfChange, at('2026-10-25T01:15:00Z'))).toBe(true);
  });

  it('reads local weekday and minute in any IANA zone, across the date line', () => {
    expect(localTime('Pacific/Auckland', at('2026-07-01T20:30:00Z'))).toEqual({ day: 'THU', minute: 8 * 60 + 30 });
    expect(localTime('America/Los_Angeles', at('2026-07-01T02:00:00Z'))).toEqual({ day: 'TUE', minute: 19 * 60 });
    expect(localTime('UTC', at('2026-07-05T23:59:00Z'))).toEqual({ day: 'SUN', minute: 23 * 60 + 59 });
  });
});

describe('a time zone as stored', () => {
  it('is spelt as the time zone database spells it, and a current name is kept, not swapped for an older alias', () => {
    expect(canonicalTimeZone('utc')).toBe('UTC');
    expect(canonicalTimeZone('europe/berlin')).toBe('Europe/Berlin');
    // ICU's resolved name on Node 20 would be Asia/Calcutta and Europe/Kiev.
    expect(canonicalTimeZone('Asia/Kolkata')).toBe('Asia/Kolkata');
    expect(canonicalTimeZone('Europe/Kyiv')).toBe('Europe/Kyiv');
    expect(() => canonicalTimeZone('Mars/Olympus')).toThrow(ScheduleError);
  });
});

describe('the policy in tags', () => {
  it('round-trips a schedule through one tag value within Lookout\'s tag rules', () => {
    const schedule: WeeklySchedule = {
      timeZone: 'America/Argentina/Buenos_Aires',
      windows: [
        { days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startMinute: 8 * 60, endMinute: 18 * 60 },
        { days: ['SAT'], startMinute: 9 * 60, endMinute: 24 * 60 },
      ],
    };
    const value = encodeSchedule(schedule);
    expect(value).toBe('America/Argentina/Buenos_Aires MON+TUE+WED+THU+FRI@08:00-18:00 SAT@09:00-24:00');
    expect(decodeSchedule(value)).toEqual(schedule);
  });

  it('writes and removes the two tags, and reads them back', () => {
    expect(policyToTags({ idleStopMinutes: 30, schedule: null })).toEqual({
      set: [{ Key: POLICY_TAGS.idleStopMinutes, Value: '30' }],
      remove: [POLICY_TAGS.schedule],
    });
    const tags = [
      { Key: 'team', Value: 'line-3' },
      { Key: POLICY_TAGS.idleStopMinutes, Value: '45' },
      { Key: POLICY_TAGS.schedule, Value: 'UTC SUN@00:00-01:00' },
    ];
    expect(policyFromTags(tags)).toEqual({ idleStopMinutes: 45, schedule: { timeZone: 'UTC', windows: [{ days: ['SUN'], startMinute: 0, endMinute: 60 }] }, problems: [] });
  });

  it('ignores tags edited into nonsense, saying why', () => {
    const read = policyFromTags([
      { Key: POLICY_TAGS.idleStopMinutes, Value: 'soon' },
      { Key: POLICY_TAGS.schedule, Value: 'Mars/Olympus MON@08:00-18:00' },
    ]);
    expect(read.idleStopMinutes).toBeNull();
    expect(read.schedule).toBeNull();
    expect(read.problems).toHaveLength(2);
  });

  it.each([
    ['no window', 'UTC'],
    ['an unknown day', 'UTC FUN@08:00-09:00'],
    ['an end before its start', 'UTC MON@18:00-08:00'],
    ['a bad time', 'UTC MON@8:00-09:00'],
    ['an unknown zone', 'Nowhere/City MON@08:00-09:00'],
  ])('refuses a schedule with %s', (_case, value) => {
    expect(() => decodeSchedule(value)).toThrow(ScheduleError);
  });

  it('refuses a schedule too long for one tag', () => {
    const many: WeeklySchedule = { timeZone: 'America/Argentina/Buenos_Aires', windows: Array.from({ length: 9 }, () => ({ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startMinute: 0, endMinute: 60 })) };
    expect(() => encodeSchedule(many)).toThrow(/does not fit in one tag/);
  });
});
