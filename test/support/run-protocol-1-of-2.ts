// Shard 1 of 2 of test/protocol/*.test.ts in one process (see ./shard.ts); `npm run test:protocol` runs both.
import { registerShard } from './shard';

registerShard('test/protocol', 1, 2);
