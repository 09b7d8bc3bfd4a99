// Shard 1 of 2 of test/unit/*.test.ts in one process (see ./shard.ts); `npm run test:unit` runs both.
import { registerShard } from './shard';

registerShard('test/unit', 1, 2);
