// Placeholder replaced by the Kafka broker setup (issue 2): provides KAFKA_BROKERS to the tests.
export default async function setup(): Promise<void> {}
