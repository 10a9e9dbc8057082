/**
 * `lab_profiles`: a lab for every Atlas organization. Two sources create it: Atlas's
 * `OrganizationCreated` and NexaCore's on-demand `LabProfileCreated`. Both carry the same facts and
 * both write them with `$setOnInsert` into the document keyed by the organization id, so there is
 * exactly one profile whichever comes first (in practice the organization's event, which is always
 * earlier in the log). Edits only change an existing document: the commands that append them
 * check the organization first, so its creation is earlier in the log.
 */
import type { Projection } from '../projection.js';
import type { StoredEvent } from '../../stores/events/port.js';
import type { WriteOp } from '../../stores/reads/port.js';
import { labProfileId } from '../../write/nexacore/ids.js';
import { defaultLabName } from '../../write/nexacore/lab.js';
import { OrganizationCreated, OrganizationRenamed } from '../../write/atlas/events.js';
import { LabDomainChanged, LabProfileCreated, LabRenamed } from '../../write/nexacore/events.js';
import { eventReader } from '../event-reader.js';
import { NEXACORE_COLLECTIONS, type LabProfileDoc } from './models.js';

const labs = NEXACORE_COLLECTIONS.labProfiles;
const read = eventReader(OrganizationCreated, OrganizationRenamed, LabProfileCreated, LabRenamed, LabDomainChanged);

interface LabFacts {
  organization_id: string;
  lab_name: string;
  organization_name: string;
  personal: boolean;
  timezone: string;
  created_at: string;
}

function created(facts: LabFacts): WriteOp {
  const fields: Omit<LabProfileDoc, '_id'> = {
    id: labProfileId(facts.organization_id),
    ...facts,
    domain: null,
    custom_name: false,
    updated_at: null,
  };
  return {
    kind: 'update',
    collection: labs,
    filter: { _id: facts.organization_id },
    update: { $setOnInsert: fields },
    upsert: true,
  };
}

const change = (filter: Record<string, unknown>, set: Partial<LabProfileDoc>): WriteOp => ({
  kind: 'update',
  collection: labs,
  filter,
  update: { $set: set },
});

export function projectLabs(stored: StoredEvent): WriteOp[] {
  const event = read(stored);
  switch (event?.type) {
    case 'atlas.OrganizationCreated': {
      const { organization_id, name, personal, timezone, created_at } = event.data;
      return [
        created({
          organization_id,
          lab_name: defaultLabName({ name, personal }),
          organization_name: name,
          personal,
          timezone: timezone ?? 'UTC',
          created_at,
        }),
      ];
    }
    case 'atlas.OrganizationRenamed': {
      // The event does not say whether the organization is personal: one write for each case,
      // and each applies only to a lab whose name still follows its organization.
      const { organization_id: _id, name } = event.data;
      return [
        change({ _id }, { organization_name: name }),
        change({ _id, custom_name: false, personal: true }, { lab_name: defaultLabName({ name, personal: true }) }),
        change({ _id, custom_name: false, personal: false }, { lab_name: name }),
      ];
    }
    case 'nexacore.LabProfileCreated': {
      const { organization_id, lab_name, organization_name, personal, timezone, created_at } = event.data;
      return [created({ organization_id, lab_name, organization_name, personal, timezone, created_at })];
    }
    case 'nexacore.LabRenamed': {
      const { organization_id: _id, lab_name, renamed_at } = event.data;
      return [change({ _id }, { lab_name, custom_name: true, updated_at: renamed_at })];
    }
    case 'nexacore.LabDomainChanged': {
      const { organization_id: _id, domain, changed_at } = event.data;
      return [change({ _id }, { domain, updated_at: changed_at })];
    }
    default:
      return [];
  }
}

export const labsProjection: Projection = {
  name: 'nexacore_labs',
  version: 1,
  collections: { [labs]: { indexes: [{ keys: { id: 1 }, unique: true }] } },
  project: projectLabs,
};
