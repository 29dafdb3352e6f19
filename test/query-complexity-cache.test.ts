import type { GraphQLRequestContextDidResolveOperation, GraphQLRequestListener } from '@apollo/server';
import { GraphQLError, parse, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { Upload } from 'graphql-upload-minimal';
import { describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../src/schema/build-schema';
import { operationCost, queryComplexityPlugin } from '../src/server/query-complexity';
// Loaded for its effect: it gives Upload a toJSON naming the file, which a cache key must look past.
import '../src/server/upload-middleware';

// The plugin keeps each cost with its document: the same answer as working it
// out afresh, told apart by operation and variables, never by a file's name.
const schema = buildGatewaySchema();
const STATUS = parse('query Status($version: String!) { modelStatus(project: "line-9", version: $version) { ready } }');

/** What the plugin decides for one request: the cost it refused with, or null when it let the operation run. */
async function refusedCost(plugin: ReturnType<typeof queryComplexityPlugin>, document: DocumentNode, variables: Record<string, unknown>): Promise<number | null> {
  const listener = (await plugin.requestDidStart!({} as never)) as GraphQLRequestListener<never>;
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const context = { request: { variables, operationName: operation.name?.value }, document, operation } as unknown as GraphQLRequestContextDidResolveOperation<never>;
  try {
    await listener.didResolveOperation!(context);
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.extensions.code !== 'QUERY_TOO_COMPLEX') throw error;
    return error.extensions.complexity as number;
  }
}

describe('the query cost, kept with the document', () => {
  it('answers what a fresh estimate answers, for each set of variables, asked again in any order', async () => {
    const plugin = queryComplexityPlugin(schema, 0); // every cost refused, so the plugin says what it found
    const fresh = (version: string) => operationCost(schema, STATUS, 'Status', { version });
    expect(fresh('production')).toBeGreaterThan(fresh('1')); // an alias costs its read: variables matter
    for (const version of ['1', 'production', '1', 'production', 'latest']) {
      expect(await refusedCost(plugin, STATUS, { version })).toBe(fresh(version));
    }
  });

  it('works a cost out once per document, operation and variables, and lets an operation under the limit run', async () => {
    let estimates = 0;
    const plugin = queryComplexityPlugin(schema, 1_000, (...args) => (estimates++, operationCost(...args)));
    for (let i = 0; i < 3; i++) expect(await refusedCost(plugin, STATUS, { version: '1' })).toBeNull();
    expect(estimates).toBe(1);
    await refusedCost(plugin, STATUS, { version: 'production' });
    expect(estimates).toBe(2);
    // Long variables are costed every time rather than kept as a key.
    for (let i = 0; i < 2; i++) await refusedCost(plugin, STATUS, { version: '1', unused: 'x'.repeat(5_000) });
    expect(estimates).toBe(4);
  });

  it('counts a file variable the same whatever the file, and still checks variables it has not seen', async () => {
    const detect = parse('mutation Detect($file: Upload!, $version: String!) { detectAnomalies(project: "line-9", version: $version, file: $file) { isAnomalous } }');
    let estimates = 0;
    const plugin = queryComplexityPlugin(schema, 0, (...args) => (estimates++, operationCost(...args)));
    const upload = (filename: string) => Object.assign(new Upload(), { file: { filename, mimetype: 'image/png', encoding: '7bit' } });
    const first = await refusedCost(plugin, detect, { file: upload('a.png'), version: '1' });
    expect(first).toBe(operationCost(schema, detect, 'Detect', { file: upload('a.png'), version: '1' }));
    expect(await refusedCost(plugin, detect, { file: upload('b.png'), version: '1' })).toBe(first);
    expect(estimates).toBe(1);
    // Variables of the wrong type are left to execution's own 400, as before: no cost, no throw.
    expect(await refusedCost(plugin, detect, { file: upload('c.png'), version: 7 })).toBeNull();
  });
});
