import { ValidateBy, type ValidationArguments } from 'class-validator';
import { LOOKOUT_RULES, satisfies, type StringRule } from '../lookout/constraints';
import { isAliasName } from '../runtime/alias-tags';

/*
 * Lookout's own input rules (src/lookout/constraints.ts) as class-validator
 * decorators for the args classes, so a bad argument is refused before any
 * Lookout call and reported against its name. Messages start with the
 * argument's name, which is the property's name in every args class.
 */

/** A string argument that must satisfy one of Lookout's `StringRule`s; `requirement` says it in words. */
export function FollowsLookoutRule(rule: StringRule, requirement: string): PropertyDecorator {
  return ValidateBy({
    name: 'followsLookoutRule',
    constraints: [rule],
    validator: {
      validate: (value: unknown) => typeof value === 'string' && satisfies(value, rule),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must be ${requirement}.`,
    },
  });
}

const { projectName, modelVersion, clientToken } = LOOKOUT_RULES;

export const IsProjectName = () =>
  FollowsLookoutRule(projectName, `${projectName.min}-${projectName.max} characters of letters, digits, '_' or '-', starting with a letter or digit`);

/** A version Lookout takes, or an alias name the gateway turns into one (src/runtime/alias-tags.ts). */
export const IsModelVersion = () =>
  ValidateBy({
    name: 'isModelVersionOrAlias',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && (satisfies(value, modelVersion) || isAliasName(value)),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must be a positive integer without leading zeros, "latest", or an alias name.`,
    },
  });

export const IsClientToken = () => FollowsLookoutRule(clientToken, `${clientToken.min}-${clientToken.max} characters of letters, digits or '-'`);

/**
 * A number no smaller than another property of the same args object: the
 * one rule that spans two arguments (maxInferenceUnits >= minInferenceUnits).
 */
export function NotBelow(otherProperty: string): PropertyDecorator {
  return ValidateBy({
    name: 'notBelow',
    constraints: [otherProperty],
    validator: {
      validate: (value: unknown, args?: ValidationArguments) => {
        const floor = (args?.object as Record<string, unknown> | undefined)?.[otherProperty];
        return typeof value === 'number' && typeof floor === 'number' && value >= floor;
      },
      defaultMessage: (args?: ValidationArguments) =>
        typeof (args?.object as Record<string, unknown> | undefined)?.[otherProperty] === 'number'
          ? `${args?.property} must be an integer no smaller than ${otherProperty}.`
          : `${args?.property} needs ${otherProperty} as well.`,
    },
  });
}
