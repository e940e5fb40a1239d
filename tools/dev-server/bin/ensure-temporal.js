#!/usr/bin/env node
// Makes sure the Temporal CLI exists (building it into the git-ignored cache when missing) and prints its path.
// Used by .ci/run and `npm run temporal:ensure`. Does nothing when TEMPORAL_ADDRESS points at a server.
import { findTemporalCli } from '../dist/index.js';

if (process.env.TEMPORAL_ADDRESS) {
  console.log(`TEMPORAL_ADDRESS=${process.env.TEMPORAL_ADDRESS}: using that server, no CLI needed.`);
} else {
  try {
    console.log(await findTemporalCli());
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
