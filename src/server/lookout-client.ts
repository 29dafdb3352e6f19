import { LookoutVisionClient } from '@aws-sdk/client-lookoutvision';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentity } from '@smithy/types';

export interface LookoutClientOptions {
  region: string;
  /** A Lookout-compatible endpoint; AWS's own regional endpoint when absent. */
  endpoint?: string;
  /** Credentials for this endpoint (the embedded engine's own); the environment's when absent. */
  credentials?: AwsCredentialIdentity;
  /** Past this a call is logged as slow by the SDK (its deadlines are the gateway's own: UPSTREAM_*_TIMEOUT_MS). */
  requestTimeoutMs?: number;
}

/**
 * Credentials signed into requests to a custom endpoint when the environment
 * names none. An engine started without a credentials file accepts any
 * signature, and a developer running it locally should not need an AWS
 * profile, nor wait for the default chain to give up probing the EC2
 * metadata service.
 */
const LOCAL_CREDENTIALS: AwsCredentialIdentity = { accessKeyId: 'local', secretAccessKey: 'local' };

export function createLookoutClient(options: LookoutClientOptions, env: NodeJS.ProcessEnv = process.env): LookoutVisionClient {
  return new LookoutVisionClient({
    region: options.region,
    endpoint: options.endpoint,
    credentials: options.credentials ?? defaultCredentials(options.endpoint, env),
    maxAttempts: 3,
    // A connection that cannot be made fails fast; a stalled call is cut by the gateway's deadlines (LookoutApi).
    requestHandler: { connectionTimeout: 3_000, requestTimeout: options.requestTimeoutMs ?? 60_000 },
  });
}

function defaultCredentials(endpoint: string | undefined, env: NodeJS.ProcessEnv) {
  const namesCredentials = Boolean(env.AWS_ACCESS_KEY_ID || env.AWS_PROFILE || env.AWS_WEB_IDENTITY_TOKEN_FILE);
  return endpoint && !namesCredentials ? LOCAL_CREDENTIALS : fromNodeProviderChain();
}
