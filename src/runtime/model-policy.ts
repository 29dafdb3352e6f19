import { LOOKOUT_RULES, satisfies } from '../lookout/constraints';
import { WEEKDAYS, checkSchedule, formatTimeOfDay, parseTimeOfDay, ScheduleError, type Day, type WeeklySchedule } from './weekly-schedule';

/** How the gateway runs a model by itself. */
export interface ModelPolicy {
  idleStopMinutes: number | null;
  schedule: WeeklySchedule | null;
}

export const NO_POLICY: ModelPolicy = { idleStopMinutes: null, schedule: null };

/**
 * The policy lives in the model's own tags, so it travels with the model and
 * every gateway replica (and anyone with the AWS CLI) reads the same one.
 * Tag values allow letters, digits, spaces and `_ . : / = + - @`, at most
 * 256 characters, so a schedule is written as
 * `Europe/Berlin MON+TUE+WED+THU+FRI@08:00-18:00 SAT@09:00-12:00`.
 */
export const POLICY_TAGS = {
  idleStopMinutes: 'lookout-gateway:idle-stop-minutes',
  schedule: 'lookout-gateway:schedule',
} as const;

export function isPolicyTag(key: string): boolean {
  return key === POLICY_TAGS.idleStopMinutes || key === POLICY_TAGS.schedule;
}

/** The policy's tags; a part that is null has no tag (it is removed). */
export function policyToTags(policy: ModelPolicy): { set: { Key: string; Value: string }[]; remove: string[] } {
  const set: { Key: string; Value: string }[] = [];
  const remove: string[] = [];
  if (policy.idleStopMinutes === null) remove.push(POLICY_TAGS.idleStopMinutes);
  else set.push({ Key: POLICY_TAGS.idleStopMinutes, Value: String(policy.idleStopMinutes) });
  if (policy.schedule === null) remove.push(POLICY_TAGS.schedule);
  else set.push({ Key: POLICY_TAGS.schedule, Value: encodeSchedule(policy.schedule) });
  return { set, remove };
}

/** The policy in a model's tags; a tag someone edited into nonsense counts as absent (and `problems` says so). */
export function policyFromTags(tags: { Key?: string; Value?: string }[]): ModelPolicy & { problems: string[] } {
  const value = (key: string) => tags.find((t) => t.Key === key)?.Value;
  const problems: string[] = [];
  const idle = value(POLICY_TAGS.idleStopMinutes);
  let idleStopMinutes: number | null = null;
  if (idle !== undefined) {
    if (/^[1-9][0-9]{0,5}$/.test(idle)) idleStopMinutes = Number(idle);
    else problems.push(`${POLICY_TAGS.idleStopMinutes} is "${idle}", not a number of minutes`);
  }
  let schedule: WeeklySchedule | null = null;
  const encoded = value(POLICY_TAGS.schedule);
  if (encoded !== undefined) {
    try {
      schedule = decodeSchedule(encoded);
    } catch (error) {
      problems.push(`${POLICY_TAGS.schedule}: ${(error as Error).message}`);
    }
  }
  return { idleStopMinutes, schedule, problems };
}

export function encodeSchedule(schedule: WeeklySchedule): string {
  const windows = schedule.windows.map((w) => `${w.days.join('+')}@${formatTimeOfDay(w.startMinute)}-${formatTimeOfDay(w.endMinute)}`);
  const value = [schedule.timeZone, ...windows].join(' ');
  if (!satisfies(value, LOOKOUT_RULES.tagValue)) {
    throw new ScheduleError(`The schedule does not fit in one tag (${[...value].length} characters, at most ${LOOKOUT_RULES.tagValue.max}); use fewer windows.`);
  }
  return value;
}

export function decodeSchedule(value: string): WeeklySchedule {
  const [timeZone, ...parts] = value.trim().split(/\s+/);
  const windows = parts.map((part) => {
    const match = /^([A-Z+]+)@(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(part);
    if (!match) throw new ScheduleError(`"${part}" is not DAYS@HH:MM-HH:MM`);
    const days = match[1].split('+');
    for (const day of days) if (!(WEEKDAYS as readonly string[]).includes(day)) throw new ScheduleError(`"${day}" is not a weekday`);
    return { days: days as Day[], startMinute: parseTimeOfDay(match[2], 'start'), endMinute: parseTimeOfDay(match[3], 'end') };
  });
  const schedule = { timeZone: timeZone ?? '', windows };
  checkSchedule(schedule);
  return schedule;
}
