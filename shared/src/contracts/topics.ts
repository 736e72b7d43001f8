// The names of every topic on the bus, in one place.
export const Topics = {
  postsRaw: 'posts.raw',
  postsClassified: 'posts.classified',
  postsRejected: 'posts.rejected',
  incidents: 'incidents',
  incidentEvents: 'incident.events',
  alerts: 'alerts',
  deadLetter: 'dead-letter',
} as const;
export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Partitions per topic in the distributed runtime (docker-compose creates them). */
export const TopicPartitions: Record<TopicName, number> = {
  'posts.raw': 6,
  'posts.classified': 6,
  'posts.rejected': 3,
  incidents: 6,
  'incident.events': 6,
  alerts: 3,
  'dead-letter': 1,
};
