// STUB until the gazetteer lands: finds the municipality a post names or implies.
import type { Evidence, LocationCode } from '@cur/shared/contracts/index';

export interface LocateVerdict {
  location: LocationCode;
  evidence: Evidence;
}

export function locate(text: string): LocateVerdict {
  return { location: 'unknown', evidence: { step: 'location', value: 'unknown', matched: [], rule: 'stub' } };
}
