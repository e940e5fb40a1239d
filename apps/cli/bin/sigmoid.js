#!/usr/bin/env node
// The `sigmoid` command. The TypeScript sources are compiled by the install command (npm ci runs `prepare`).
import { main } from '../dist/main.js';

process.exitCode = await main(process.argv);
