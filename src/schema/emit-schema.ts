import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gatewaySdl } from './print-schema';

const target = resolve(__dirname, '../../schema.graphql');
writeFileSync(target, gatewaySdl());
console.log(`wrote ${target}`);
