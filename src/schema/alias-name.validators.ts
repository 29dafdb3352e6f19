import { ValidateBy, type ValidationArguments } from 'class-validator';
import { ALIAS_NAME_REQUIREMENT, isAliasName } from '../runtime/alias-tags';

/** An alias name (src/runtime/alias-tags.ts): refused as BAD_USER_INPUT before any Lookout call. */
export function IsAliasName(): PropertyDecorator {
  return ValidateBy({
    name: 'isAliasName',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && isAliasName(value),
      defaultMessage: (args?: ValidationArguments) => `${args?.property} must be ${ALIAS_NAME_REQUIREMENT}.`,
    },
  });
}
