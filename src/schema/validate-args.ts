import { validate, type ValidationError } from 'class-validator';
import type { ValidatorFn } from 'type-graphql';
import { badInput } from '../services/gateway-error';

/**
 * The schema's `validateFn`: runs the class-validator decorators of an args
 * class before its resolver, and answers a failure the way the gateway
 * always has, BAD_USER_INPUT with `extensions.argument` and one message,
 * rather than type-graphql's generic "Argument Validation Error" carrying
 * class-validator's raw report.
 */
export const validateArgs: ValidatorFn = async (argValue, _argType, { info }) => {
  // Bare scalar arguments carry no decorators; every checked argument lives in an args class.
  if (argValue === null || typeof argValue !== 'object') return;
  const failures = await validate(argValue, { forbidUnknownValues: false });
  if (failures.length === 0) return;
  const declared = info.parentType.getFields()[info.fieldName].args.map((arg) => arg.name);
  const first = firstInDeclaredOrder(failures, declared);
  throw badInput(first.property, Object.values(first.constraints ?? {})[0] ?? `${first.property} is not valid.`);
};

/**
 * class-validator reports a subclass's own properties before inherited ones;
 * blaming the first failing argument as the field declares them keeps the
 * answer the same whichever class an argument comes from.
 */
function firstInDeclaredOrder(failures: ValidationError[], declared: string[]): ValidationError {
  const position = (failure: ValidationError) => {
    const index = declared.indexOf(failure.property);
    return index === -1 ? declared.length : index;
  };
  return [...failures].sort((a, b) => position(a) - position(b))[0];
}
