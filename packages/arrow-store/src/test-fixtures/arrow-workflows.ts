import { proxyActivities } from '@temporalio/workflow';
import type { Table } from 'apache-arrow';

const { makeTable, sumColumn } = proxyActivities<{
  makeTable(rows: number): Promise<Table>;
  sumColumn(table: Table, column: string): Promise<number>;
}>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });

/** Receives a Table from one activity and hands it to another: both directions through the sandbox. */
export async function tableRoundTrip(rows: number): Promise<{ numRows: number; sum: number }> {
  const table = await makeTable(rows);
  const sum = await sumColumn(table, 'x0');
  return { numRows: table.numRows, sum };
}
