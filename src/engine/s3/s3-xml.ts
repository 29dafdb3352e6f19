import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { malformedXml } from './s3-error';

const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

/**
 * XML text: the five markup characters, and the control characters XML 1.0
 * cannot carry as themselves (S3 sends them as character references too).
 * `\r` is escaped so that a parser's line-end normalisation keeps it.
 */
export function escapeXml(text: string): string {
  let escaped = '';
  for (const c of text) {
    const code = c.charCodeAt(0);
    const markup = MARKUP.get(c);
    if (markup !== undefined) escaped += markup;
    else if (code < 0x20 && c !== '\t' && c !== '\n') escaped += `&#${code};`;
    else escaped += c;
  }
  return escaped;
}

const MARKUP = new Map([
  ['&', '&amp;'],
  ['<', '&lt;'],
  ['>', '&gt;'],
  ['"', '&quot;'],
  ["'", '&apos;'],
]);

/** `<name>text</name>`, or nothing when the value is absent. */
export function xmlText(name: string, value: string | number | boolean | undefined | null): string {
  return value === undefined || value === null ? '' : `<${name}>${escapeXml(String(value))}</${name}>`;
}

/** `<name>children</name>` from elements already built. */
export function xmlElement(name: string, children: string[]): string {
  return `<${name}>${children.join('')}</${name}>`;
}

/** A whole S3 answer document. */
export function xmlDocument(root: string, children: string[], namespaced = true): string {
  const open = namespaced ? `<${root} xmlns="${S3_NAMESPACE}">` : `<${root}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${open}${children.join('')}</${root}>`;
}

export type XmlValue = string | XmlObject | XmlValue[];
export interface XmlObject {
  [name: string]: XmlValue;
}

/**
 * Parses a request body S3 takes as XML (DeleteObjects, CompleteMultipartUpload,
 * CreateBucket) into plain objects, text kept as sent (no trimming, no
 * numbers): an object key may start or end with spaces. Elements named in
 * `repeated` are always arrays. A DTD is refused outright, as S3 refuses it:
 * no entity of the client's own is ever expanded.
 */
export function parseXmlBody(body: Buffer, root: string, repeated: readonly string[]): XmlObject {
  const text = body.toString('utf8');
  if (/<!DOCTYPE|<!ENTITY/i.test(text) || XMLValidator.validate(text) !== true) throw malformedXml();
  const parser = new XMLParser({
    ignoreAttributes: true,
    removeNSPrefix: true,
    parseTagValue: false,
    trimValues: false,
    // Numeric character references (&#13;) as well as XML's five named ones.
    htmlEntities: true,
    isArray: (name) => repeated.includes(name),
  });
  const parsed = parser.parse(text) as XmlObject;
  const document = parsed[root];
  if (document === undefined || typeof document !== 'object' || Array.isArray(document)) {
    if (document === '') return {};
    throw malformedXml();
  }
  return document;
}

/** The text of a child element, or undefined when it is absent or not text. */
export function childText(node: XmlObject, name: string): string | undefined {
  const value = node[name];
  return typeof value === 'string' ? value : undefined;
}

/** The child elements named `name`; one that holds only text (or nothing) counts as empty. */
export function childObjects(node: XmlObject, name: string): XmlObject[] {
  const value = node[name];
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map((v) => (typeof v === 'object' && !Array.isArray(v) ? v : {}));
}
