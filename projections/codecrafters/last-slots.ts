/**
 * Per user, the documents their last minute went to (a slot). The next minutes of that user
 * mostly go to the same ones (same days, same organization), so they are found without building
 * a key or looking one up; a minute on another day or organization opens a new slot.
 */
import type { ActivityData } from '../../write/codecrafters/events.js';

interface Kept<Slot> {
  userDate: string;
  organizationId: string;
  orgDate: string;
  slot: Slot;
}

export class LastSlots<Slot> {
  private readonly kept = new Map<number, Kept<Slot>>();
  private readonly open: (data: ActivityData) => Slot;

  constructor(open: (data: ActivityData) => Slot) {
    this.open = open;
  }

  of(data: ActivityData): Slot {
    const { user_id, user_date, organization_id, org_date } = data;
    const known = this.kept.get(user_id);
    if (known && known.userDate === user_date && known.organizationId === organization_id && known.orgDate === org_date)
      return known.slot;
    const slot = this.open(data);
    this.kept.set(user_id, { userDate: user_date, organizationId: organization_id, orgDate: org_date, slot });
    return slot;
  }
}
