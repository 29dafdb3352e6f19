import { ArrayMaxSize, ArrayMinSize, IsOptional, Matches, Max, Min } from 'class-validator';
import { ArgsType, Field, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ModelRefArgs } from './model.args';

export enum Weekday {
  MON = 'MON',
  TUE = 'TUE',
  WED = 'WED',
  THU = 'THU',
  FRI = 'FRI',
  SAT = 'SAT',
  SUN = 'SUN',
}

registerEnumType(Weekday, { name: 'Weekday', description: 'A day of the week, in the schedule\'s time zone.' });

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):[0-5][0-9]$|^24:00$/;

@ObjectType({ description: 'Weekly hours, in a time zone, during which a model is kept hosted.' })
export class ScheduleWindow {
  @Field(() => [Weekday]) days!: Weekday[];
  @Field({ description: 'Local time the window opens, HH:MM.' }) start!: string;
  @Field({ description: 'Local time the window closes, HH:MM (24:00 for midnight), after start.' }) end!: string;
}

@ObjectType({ description: 'When the gateway keeps a model hosted: inside a window it starts it, outside every window it stops it.' })
export class Schedule {
  @Field({ description: 'An IANA time zone, e.g. Europe/Berlin; windows follow its daylight saving time.' }) timeZone!: string;
  @Field(() => [ScheduleWindow]) windows!: ScheduleWindow[];
}

@ObjectType({ description: 'How the gateway runs a model by itself. Kept as tags on the model, so every gateway reads the same policy.' })
export class ModelPolicy {
  @Field(() => Int, { nullable: true, description: 'Stop the hosted model after this many minutes without a detectAnomalies call (outside schedule windows).' })
  idleStopMinutes!: number | null;
  @Field(() => Schedule, { nullable: true }) schedule!: Schedule | null;
}

@InputType({ description: 'Weekly hours, e.g. MON-FRI 08:00-18:00.' })
export class ScheduleWindowInput {
  @Field(() => [Weekday])
  @ArrayMinSize(1, { message: 'A schedule window needs at least one day.' })
  days!: Weekday[];

  @Field({ description: 'HH:MM, local time.' })
  @Matches(TIME_OF_DAY, { message: 'A window\'s start must be HH:MM.' })
  start!: string;

  @Field({ description: 'HH:MM, local time, after start (24:00 for midnight).' })
  @Matches(TIME_OF_DAY, { message: 'A window\'s end must be HH:MM.' })
  end!: string;
}

@InputType({ description: 'Weekly windows in an IANA time zone.' })
export class ScheduleInput {
  @Field({ description: 'An IANA time zone, e.g. Europe/Berlin.' }) timeZone!: string;

  @Field(() => [ScheduleWindowInput])
  @ArrayMinSize(1, { message: 'A schedule needs at least one window.' })
  @ArrayMaxSize(7, { message: 'A schedule has at most 7 windows (it is kept in one tag of 256 characters).' })
  windows!: ScheduleWindowInput[];
}

export const MAX_IDLE_STOP_MINUTES = 7 * 24 * 60;

@ArgsType()
export class SetModelPolicyArgs extends ModelRefArgs {
  @Field(() => Int, { nullable: true, description: `Minutes without a detection before the gateway stops the hosted model (1-${MAX_IDLE_STOP_MINUTES}); null: never.` })
  @IsOptional()
  @Min(1, { message: `idleStopMinutes must be from 1 to ${MAX_IDLE_STOP_MINUTES}.` })
  @Max(MAX_IDLE_STOP_MINUTES, { message: `idleStopMinutes must be from 1 to ${MAX_IDLE_STOP_MINUTES}.` })
  idleStopMinutes?: number | null;

  @Field(() => ScheduleInput, { nullable: true, description: 'null: no schedule.' })
  @IsOptional()
  schedule?: ScheduleInput | null;
}
