import type { Command } from 'commander';

/** Registers the `datagen` commands (filled in by the package that owns them). */
export function registerDatagenCommands(_program: Command): void {}
