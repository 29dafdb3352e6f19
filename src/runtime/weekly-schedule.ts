/** Days as the tag encoding and Intl's short English names write them. */
export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export type Day = (typeof WEEKDAYS)[number];

export interface Window {
  days: Day[];
  /** Minutes after local midnight. */
  startMinute: number;
  /** Minutes after local midnight, after start; 1440 is midnight at the day's end. */
  endMinute: number;
}

export interface WeeklySchedule {
  timeZone: string;
  windows: Window[];
}

/** A schedule that breaks a rule; the message names it for the client. */
export class ScheduleError extends Error {}

/**
 * Weekly windows in an IANA time zone. A window is local wall-clock time, so
 * "08:00-18:00" stays 08:00-18:00 in Berlin across daylight saving changes
 * (06:00-16:00 UTC in summer, 07:00-17:00 in winter). Times that do not
 * exist locally (02:30 on the spring-forward night) simply never occur;
 * repeated ones (the fall-back hour) are inside a window if either is.
 */
export function isInsideWindow(schedule: WeeklySchedule, at: Date): boolean {
  const { day, minute } = localTime(schedule.timeZone, at);
  return schedule.windows.some((w) => w.days.includes(day) && minute >= w.startMinute && minute < w.endMinute);
}

/** The local weekday and minute of the day of an instant in a time zone. */
export function localTime(timeZone: string, at: Date): { day: Day; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const day = part('weekday').toUpperCase() as Day;
  return { day, minute: Number(part('hour')) * 60 + Number(part('minute')) };
}

export function checkTimeZone(timeZone: string): void {
  try {
    formatterFor(timeZone);
  } catch {
    throw new ScheduleError(`${timeZone} is not an IANA time zone (e.g. Europe/Berlin, America/New_York, UTC).`);
  }
}

/**
 * The zone spelt as the time zone database spells it when it was given in
 * another case ("utc" is UTC, "europe/berlin" Europe/Berlin), so a policy
 * stores and shows one name for it; otherwise as given. Not ICU's resolved
 * name: that swaps current names for older aliases (Asia/Kolkata for
 * Asia/Calcutta on Node 20), and differently from one Node to the next.
 */
export function canonicalTimeZone(timeZone: string): string {
  checkTimeZone(timeZone);
  return zoneNamesByLowerCase().get(timeZone.toLowerCase()) ?? timeZone;
}

let zoneNames: Map<string, string> | undefined;

function zoneNamesByLowerCase(): Map<string, string> {
  return (zoneNames ??= new Map(['UTC', ...Intl.supportedValuesOf('timeZone')].map((name) => [name.toLowerCase(), name])));
}

export function parseTimeOfDay(text: string, what: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(text);
  const minute = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minute > 24 * 60) throw new ScheduleError(`${what} must be HH:MM from 00:00 to 24:00, not "${text}".`);
  return minute;
}

export function formatTimeOfDay(minute: number): string {
  return `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
}

/** Checks a schedule's rules: a real time zone, days in each window, start before end. */
export function checkSchedule(schedule: WeeklySchedule): void {
  checkTimeZone(schedule.timeZone);
  if (schedule.windows.length === 0) throw new ScheduleError('A schedule needs at least one window.');
  for (const window of schedule.windows) {
    if (window.days.length === 0) throw new ScheduleError('A schedule window needs at least one day.');
    if (window.endMinute <= window.startMinute) {
      throw new ScheduleError(
        `A window must end after it starts (${formatTimeOfDay(window.startMinute)}-${formatTimeOfDay(window.endMinute)}); split one across midnight into two.`,
      );
    }
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}
