import type { Command } from 'commander';

/** Registers the `pipeline` commands (filled in by the package that owns them). */
export function registerPipelineCommands(_program: Command): void {}
