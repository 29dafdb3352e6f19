import { Field, ObjectType, registerEnumType } from 'type-graphql';

/** The gateway's roles (src/auth/roles.ts), each including the ones before it. */
export enum CallerRole {
  VIEWER = 'viewer',
  INFERENCE = 'inference',
  ADMIN = 'admin',
}

export enum CredentialKind {
  API_KEY = 'api-key',
  JWT = 'jwt',
  DEVELOPMENT = 'development',
}

registerEnumType(CallerRole, {
  name: 'Role',
  description: 'What a caller may do: a VIEWER reads, INFERENCE also runs detectAnomalies, an ADMIN may do everything.',
});
registerEnumType(CredentialKind, {
  name: 'CredentialKind',
  description: 'How the caller proved who it is: an API key, a JWT, or nothing (development mode, where every caller is an admin).',
});

@ObjectType({ description: 'Who is calling, as the gateway sees the credentials sent; never the secret itself.' })
export class Viewer {
  @Field({ description: 'The API key\'s name, the JWT subject, or "development".' }) name!: string;
  @Field(() => CallerRole) role!: CallerRole;
  @Field(() => CredentialKind) credential!: CredentialKind;
  @Field({ description: 'True when the gateway has no keys and no JWT configured: every caller is an admin.' }) developmentMode!: boolean;
}
