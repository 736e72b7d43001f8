// An incident event for the watcher's tests; its id is derived from the incident, type and instant.
import { IncidentEvent, type IncidentEventType, type RegionCode } from '@cur/shared/contracts/index';

export const incidentEvent = (incidentId: string, type: IncidentEventType, at: string, extra: Partial<IncidentEvent> = {}, region: RegionCode = 'lipetsk'): IncidentEvent =>
  IncidentEvent.parse({ schemaVersion: 1, eventId: `${incidentId}:${type}:${at}`, incidentId, region, type, at, ...extra });
