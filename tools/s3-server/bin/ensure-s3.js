#!/usr/bin/env node
// Makes sure the Versity S3 Gateway exists (building it into the git-ignored cache when missing) and prints its path.
// Used by .ci/run and `npm run s3:ensure`. Does nothing when S3_ENDPOINT points at a server.
import { findVersityGateway } from '../dist/index.js';

if (process.env.S3_ENDPOINT) {
  console.log(`S3_ENDPOINT=${process.env.S3_ENDPOINT}: using that server, no versitygw needed.`);
} else {
  try {
    console.log(await findVersityGateway());
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
