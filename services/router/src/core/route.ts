// STUB until the routing rules land: picks the responsible authority and co-executors.
import type { AbuseCode, AuthorityCode, Evidence, Importance, LocationCode, TopicCode } from '@cur/shared/contracts/index';

export interface RouteInput {
  text: string;
  topic: TopicCode;
  location: LocationCode;
  importance: Importance;
  abuse: AbuseCode;
  isSpam: boolean;
}

export interface RouteDecision {
  needsResponse: boolean;
  authorities: AuthorityCode[];
  evidence: Evidence[];
}

export function route(input: RouteInput): RouteDecision {
  const needsResponse = input.abuse === 'none' && input.importance !== 'low' && !input.isSpam;
  return { needsResponse, authorities: ['none'], evidence: [{ step: 'route', value: 'none', matched: [], rule: 'stub' }] };
}
