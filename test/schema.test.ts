import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gatewaySdl } from '../src/schema/print-schema';

describe('schema.graphql', () => {
  it('matches the SDL the code emits (run `npm run schema` after changing a type)', () => {
    const committed = readFileSync(resolve(__dirname, '../schema.graphql'), 'utf8');
    expect(gatewaySdl()).toBe(committed);
  });

  it('keeps the contract the issue binds: root fields and their arguments', () => {
    const sdl = gatewaySdl();
    for (const field of [
      'projects: [Project!]!',
      'project(name: String!): Project',
      'modelVersions(project: String!): [ModelVersion!]!',
      'scalar Upload',
      'scalar DateTime',
    ]) {
      expect(sdl).toContain(field);
    }
    expect(sdl).toMatch(/minInferenceUnits: Int! = 1/);
    // Nullable, so that one refused image of a request's aliased detections leaves the others their results.
    expect(sdl).toMatch(/detectAnomalies\([\s\S]*file: Upload!\s*\): DetectAnomalyResult\n/);
  });
});
