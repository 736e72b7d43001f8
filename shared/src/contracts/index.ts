// Every message contract on the bus.
export * from './codes';
export * from './evidence';
export * from './raw-post';
export * from './classified-post';
export * from './rejected-post';
export * from './incident';
export * from './incident-event';
export * from './sla-fact';
export * from './alert';
export * from './dead-letter';
export * from './topics';
