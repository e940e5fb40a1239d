import type { Command } from 'commander';

/** Registers the `render` commands (filled in by the package that owns them). */
export function registerRenderCommands(_program: Command): void {}
