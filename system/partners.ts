/** The partner services the system runs, each on its own port. */
import type Koa from 'koa';
import type { PartnerDeps } from '../partners/deps.js';
import type { Config } from './config.js';
import { nexacoreService } from '../partners/nexacore/index.js';
import { codecraftersService } from '../partners/codecrafters/index.js';
import { scoresquadService } from '../partners/scoresquad/index.js';

export type PartnerName = 'nexacore' | 'codecrafters' | 'scoresquad';

export interface PartnerService {
  name: PartnerName;
  title: string;
  port(config: Config): number;
  create(deps: PartnerDeps): Koa<any, any>;
}

export const partnerServices: readonly PartnerService[] = [nexacoreService, codecraftersService, scoresquadService];
