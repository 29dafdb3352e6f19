import { DateTimeResolver } from 'graphql-scalars';
import { GraphQLUpload } from 'graphql-upload-minimal';

/** `scalar DateTime`: RFC 3339 timestamps, named as the contract names them. */
export const DateTimeScalar = DateTimeResolver;

/** `scalar Upload`: a file sent through the GraphQL multipart request spec. */
export const UploadScalar = GraphQLUpload;

export type { FileUpload } from 'graphql-upload-minimal';
