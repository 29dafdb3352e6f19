import { badInput } from './gateway-error';

/*
 * The Lookout API's own input rules, checked before any SDK call so a bad
 * argument costs no round trip and is reported against the argument's name.
 */

const PROJECT_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;
const MODEL_VERSION = /^([1-9][0-9]*|latest)$/;
const CLIENT_TOKEN = /^[a-zA-Z0-9-]+$/;

export function validateProjectName(name: string, argument = 'project'): void {
  if (name.length < 1 || name.length > 255 || !PROJECT_NAME.test(name)) {
    throw badInput(argument, `${argument} must be 1-255 characters of letters, digits, '_' or '-', starting with a letter or digit.`);
  }
}

export function validateModelVersion(version: string, argument = 'version'): void {
  if (version.length > 10 || !MODEL_VERSION.test(version)) {
    throw badInput(argument, `${argument} must be a positive integer without leading zeros, or "latest".`);
  }
}

export function validateClientToken(token: string | null | undefined): void {
  if (token == null) return;
  if (token.length < 1 || token.length > 64 || !CLIENT_TOKEN.test(token)) {
    throw badInput('clientToken', 'clientToken must be 1-64 characters of letters, digits or \'-\'.');
  }
}

export function validateInferenceUnits(min: number, max: number | null | undefined): void {
  if (!Number.isInteger(min) || min < 1) {
    throw badInput('minInferenceUnits', 'minInferenceUnits must be an integer of at least 1.');
  }
  if (max != null && (!Number.isInteger(max) || max < min)) {
    throw badInput('maxInferenceUnits', 'maxInferenceUnits must be an integer no smaller than minInferenceUnits.');
  }
}
