import type { Command } from 'commander';

/** Registers the `evaluate` commands (filled in by the package that owns them). */
export function registerEvaluateCommand(_program: Command): void {}
