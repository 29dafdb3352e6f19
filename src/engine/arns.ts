export interface ArnScope {
  region: string;
  account: string;
}

export type ParsedArn = { kind: 'project'; project: string } | { kind: 'model'; project: string; version: string };

/** ARNs in Lookout's format, for the engine's configured region and account. */
export class Arns {
  private readonly prefix: string;

  constructor(private readonly scope: ArnScope) {
    this.prefix = `arn:aws:lookoutvision:${scope.region}:${scope.account}:`;
  }

  /** The Greengrass component version a model packaging job makes, as AWS IoT Greengrass names it. */
  componentVersion(name: string, version: string): string {
    return `arn:aws:greengrass:${this.scope.region}:${this.scope.account}:components:${name}:versions:${version}`;
  }

  project(name: string): string {
    return `${this.prefix}project/${name}`;
  }

  model(project: string, version: string): string {
    return `${this.prefix}model/${project}/${version}`;
  }

  /** The resource an ARN of this engine names, or null for any other ARN. */
  parse(arn: string): ParsedArn | null {
    if (!arn.startsWith(this.prefix)) return null;
    const parts = arn.slice(this.prefix.length).split('/');
    if (parts[0] === 'project' && parts.length === 2 && parts[1]) return { kind: 'project', project: parts[1] };
    if (parts[0] === 'model' && parts.length === 3 && parts[1] && parts[2]) return { kind: 'model', project: parts[1], version: parts[2] };
    return null;
  }
}
