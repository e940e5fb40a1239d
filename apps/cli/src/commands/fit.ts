import type { Command } from 'commander';

/** Registers the `fit` commands (filled in by the package that owns them). */
export function registerFitCommands(_program: Command): void {}
