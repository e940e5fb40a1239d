// A minimal workflow for the foundation's integration test: one real activity call through the server.
import { proxyActivities } from '@temporalio/workflow';

interface EchoActivities {
  shout(text: string): Promise<string>;
}

const { shout } = proxyActivities<EchoActivities>({ startToCloseTimeout: '10 seconds', retry: { maximumAttempts: 3 } });

export async function echoWorkflow(text: string): Promise<string> {
  const loud = await shout(text);
  return `${loud} (via activity)`;
}
