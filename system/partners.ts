/** The partner services the system runs, each on its own port. */
import type Koa from 'koa';
import type { PartnerDeps } from '../partners/deps.js';
import type { Config } from './config.js';

export type PartnerName = 'nexacore' | 'codecrafters' | 'scoresquad';

export interface PartnerService {
  name: PartnerName;
  title: string;
  port(config: Config): number;
  create(deps: PartnerDeps): Koa<any, any>;
}

export const partnerServices: readonly PartnerService[] = [];
