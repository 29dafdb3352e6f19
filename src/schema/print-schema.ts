import { printSchema } from 'graphql';
import { buildGatewaySchema } from './build-schema';

const HEADER = '# Generated from the type-graphql classes in src/schema by `npm run schema`. Do not edit.\n\n';

/** The SDL committed as schema.graphql; a test fails when the two differ. */
export function gatewaySdl(): string {
  return `${HEADER}${printSchema(buildGatewaySchema())}\n`;
}
